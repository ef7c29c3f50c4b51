// A pod sandbox on the node: a network namespace named as containerd names them (`cni-<id>`),
// loopback up, and the pod's /etc/resolv.conf and /etc/hosts under /etc/netns/<name>/ — which
// `ip netns exec` binds over /etc for every process started in it (iproute2 ip-netns(8)), the way
// the kubelet mounts them into a pod's containers. Network plumbing is the CNI's (contract 3).

import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { NODE_PATHS } from "../node-paths.ts";
import { runNodeCommand } from "./run-command.ts";

export interface PodDns {
  nameservers: string[];
  searches: string[];
  options: string[];
}

/** kubelet's DNS for dnsPolicy ClusterFirst (pkg/kubelet/network/dns/dns.go): cluster DNS, ndots:5. */
export function clusterFirstDns(namespace: string, clusterDNS: string, domain: string): PodDns {
  return {
    nameservers: [clusterDNS],
    searches: [`${namespace}.svc.${domain}`, `svc.${domain}`, domain],
    options: ["ndots:5"],
  };
}

export function resolvConf(dns: PodDns): string {
  const lines = [
    ...(dns.searches.length > 0 ? [`search ${dns.searches.join(" ")}`] : []),
    ...dns.nameservers.map((server) => `nameserver ${server}`),
    ...(dns.options.length > 0 ? [`options ${dns.options.join(" ")}`] : []),
  ];
  return `${lines.join("\n")}\n`;
}

/** kubelet's managed /etc/hosts (pkg/kubelet/kubelet_pods.go managedHostsFileContent). */
export function hostsFile(podIP: string, hostname: string): string {
  return [
    "# Kubernetes-managed hosts file.",
    "127.0.0.1\tlocalhost",
    "::1\tlocalhost ip6-localhost ip6-loopback",
    "fe00::0\tip6-localnet",
    "fe00::0\tip6-mcastprefix",
    "fe00::1\tip6-allnodes",
    "fe00::2\tip6-allrouters",
    `${podIP}\t${hostname}`,
    "",
  ].join("\n");
}

export function sandboxName(podUid: string): string {
  return `cni-${podUid}`;
}

export async function createNetns(name: string): Promise<void> {
  await mkdir(NODE_PATHS.netnsDir, { recursive: true });
  try {
    await runNodeCommand(["ip", "netns", "add", name]);
  } catch (error) {
    if (!/File exists/.test((error as Error).message)) throw error;
  }
  await runNodeCommand(["ip", "-n", name, "link", "set", "lo", "up"]);
}

export async function writeNetnsFiles(
  name: string,
  files: { resolvConf: string; hosts: string },
): Promise<void> {
  const dir = join(NODE_PATHS.netnsEtcDir, name);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "resolv.conf"), files.resolvConf);
  await writeFile(join(dir, "hosts"), files.hosts);
}

export async function removeNetns(name: string): Promise<void> {
  await runNodeCommand(["ip", "netns", "del", name]).catch((error: unknown) => {
    if (!/No such file|Cannot remove/.test((error as Error).message)) throw error;
  });
  await rm(join(NODE_PATHS.netnsEtcDir, name), { recursive: true, force: true });
}
