// IPAM of the node's pod CIDR as the agent's host-scope allocator does it (pkg/ipam/hostscope.go
// over k8s' bitmap allocator, pkg/ipam/service/allocator/bitmap.go): every address but the
// network and broadcast ones, the next free address picked from a random offset, each allocation
// remembered with its owner (shown by `cilium-dbg status --all-addresses`). The first
// allocation is the router IP of cilium_host (owner "router").

export class IpamError extends Error {
  override readonly name = "IpamError";
}

export function parseCidr(cidr: string): { base: number; bits: number } {
  const [ip = "", bitsText = ""] = cidr.split("/");
  const parts = ip.split(".").map(Number);
  const bits = Number(bitsText);
  if (
    parts.length !== 4 ||
    parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255) ||
    !Number.isInteger(bits) ||
    bits < 0 ||
    bits > 32
  ) {
    throw new IpamError(`invalid CIDR ${JSON.stringify(cidr)}`);
  }
  const value = ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return { base: (value & mask) >>> 0, bits };
}

export function ipToString(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join(".");
}

export function ipToInt(ip: string): number | undefined {
  const parts = ip.split(".").map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return undefined;
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
}

export function cidrContains(cidr: string, ip: string): boolean {
  const { base, bits } = parseCidr(cidr);
  const value = ipToInt(ip);
  if (value === undefined) return false;
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return (value & mask) >>> 0 === base;
}

export class HostScopeAllocator {
  readonly cidr: string;
  private readonly first: number;
  private readonly size: number;
  private readonly owners = new Map<number, string>();
  private readonly random: () => number;

  constructor(cidr: string, random: () => number = Math.random) {
    const { base, bits } = parseCidr(cidr);
    if (bits > 30) throw new IpamError(`pod CIDR ${cidr} is too small`);
    this.cidr = `${ipToString(base)}/${bits}`;
    this.first = base + 1;
    this.size = 2 ** (32 - bits) - 2;
    this.random = random;
  }

  /** "5/254 allocated from 10.244.1.0/24" (hostScopeAllocator.Dump). */
  status(): string {
    return `${this.owners.size}/${this.size} allocated from ${this.cidr}`;
  }

  allocations(): Record<string, string> {
    return Object.fromEntries([...this.owners].map(([ip, owner]) => [ipToString(ip), owner]));
  }

  allocateNext(owner: string): string {
    if (this.owners.size >= this.size) throw new IpamError(`range is full (${this.cidr})`);
    const offset = Math.floor(this.random() * this.size);
    for (let i = 0; i < this.size; i += 1) {
      const candidate = this.first + ((offset + i) % this.size);
      if (!this.owners.has(candidate)) {
        this.owners.set(candidate, owner);
        return ipToString(candidate);
      }
    }
    throw new IpamError(`range is full (${this.cidr})`);
  }

  /** Re-takes an address after a restart; refuses one outside the CIDR or already taken. */
  allocate(ip: string, owner: string): void {
    const value = ipToInt(ip);
    if (value === undefined || value < this.first || value >= this.first + this.size) {
      throw new IpamError(`IP ${ip} is not in the range ${this.cidr}`);
    }
    const existing = this.owners.get(value);
    if (existing !== undefined && existing !== owner)
      throw new IpamError(`IP ${ip} is already allocated to ${existing}`);
    this.owners.set(value, owner);
  }

  release(ip: string): void {
    const value = ipToInt(ip);
    if (value !== undefined) this.owners.delete(value);
  }
}
