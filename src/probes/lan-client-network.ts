// The docker network a probe runs on, and the rule that keeps probes on it: the target address
// must lie inside that network's subnet (on-link for the LAN client, and never anybody else's).

import { UsageError } from "../errors.ts";
import { formatIp, type IpAddress, parseIp } from "../net/ip-address.ts";
import { type Cidr, formatIpValue, parseCidr, rangeIncludes } from "../net/ip-range.ts";
import type { DockerCli } from "../tools/docker.ts";

export interface ProbeNetwork {
  name: string;
  subnet: Cidr;
}

/** Looks the network up; an unknown name or a network without an IPv4 subnet is bad input (exit 2). */
export async function probeNetwork(docker: DockerCli, name: string): Promise<ProbeNetwork> {
  const network = await docker.networkInspect(name);
  if (network === undefined) {
    throw new UsageError(`docker network "${name}" does not exist`, {
      hint: "pass --network with a network from `docker network ls` (the run's LAN network is cc-lan-<run-id>)",
    });
  }
  const subnet = network.subnet === undefined ? undefined : parseCidr(network.subnet);
  if (subnet === undefined || subnet.family !== 4) {
    throw new UsageError(`docker network "${name}" has no IPv4 subnet (ARP is IPv4 only)`, {
      hint: "use a bridge network created with --subnet, like the run's LAN network",
    });
  }
  return { name, subnet };
}

/** Parses the target and checks it is a host address of the network's subnet. */
export function targetOnNetwork(ipText: string, network: ProbeNetwork): IpAddress {
  const ip = parseIp(ipText);
  if (ip === undefined || ip.family !== 4) {
    throw new UsageError(`"${ipText}" is not an IPv4 address (ARP is IPv4 only)`, {
      hint: "e.g. `probe arp 192.168.5.30 --network cc-lan-<run-id>`",
    });
  }
  const { subnet } = network;
  if (!rangeIncludes(subnet, ip)) {
    throw new UsageError(
      `${formatIp(ip)} is outside docker network "${network.name}" (${subnet.text}): ARP only reaches addresses on the LAN client's own link`,
      {
        hint: `probe an address from ${formatIpValue(4, subnet.first + 1n)} to ${formatIpValue(4, subnet.last - 1n)}, or pick the network that holds ${formatIp(ip)}`,
      },
    );
  }
  if (subnet.prefix < 31 && (ip.value === subnet.first || ip.value === subnet.last)) {
    throw new UsageError(
      `${formatIp(ip)} is the network or broadcast address of ${subnet.text}, which no host holds`,
    );
  }
  return ip;
}
