// Go's net/netip as Cilium's operator uses it: ParseAddr (strict: no IPv4 leading zeros, no
// zones), ParsePrefix, Masked, Next/Prev, Compare, BitLen, and String (RFC 5952 for IPv6, the
// longest run of zero groups compressed). Addresses are bigints so ranges are plain arithmetic.

export interface Addr {
  /** 32 or 128, netip.Addr.BitLen(). */
  bits: 32 | 128;
  value: bigint;
}

export function parseAddr(text: string): Addr | undefined {
  if (text.includes(":")) return parseV6(text);
  return parseV4(text);
}

function parseV4(text: string): Addr | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || (part.length > 1 && part.startsWith("0"))) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = (value << 8n) | BigInt(octet);
  }
  return { bits: 32, value };
}

function parseV6(text: string): Addr | undefined {
  if (text.includes("%")) return undefined;
  let head = text;
  let v4Tail: Addr | undefined;
  const lastColon = text.lastIndexOf(":");
  if (text.slice(lastColon + 1).includes(".")) {
    v4Tail = parseV4(text.slice(lastColon + 1));
    if (!v4Tail) return undefined;
    head = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = head.split("::");
  if (halves.length > 2) return undefined;
  const groups = (part: string): number[] | undefined => {
    if (part === "") return [];
    const out: number[] = [];
    for (const group of part.split(":")) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return undefined;
      out.push(Number.parseInt(group, 16));
    }
    return out;
  };
  const left = groups(halves[0] ?? "");
  const right = halves.length === 2 ? groups(halves[1] ?? "") : [];
  if (!left || !right) return undefined;
  const missing = 8 - left.length - right.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const all = [...left, ...new Array<number>(halves.length === 2 ? missing : 0).fill(0), ...right];
  let value = all.reduce((acc, group) => (acc << 16n) | BigInt(group), 0n);
  if (v4Tail) value = (value & ~0xffffffffn) | v4Tail.value;
  return { bits: 128, value };
}

export function formatAddr(addr: Addr): string {
  if (addr.bits === 32) {
    return [24n, 16n, 8n, 0n].map((shift) => String((addr.value >> shift) & 0xffn)).join(".");
  }
  const groups: number[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) groups.push(Number((addr.value >> shift) & 0xffffn));
  // Longest run of at least two zero groups (the first one on a tie) becomes "::".
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength && j - i >= 2) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((group) => group.toString(16));
  if (bestStart < 0) return hex.join(":");
  return `${hex.slice(0, bestStart).join(":")}::${hex.slice(bestStart + bestLength).join(":")}`;
}

export interface Prefix {
  addr: Addr;
  length: number;
}

export function parsePrefix(text: string): Prefix | undefined {
  const slash = text.lastIndexOf("/");
  if (slash < 0) return undefined;
  const addr = parseAddr(text.slice(0, slash));
  const lengthText = text.slice(slash + 1);
  if (!addr || !/^\d+$/.test(lengthText) || (lengthText.length > 1 && lengthText.startsWith("0")))
    return undefined;
  const length = Number(lengthText);
  if (length > addr.bits) return undefined;
  return { addr, length };
}

/** The first and last address of the prefix with host bits cleared (netip.Prefix.Masked + netipx.PrefixLastIP). */
export function prefixRange(prefix: Prefix): { from: Addr; to: Addr } {
  const hostBits = BigInt(prefix.addr.bits - prefix.length);
  const hostMask = (1n << hostBits) - 1n;
  const from = prefix.addr.value & ~hostMask & maxValue(prefix.addr.bits);
  return {
    from: { bits: prefix.addr.bits, value: from },
    to: { bits: prefix.addr.bits, value: from | hostMask },
  };
}

function maxValue(bits: 32 | 128): bigint {
  return (1n << BigInt(bits)) - 1n;
}

export function compareAddr(a: Addr, b: Addr): number {
  if (a.bits !== b.bits) return a.bits < b.bits ? -1 : 1;
  return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
}

export function nextAddr(addr: Addr): Addr {
  return { bits: addr.bits, value: addr.value === maxValue(addr.bits) ? 0n : addr.value + 1n };
}

export function prevAddr(addr: Addr): Addr {
  return { bits: addr.bits, value: addr.value === 0n ? maxValue(addr.bits) : addr.value - 1n };
}

export function sameAddr(a: Addr, b: Addr): boolean {
  return a.bits === b.bits && a.value === b.value;
}
