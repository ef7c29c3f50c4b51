// CiliumLoadBalancerIPPool across the upgrade: apiVersions served or deprecated by the candidate,
// the 1.15-only `spec.cidrs`, and the first/last address default that changed in 1.16.

import { describeManifest } from "../checks/finding-location.ts";
import { poolSpec } from "../lbipam/pool-blocks.ts";
import type { Manifest } from "../repo/infra-model.ts";
import type { UpgradeSides } from "./upgrade-facts.ts";
import type { UpgradeFinding } from "./upgrade-finding.ts";

export function poolApiFindings({ model, current, candidate }: UpgradeSides): UpgradeFinding[] {
  const findings: UpgradeFinding[] = [];
  const served = candidate.compat.poolApiVersions.value;
  const servedNow = current.compat.poolApiVersions.value;
  const deprecated = candidate.compat.poolApiVersionsDeprecated.value;
  const preferred = served[0] ?? "";
  const to = candidate.version.text;
  for (const pool of model.pools) {
    const at = { file: pool.location.file, line: pool.lineOf(["apiVersion"]) };
    const base = { id: "upgrade-pool-api-version", category: "pool-api" as const, ...at };
    const name = describeManifest(pool);
    if (!served.includes(pool.apiVersion)) {
      findings.push({
        ...base,
        severity: "error",
        message: `${name} uses ${pool.apiVersion}, which chart ${to} does not serve (it serves ${served.join(", ")}): Flux's apply fails with "no matches for kind" and the pool stops reconciling. Write \`apiVersion: ${preferred}\`${servedNow.includes(preferred) ? " before the upgrade" : " in the same change as the upgrade"}.`,
      });
    } else if (deprecated.includes(pool.apiVersion)) {
      findings.push({
        ...base,
        severity: "warning",
        message: `${name} uses ${pool.apiVersion}, still served by chart ${to} but deprecated there. Move to \`apiVersion: ${preferred}\` (same spec)${servedNow.includes(preferred) ? "; the current version serves it already, so this can go first" : " once the upgrade is done"}.`,
      });
    } else if (pool.apiVersion !== preferred && !servedNow.includes(preferred)) {
      findings.push({
        ...base,
        severity: "info",
        message: `${name}: chart ${to} newly serves ${preferred}; ${pool.apiVersion} keeps working. Switch to \`apiVersion: ${preferred}\` after the upgrade (not before: ${current.version.text} does not serve it).`,
      });
    }
    findings.push(...cidrsField(pool, candidate.compat.poolCidrsField.value, to));
    if (
      !current.compat.firstLastIpsAllocatedByDefault.value &&
      candidate.compat.firstLastIpsAllocatedByDefault.value
    ) {
      findings.push(...firstLastDefault(pool, to));
    }
  }
  return findings;
}

function cidrsField(pool: Manifest, allowed: boolean, to: string): UpgradeFinding[] {
  if (allowed || poolSpec(pool).cidrs === undefined) return [];
  return [
    {
      id: "upgrade-pool-cidrs-field",
      category: "pool-api",
      severity: "error",
      message: `${describeManifest(pool)} lists its ranges under spec.cidrs, which chart ${to} no longer reads: the pool would hand out nothing. Rename the field to \`blocks\` (same items).`,
      file: pool.location.file,
      line: pool.lineOf(["spec", "cidrs"]),
    },
  ];
}

function firstLastDefault(pool: Manifest, to: string): UpgradeFinding[] {
  const spec = poolSpec(pool);
  const blocks = [spec.blocks, spec.cidrs].filter(Array.isArray).flat();
  const hasCidr = blocks.some((block) => typeof block === "object" && block !== null && "cidr" in block);
  if (!hasCidr || spec.allowFirstLastIPs !== undefined) return [];
  return [
    {
      id: "upgrade-pool-first-last-ips",
      category: "pool-api",
      severity: "warning",
      message: `${describeManifest(pool)} has cidr blocks and no allowFirstLastIPs: from chart ${to} the first and last address of each cidr are handed out too (before, they were reserved). Set \`allowFirstLastIPs: "No"\` to keep them free.`,
      file: pool.location.file,
      line: pool.lineOf(["spec"]),
    },
  ];
}
