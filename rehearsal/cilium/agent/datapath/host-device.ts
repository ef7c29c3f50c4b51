// cilium_host / cilium_net (pkg/datapath/loader, pkg/datapath/linux/node.go): the veth pair the
// agent creates on every node, the router IP (the first address IPAM hands out, kept across
// restarts) on cilium_host, and the route of the node's own pod CIDR through it. Pods default-route
// to the router IP.

import { cidrContains } from "../ipam/host-scope-allocator.ts";
import type { CommandRunner } from "./command-runner.ts";

interface AddrJson {
  addr_info?: { family?: string; local?: string }[];
}

/** The router IP cilium_host already carries inside the pod CIDR (a restarted agent). */
export async function existingRouterIp(run: CommandRunner, podCidr: string): Promise<string | undefined> {
  try {
    const links = JSON.parse(
      await run("ip", ["-j", "-4", "addr", "show", "dev", "cilium_host"]),
    ) as AddrJson[];
    return links.flatMap((l) => l.addr_info ?? []).find((a) => a.local && cidrContains(podCidr, a.local))
      ?.local;
  } catch {
    return undefined;
  }
}

export async function setupHostDevice(run: CommandRunner, routerIp: string, podCidr: string): Promise<void> {
  const exists = await run("ip", ["link", "show", "dev", "cilium_host"]).then(
    () => true,
    () => false,
  );
  if (!exists) await run("ip", ["link", "add", "cilium_host", "type", "veth", "peer", "name", "cilium_net"]);
  await run("ip", ["link", "set", "cilium_host", "up"]);
  await run("ip", ["link", "set", "cilium_net", "up"]);
  await run("ip", ["addr", "replace", `${routerIp}/32`, "dev", "cilium_host", "scope", "link"]);
  await run("ip", ["route", "replace", podCidr, "dev", "cilium_host", "src", routerIp]);
}
