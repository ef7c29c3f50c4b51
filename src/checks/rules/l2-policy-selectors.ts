import type { DocumentedRule } from "../documented-rule.ts";
import type { Finding } from "../finding.ts";
import { atManifest, describeManifest } from "../finding-location.ts";
import { labelSelectorProblems } from "../label-selector.ts";

const CONDITIONS = {
  nodeSelector: "io.cilium/bad-node-selector",
  serviceSelector: "io.cilium/bad-service-selector",
};

export const l2PolicySelectors: DocumentedRule = {
  id: "l2-policy-selectors",
  title: "L2 policy `nodeSelector`/`serviceSelector` are valid label selectors",
  severities: ["error"],
  why: "A bad selector is rejected or flagged (io.cilium/bad-node-selector, bad-service-selector) and the policy announces nothing; a misspelt field selects everything.",
  check(model) {
    const findings: Finding[] = [];
    for (const policy of model.l2Policies) {
      const spec = (policy.body.spec ?? {}) as Record<string, unknown>;
      for (const field of ["nodeSelector", "serviceSelector"] as const) {
        for (const problem of labelSelectorProblems(spec[field])) {
          findings.push({
            id: "l2-policy-selectors",
            severity: "error",
            message: `${describeManifest(policy)}: spec.${field}: ${problem.message}. Cilium reports such a policy with condition ${CONDITIONS[field]}.`,
            ...atManifest(policy, ["spec", field, ...problem.path]),
          });
        }
      }
    }
    return findings;
  },
};
