import { poolSpec } from "../../lbipam/pool-blocks.ts";
import type { DocumentedRule } from "../documented-rule.ts";
import type { Finding } from "../finding.ts";
import { atManifest, describeManifest } from "../finding-location.ts";
import { labelSelectorProblems } from "../label-selector.ts";

export const poolServiceSelector: DocumentedRule = {
  id: "pool-service-selector",
  title: "Pool `serviceSelector` is a valid label selector",
  severities: ["error"],
  why: "An invalid selector is rejected by the API server; a misspelt field is dropped and leaves a selector that matches every Service.",
  check(model) {
    const findings: Finding[] = [];
    for (const pool of model.pools) {
      for (const problem of labelSelectorProblems(poolSpec(pool).serviceSelector)) {
        findings.push({
          id: "pool-service-selector",
          severity: "error",
          message: `${describeManifest(pool)}: spec.serviceSelector: ${problem.message}.`,
          ...atManifest(pool, ["spec", "serviceSelector", ...problem.path]),
        });
      }
    }
    return findings;
  },
};
