// A pool that contains the API server's address (k8sServiceHost, when it is an IP) or an address
// the repo says a node has (`lan.nodes` in .cilium-conformance.yaml). LB-IPAM hands out every
// address of a block (start/stop ranges in full; cidr blocks as allocatableRange says), so a
// Service can be given that address: the L2-announcing node then answers ARP for it, and the
// API server or the node becomes unreachable on the LAN.
import { allocatableRange, formatRange, readPoolBlocks } from "../../lbipam/pool-blocks.ts";
import { type IpAddress, parseIp } from "../../net/ip-address.ts";
import { formatIpValue } from "../../net/ip-range.ts";
import type { InfraModel, SourceLocation, YamlPath } from "../../repo/infra-model.ts";
import { chartFacts } from "../chart-facts.ts";
import type { DocumentedRule } from "../documented-rule.ts";
import type { Finding } from "../finding.ts";
import { atManifest, describeManifest } from "../finding-location.ts";

interface KnownAddress {
  id: "pool-includes-api-server-address" | "pool-includes-node-address";
  ip: IpAddress;
  text: string;
  what: string;
  where: SourceLocation;
}

function knownAddresses(model: InfraModel): KnownAddress[] {
  const known: KnownAddress[] = [];
  const host = model.values.get("k8sServiceHost");
  const hostIp = typeof host === "string" ? parseIp(host) : undefined;
  if (hostIp) {
    known.push({
      id: "pool-includes-api-server-address",
      ip: hostIp,
      text: host as string,
      what: "the API server's address (k8sServiceHost)",
      where: model.values.locate("k8sServiceHost"),
    });
  }
  for (const node of model.config.lan.nodes ?? []) {
    const ip = parseIp(node.value);
    if (!ip || (hostIp && ip.family === hostIp.family && ip.value === hostIp.value)) continue;
    known.push({
      id: "pool-includes-node-address",
      ip,
      text: node.value,
      what: "a node's address (lan.nodes)",
      where: node.location,
    });
  }
  return known;
}

export const poolNodeAddresses: DocumentedRule = {
  id: "pool-node-addresses",
  title:
    "Pools hand out neither the API server's address (`k8sServiceHost`) nor the nodes' own addresses (`lan.nodes`)",
  severities: ["error"],
  why: "LB-IPAM hands out every address of a block: a Service given the API server's or a node's address is announced over ARP by another node, and the API server or that node drops off the LAN.",
  emits: ["pool-includes-api-server-address", "pool-includes-node-address"],
  check(model) {
    const facts = chartFacts(model);
    if (!facts) return [];
    const known = knownAddresses(model);
    if (known.length === 0) return [];
    const findings: Finding[] = [];
    for (const pool of model.pools) {
      for (const block of readPoolBlocks(pool, facts.compat).blocks) {
        const usable = allocatableRange(block, facts.compat);
        if (!usable) continue;
        for (const address of known) {
          if (address.ip.family !== usable.family) continue;
          if (address.ip.value < usable.first || address.ip.value > usable.last) continue;
          const path: YamlPath = block.kind === "cidr" ? [...block.path, "cidr"] : [...block.path, "start"];
          const before =
            address.ip.value > usable.first
              ? `${formatIpValue(usable.family, usable.first)}–${formatIpValue(usable.family, address.ip.value - 1n)}`
              : undefined;
          const after =
            address.ip.value < usable.last
              ? `${formatIpValue(usable.family, address.ip.value + 1n)}–${formatIpValue(usable.family, usable.last)}`
              : undefined;
          const split = [before, after].filter(Boolean).join(" and ");
          findings.push({
            id: address.id,
            severity: "error",
            message: `${describeManifest(pool)}: block ${formatRange(block.range)} includes ${address.text}, ${address.what} (${address.where.file}:${address.where.line}). LB-IPAM hands out every address of the block, so a Service can get ${address.text}: another node then answers ARP for it and ${address.id === "pool-includes-api-server-address" ? "the API server drops off the LAN (and the agents, which reach it there without kube-proxy, lose it too)" : "that node drops off the LAN"}. Fix: keep ${address.text} out of the pool${split ? ` (e.g. blocks ${split})` : ""}.`,
            ...atManifest(pool, path),
          });
        }
      }
    }
    return findings;
  },
};
