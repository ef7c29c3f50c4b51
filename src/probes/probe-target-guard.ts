// Where the runner's own HTTP probes may send packets: only to addresses inside the networks the
// run created (the LAN docker network). An LB address outside it (LB-IPAM handing out an address
// past its pool, a pool on another subnet) is not on any link of this machine, so a request would
// leave through the host's default route, to whatever network that is — never acceptable from a
// test harness, and a finding in itself: LAN clients could not reach that address either. The
// guard is checked before any socket opens (http-probe.ts), and before a convergence wait starts
// (http-converge.ts), so the case fails at once, with the reason, instead of retrying.

import { ConformanceFailedError } from "../errors.ts";
import { parseIp } from "../net/ip-address.ts";
import { parseCidr, rangeIncludes } from "../net/ip-range.ts";

/** The CIDRs a probe may reach, read when a request is made (the run's LAN is known only then). */
export type ProbeNetworks = () => readonly string[];

/** Undefined when `url`'s host is an address inside one of `networks`; else why it is refused. */
export function outsideProbeNetworks(url: URL, networks: readonly string[]): string | undefined {
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  const where = networks.length > 0 ? networks.join(", ") : "no network";
  const address = parseIp(host);
  if (!address) {
    return `${host} is a name, not an address: the runner probes only addresses inside the run's LAN (${where}), never a name that could resolve elsewhere`;
  }
  const inside = networks.some((network) => {
    const cidr = parseCidr(network);
    return cidr !== undefined && rangeIncludes(cidr, address);
  });
  if (inside) return undefined;
  return `${host} is outside the run's LAN (${where}), so it was not probed: no link of this machine reaches it, and a request would leave through the host's default route. LAN clients could not reach ${host} either.`;
}

/** Throws a conformance failure for a target outside the probe's networks. */
export function assertInsideProbeNetworks(url: URL, networks: ProbeNetworks | undefined): void {
  if (!networks) return;
  const refused = outsideProbeNetworks(url, networks());
  if (refused) throw new ConformanceFailedError(refused);
}
