import { poolSpec } from "../../lbipam/pool-blocks.ts";
import { chartFacts } from "../chart-facts.ts";
import type { DocumentedRule } from "../documented-rule.ts";
import type { Finding } from "../finding.ts";
import { atManifest, describeManifest } from "../finding-location.ts";

export const poolCidrsField: DocumentedRule = {
  id: "pool-cidrs-field",
  title: "Pools use `spec.blocks`, not `spec.cidrs` (gone after 1.15)",
  severities: ["error", "warning"],
  why: "From 1.16 the CRD has no `cidrs` field: the API server drops it and the pool silently has no addresses.",
  check(model) {
    const facts = chartFacts(model);
    if (!facts) return [];
    const findings: Finding[] = [];
    for (const pool of model.pools) {
      if (poolSpec(pool).cidrs === undefined) continue;
      const at = atManifest(pool, ["spec", "cidrs"]);
      findings.push(
        facts.compat.poolCidrsField.value
          ? {
              id: "pool-cidrs-field",
              severity: "warning",
              message: `${describeManifest(pool)} uses spec.cidrs, deprecated in Cilium ${facts.version.text} and removed in 1.16 (the pool would then be empty). Rename the key to \`blocks:\` — the items stay the same.`,
              ...at,
            }
          : {
              id: "pool-cidrs-field",
              severity: "error",
              message: `${describeManifest(pool)} uses spec.cidrs, which Cilium ${facts.version.text} no longer has: the API server drops the field and these addresses are never allocated. Rename the key to \`blocks:\` — the items stay the same.`,
              ...at,
            },
      );
    }
    return findings;
  },
};
