// Frontend addresses (cluster IPs, LoadBalancer IPs, external IPs) as local addresses of every
// node, so the service proxy can bind them and the kernel delivers packets sent to them — what
// the BPF service map does on every node. They sit on `lo` as /32 with scope host, so the kernel
// never picks one as the source of its own traffic, and carry the label lo:cilium_svc to tell
// them from anything else on lo. ARP for them is the L2 responder's business (arp-responder-rules.ts).

import type { CommandRunner } from "../datapath/command-runner.ts";

export const FRONTEND_ADDRESS_LABEL = "lo:cilium_svc";

interface IpAddrJson {
  addr_info?: { family?: string; local?: string; prefixlen?: number; label?: string }[];
}

export async function currentFrontendAddresses(run: CommandRunner): Promise<string[]> {
  const links = JSON.parse(await run("ip", ["-j", "-4", "addr", "show", "dev", "lo"])) as IpAddrJson[];
  return links
    .flatMap((link) => link.addr_info ?? [])
    .filter((a) => a.label === FRONTEND_ADDRESS_LABEL && a.prefixlen === 32 && a.local)
    .map((a) => a.local!);
}

export async function syncFrontendAddresses(run: CommandRunner, wanted: readonly string[]): Promise<void> {
  const current = new Set(await currentFrontendAddresses(run));
  const target = new Set(wanted);
  for (const ip of current) {
    if (!target.has(ip)) await run("ip", ["addr", "del", `${ip}/32`, "dev", "lo"]).catch(() => undefined);
  }
  for (const ip of target) {
    if (current.has(ip)) continue;
    await run("ip", [
      "addr",
      "add",
      `${ip}/32`,
      "dev",
      "lo",
      "scope",
      "host",
      "label",
      FRONTEND_ADDRESS_LABEL,
    ]);
  }
}
