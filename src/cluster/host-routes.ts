// Safety before `docker network create`: the runner must not already sit on the LAN being
// mirrored. Docker checks an explicit --subnet only against its own networks, never against host
// routes (moby #21141, #46615), so on a self-hosted runner inside the homelab LAN the bridge would
// take the LAN's subnet and gateway address and cut the runner off from its own network.

import { readFile } from "node:fs/promises";
import { EnvironmentError } from "../errors.ts";
import { type Cidr, formatIpValue, parseCidr, rangesOverlap } from "../net/ip-range.ts";
import type { LanPlan } from "../plan/run-plan.ts";

export interface HostRoute {
  iface: string;
  /** Destination as a CIDR, e.g. 192.168.5.0/24. */
  destination: string;
}

/** IPv4 routes from /proc/net/route (hex fields in host byte order: little-endian on amd64/arm64). */
export function parseProcNetRoute(text: string): HostRoute[] {
  const routes: HostRoute[] = [];
  for (const line of text.split("\n").slice(1)) {
    const [iface, destination, , , , , , mask] = line.trim().split(/\s+/);
    if (!iface || !destination || !mask || !HEX32.test(destination) || !HEX32.test(mask)) continue;
    const address = littleEndianHex(destination);
    const prefix = prefixOf(littleEndianHex(mask));
    if (prefix === undefined) continue;
    routes.push({ iface, destination: `${formatIpValue(4, address)}/${prefix}` });
  }
  return routes;
}

const HEX32 = /^[0-9A-F]{8}$/i;

/** The prefix length of a contiguous netmask, undefined for a non-contiguous one. */
function prefixOf(mask: bigint): number | undefined {
  const bits = mask.toString(2).padStart(32, "0");
  if (!/^1*0*$/.test(bits)) return undefined;
  const firstZero = bits.indexOf("0");
  return firstZero === -1 ? 32 : firstZero;
}

function littleEndianHex(hex: string): bigint {
  const bytes = hex.match(/../g) ?? [];
  return BigInt(`0x${bytes.reverse().join("")}`);
}

// Docker's own bridges: an overlap there is docker's to refuse ("Pool overlaps"), and a retried
// run's own network shows up as one of them.
const DOCKER_BRIDGE = /^(docker0|br-[0-9a-f]{12})$/;

/** Non-docker routes (other than the default route) that reach into the LAN subnet. */
export function hostRoutesIntoLan(routes: readonly HostRoute[], lanSubnet: string): HostRoute[] {
  const lan = parseCidr(lanSubnet);
  if (!lan) return [];
  return routes.filter((route) => {
    const destination = parseCidr(route.destination) as Cidr | undefined;
    return (
      destination !== undefined &&
      destination.prefix > 0 &&
      !DOCKER_BRIDGE.test(route.iface) &&
      rangesOverlap(lan, destination)
    );
  });
}

export async function readProcNetRoute(): Promise<string | undefined> {
  return readFile("/proc/net/route", "utf8").catch(() => undefined);
}

export async function checkHostRoutes(
  lan: LanPlan,
  readRoutes: () => Promise<string | undefined>,
): Promise<void> {
  const text = await readRoutes();
  if (text === undefined) return;
  const clashes = hostRoutesIntoLan(parseProcNetRoute(text), lan.subnet);
  if (clashes.length === 0) return;
  throw new EnvironmentError(
    "CC_ENV_NETWORK_CONFLICT",
    `this machine already reaches ${lan.subnet} through ${clashes.map((route) => `${route.iface} (${route.destination})`).join(", ")}: ` +
      `a docker bridge with that subnet and gateway ${lan.gateway} would cut it off from that network`,
    {
      hint: "run on a machine outside the LAN being mirrored (e.g. a hosted CI runner), or declare another lan.cidr in .cilium-conformance.yaml",
    },
  );
}
