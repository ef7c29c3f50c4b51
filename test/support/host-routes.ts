// The runner's IPv4 routes (Linux /proc/net/route), for the network rule: a test network's subnet
// must not be one the host already routes elsewhere. Docker checks a requested --subnet only
// against its own networks, never against the host's routes: a host on a real 10.213.N.0/24 LAN
// (or with a VPN route to a /24 or narrower inside it) would get a second route for the same
// addresses, and packets the runner sends there (HTTP tests) could leave on the real interface.

import { endianness } from "node:os";

export interface HostRoute {
  iface: string;
  /** Network address as an unsigned 32-bit number. */
  network: number;
  prefix: number;
}

export interface Ipv4Subnet {
  network: number;
  prefix: number;
}

/** Reads /proc/net/route text. The kernel prints the addresses in host byte order. */
export function parseProcNetRoute(text: string, littleEndian = endianness() === "LE"): HostRoute[] {
  const routes: HostRoute[] = [];
  for (const line of text.split("\n").slice(1)) {
    const fields = line.trim().split(/\s+/);
    const [iface, destination, , , , , , mask] = fields;
    const hex = /^[0-9A-Fa-f]{8}$/;
    if (!iface || !destination || !mask || !hex.test(destination) || !hex.test(mask)) continue;
    const network = fromHex(destination, littleEndian);
    routes.push({ iface, network, prefix: prefixOf(fromHex(mask, littleEndian)) });
  }
  return routes;
}

/** `10.213.7.0/24` → {network, prefix}; undefined when it is not an IPv4 CIDR. */
export function parseSubnet(cidr: string): Ipv4Subnet | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((octet) => octet > 255) || prefix > 32) return undefined;
  const network = octets.reduce((value, octet) => value * 256 + octet, 0);
  return { network: (network & maskOf(prefix)) >>> 0, prefix };
}

/**
 * Routes that would win over (narrower) or tie with (same prefix) the connected route of a bridge
 * on `subnet`. Wider routes (a default route, a 10.0.0.0/8 VPN) lose to the bridge's /24 by
 * longest-prefix match and are no danger.
 */
export function competingRoutes(routes: readonly HostRoute[], subnet: Ipv4Subnet): HostRoute[] {
  return routes.filter((route) => route.prefix >= subnet.prefix && overlaps(route, subnet));
}

/**
 * After the network exists: its bridge holds the only route of `subnet` or narrower, so the
 * runner's packets to the subnet go into that bridge and nowhere else.
 */
export function routedOnlyVia(routes: readonly HostRoute[], subnet: Ipv4Subnet, iface: string): boolean {
  const competing = competingRoutes(routes, subnet);
  return (
    competing.some((route) => route.iface === iface && route.prefix === subnet.prefix) &&
    competing.every((route) => route.iface === iface)
  );
}

export function formatRoute(route: HostRoute): string {
  const octets = [24, 16, 8, 0].map((shift) => (route.network >>> shift) & 255);
  return `${octets.join(".")}/${route.prefix} dev ${route.iface}`;
}

function overlaps(a: Ipv4Subnet, b: Ipv4Subnet): boolean {
  const mask = maskOf(Math.min(a.prefix, b.prefix));
  return (a.network & mask) >>> 0 === (b.network & mask) >>> 0;
}

function maskOf(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

function fromHex(hex: string, littleEndian: boolean): number {
  const value = Number.parseInt(hex, 16) >>> 0;
  if (!littleEndian) return value;
  return (
    (((value & 0xff) << 24) |
      (((value >>> 8) & 0xff) << 16) |
      (((value >>> 16) & 0xff) << 8) |
      (value >>> 24)) >>>
    0
  );
}

function prefixOf(mask: number): number {
  let prefix = 0;
  for (let bit = 31; bit >= 0 && ((mask >>> bit) & 1) === 1; bit -= 1) prefix += 1;
  return prefix;
}
