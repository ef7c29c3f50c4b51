import { bitsOf, formatIp, type IpAddress, type IpFamily, parseIp } from "./ip-address.ts";

/** An inclusive range of addresses of one family. */
export interface IpRange {
  family: IpFamily;
  first: bigint;
  last: bigint;
}

export interface Cidr extends IpRange {
  prefix: number;
  text: string;
}

/** Parses `a.b.c.d/n` (or IPv6). Host bits set (192.168.5.7/24) is invalid, as Cilium's parser says. */
export function parseCidr(text: string): Cidr | undefined {
  const parsed = parsePrefixMasked(text);
  if (!parsed || parsed.hostBitsSet) return undefined;
  return { ...parsed.cidr, text: text.trim() };
}

export function rangeOf(start: IpAddress, stop: IpAddress): IpRange | undefined {
  if (start.family !== stop.family || start.value > stop.value) return undefined;
  return { family: start.family, first: start.value, last: stop.value };
}

export function rangeSize(range: IpRange): bigint {
  return range.last - range.first + 1n;
}

export function rangesOverlap(a: IpRange, b: IpRange): boolean {
  return a.family === b.family && a.first <= b.last && b.first <= a.last;
}

export function rangeContains(outer: IpRange, inner: IpRange): boolean {
  return outer.family === inner.family && outer.first <= inner.first && inner.last <= outer.last;
}

export function rangeIncludes(range: IpRange, address: IpAddress): boolean {
  return range.family === address.family && range.first <= address.value && address.value <= range.last;
}

/** The smallest CIDR of `prefix` bits that holds `address` (e.g. the /24 around a pool). */
export function enclosingCidr(address: IpAddress, prefix: number): Cidr {
  const bits = bitsOf(address.family);
  const hostMask = (1n << (bits - BigInt(prefix))) - 1n;
  const first = address.value & ~hostMask;
  const cidr: Cidr = { family: address.family, first, last: first | hostMask, prefix, text: "" };
  return { ...cidr, text: `${formatIpValue(address.family, first)}/${prefix}` };
}

export function formatIpValue(family: IpFamily, value: bigint): string {
  return formatIp({ family, value });
}

/**
 * Parses a prefix the way Go's netip.ParsePrefix + Masked() do (Cilium's LB-IPAM): host bits are
 * allowed and cleared, so `192.168.5.7/24` means all of 192.168.5.0/24. `hostBitsSet` says so.
 */
export function parsePrefixMasked(text: string): { cidr: Cidr; hostBitsSet: boolean } | undefined {
  const [addressText, prefixText, extra] = text.trim().split("/");
  if (addressText === undefined || prefixText === undefined || extra !== undefined) return undefined;
  if (!/^\d{1,3}$/.test(prefixText)) return undefined;
  const address = parseIp(addressText);
  if (!address) return undefined;
  const prefix = Number(prefixText);
  if (BigInt(prefix) > bitsOf(address.family)) return undefined;
  const cidr = enclosingCidr(address, prefix);
  return { cidr, hostBitsSet: cidr.first !== address.value };
}

/** The addresses two ranges share, or undefined when they are disjoint or of different families. */
export function rangeIntersection(a: IpRange, b: IpRange): IpRange | undefined {
  if (!rangesOverlap(a, b)) return undefined;
  // Math.min/max do not take bigints.
  let first = a.first;
  if (b.first > first) first = b.first;
  let last = a.last;
  if (b.last < last) last = b.last;
  return { family: a.family, first, last };
}
