// The pod's side of the network as Cilium's CNI plugin builds it (plugins/cilium-cni, veth mode;
// pkg/datapath/connector): a veth pair whose host end is `lxc<hash>` and whose other end becomes
// the sandbox's eth0 with the pod IP as /32, a route to the router IP (cilium_host) on the link and
// the default route via it. Cilium's BPF program on lxc answers the pod's ARP and delivers
// packets to it; without BPF the double pins both neighbour entries and routes the pod IP to its
// lxc device, so the node's kernel forwards to and from the pod.

import { createHash } from "node:crypto";
import { basename, dirname } from "node:path";
import type { CommandRunner } from "../datapath/command-runner.ts";

export interface PodInterface {
  hostIfName: string;
  hostMac: string;
  podMac: string;
}

/** pkg/endpoint: "lxc" + the first 12 hex digits of a hash of the endpoint's container ID. */
export function hostInterfaceName(containerId: string): string {
  return `lxc${createHash("sha256").update(containerId).digest("hex").slice(0, 12)}`;
}

function netnsName(netns: string): string {
  const dir = dirname(netns);
  if (dir !== "/var/run/netns" && dir !== "/run/netns") {
    throw new Error(`netns ${netns} is not a named network namespace (expected /var/run/netns/<name>)`);
  }
  return basename(netns);
}

export async function plumbPod(
  run: CommandRunner,
  pod: { containerId: string; netns: string; ifName: string; ip: string; routerIp: string },
): Promise<PodInterface> {
  const ns = netnsName(pod.netns);
  const host = hostInterfaceName(pod.containerId);
  const temp = `tmp${host.slice(3, 14)}`;
  await run("ip", ["link", "del", host]).catch(() => undefined);
  await run("ip", ["link", "add", host, "type", "veth", "peer", "name", temp]);
  try {
    await run("ip", ["link", "set", temp, "netns", ns]);
    await run("ip", ["-n", ns, "link", "set", temp, "name", pod.ifName]);
    await run("ip", ["-n", ns, "link", "set", "lo", "up"]);
    await run("ip", ["-n", ns, "addr", "add", `${pod.ip}/32`, "dev", pod.ifName]);
    await run("ip", ["-n", ns, "link", "set", pod.ifName, "up"]);
    await run("ip", ["link", "set", host, "up"]);
    const hostMac = await linkMac(run, [], host);
    const podMac = await linkMac(run, ["-n", ns], pod.ifName);
    await run("ip", ["-n", ns, "route", "replace", pod.routerIp, "dev", pod.ifName, "scope", "link"]);
    await run("ip", ["-n", ns, "route", "replace", "default", "via", pod.routerIp, "dev", pod.ifName]);
    await run("ip", [
      "-n",
      ns,
      "neigh",
      "replace",
      pod.routerIp,
      "lladdr",
      hostMac,
      "dev",
      pod.ifName,
      "nud",
      "permanent",
    ]);
    await run("ip", ["route", "replace", `${pod.ip}/32`, "dev", host, "scope", "link", "src", pod.routerIp]);
    await run("ip", ["neigh", "replace", pod.ip, "lladdr", podMac, "dev", host, "nud", "permanent"]);
    return { hostIfName: host, hostMac: hostMac, podMac };
  } catch (error) {
    await run("ip", ["link", "del", host]).catch(() => undefined);
    throw error;
  }
}

async function linkMac(run: CommandRunner, prefix: string[], dev: string): Promise<string> {
  const out = await run("ip", [...prefix, "-j", "link", "show", "dev", dev]);
  const links = JSON.parse(out) as { address?: string }[];
  const mac = links[0]?.address;
  if (!mac) throw new Error(`no MAC address for ${dev}`);
  return mac;
}

/** CNI DEL: removing the host end removes the pair and the pod's route with it. */
export async function unplumbPod(run: CommandRunner, containerId: string): Promise<void> {
  await run("ip", ["link", "del", hostInterfaceName(containerId)]).catch(() => undefined);
}
