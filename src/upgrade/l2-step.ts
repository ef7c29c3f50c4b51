// L2 announcements across the upgrade: the policy apiVersion the candidate serves, and IPv6
// neighbour discovery (NDP), which L2 announcements answer only from 1.19.

import { describeManifest } from "../checks/finding-location.ts";
import { readBoolean } from "../checks/helm-booleans.ts";
import { poolSpec } from "../lbipam/pool-blocks.ts";
import type { Manifest } from "../repo/infra-model.ts";
import { isRecord } from "../repo/yaml-documents.ts";
import type { UpgradeSides } from "./upgrade-facts.ts";
import type { UpgradeFinding } from "./upgrade-finding.ts";

export function l2Findings({ model, current, candidate }: UpgradeSides): UpgradeFinding[] {
  const findings: UpgradeFinding[] = [];
  const to = candidate.version.text;
  const wanted = candidate.compat.l2PolicyApiVersion.value;
  for (const policy of model.l2Policies) {
    if (policy.apiVersion === wanted) continue;
    findings.push({
      id: "upgrade-l2-policy-api-version",
      category: "l2-announcements",
      severity: "error",
      message: `${describeManifest(policy)} uses ${policy.apiVersion}, but chart ${to} serves CiliumL2AnnouncementPolicy only as ${wanted}: the apply fails. Write \`apiVersion: ${wanted}\`.`,
      file: policy.location.file,
      line: policy.lineOf(["apiVersion"]),
    });
  }
  const enabled = readBoolean(model, candidate.compat, "l2announcements.enabled").on;
  const ndpNow = current.compat.l2Ndp.value;
  const ndpNext = candidate.compat.l2Ndp.value;
  if (enabled && ndpNow !== ndpNext) {
    const ipv6Pools = model.pools.filter(hasIpv6Block);
    const pools = ipv6Pools.map(describeManifest).join(", ");
    const message = ndpNext
      ? ipv6Pools.length
        ? `From chart ${to} L2 announcements also answer IPv6 neighbour discovery (NDP). ${pools} has IPv6 ranges: their IPs become reachable on the LAN with this upgrade; check that the L2 policy's selectors and interfaces expose only what you intend.`
        : `From chart ${to} L2 announcements also answer IPv6 neighbour discovery (NDP). This repo's pools are IPv4 only, so nothing changes today; an IPv6 range added later would be announced too.`
      : `Chart ${to} answers only ARP (IPv4) for L2 announcements; ${current.version.text} also answered IPv6 neighbour discovery.${ipv6Pools.length ? ` The IPv6 IPs of ${pools} stop being reachable on the LAN.` : ""}`;
    findings.push({
      id: "upgrade-l2-ndp",
      category: "l2-announcements",
      severity: ndpNext || ipv6Pools.length === 0 ? "info" : "warning",
      message,
      ...(ipv6Pools[0]
        ? { file: ipv6Pools[0].location.file, line: ipv6Pools[0].lineOf(["spec"]) }
        : model.values.locate("l2announcements.enabled")),
    });
  }
  return findings;
}

/** A block whose cidr, start or stop is an IPv6 address. */
function hasIpv6Block(pool: Manifest): boolean {
  const spec = poolSpec(pool);
  const blocks = [spec.blocks, spec.cidrs].filter(Array.isArray).flat();
  return blocks.some(
    (block) =>
      isRecord(block) &&
      [block.cidr, block.start, block.stop].some((value) => typeof value === "string" && value.includes(":")),
  );
}
