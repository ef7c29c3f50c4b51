import { chartFacts } from "../chart-facts.ts";
import type { DocumentedRule } from "../documented-rule.ts";
import type { Finding } from "../finding.ts";
import { atManifest, describeManifest } from "../finding-location.ts";

export const poolApiVersion: DocumentedRule = {
  id: "pool-api-version",
  title: "Each CiliumLoadBalancerIPPool uses an apiVersion the pinned version serves (deprecated → warning)",
  severities: ["error", "warning"],
  why: "An apiVersion the CRD does not serve makes the apply fail (Flux stops reconciling the whole Kustomization); a deprecated one breaks at a later upgrade.",
  check(model) {
    const facts = chartFacts(model);
    if (!facts) return [];
    const served = facts.compat.poolApiVersions.value;
    const deprecated = facts.compat.poolApiVersionsDeprecated.value;
    const preferred = served[0];
    const findings: Finding[] = [];
    for (const pool of model.pools) {
      const at = atManifest(pool, ["apiVersion"]);
      if (!served.includes(pool.apiVersion)) {
        findings.push({
          id: "pool-api-version",
          severity: "error",
          message: `${describeManifest(pool)} uses apiVersion ${pool.apiVersion}, which Cilium ${facts.version.text} does not serve (it serves ${served.join(", ")}): the apply fails with "no matches for kind". Set \`apiVersion: ${preferred}\`.`,
          ...at,
        });
      } else if (deprecated.includes(pool.apiVersion)) {
        findings.push({
          id: "pool-api-version",
          severity: "warning",
          message: `${describeManifest(pool)} uses apiVersion ${pool.apiVersion}, deprecated in Cilium ${facts.compat.minor} and due to be removed. Set \`apiVersion: ${preferred}\` (same spec).`,
          ...at,
        });
      }
    }
    return findings;
  },
};
