import { chartFacts } from "../chart-facts.ts";
import type { DocumentedRule } from "../documented-rule.ts";
import { atManifest, describeManifest } from "../finding-location.ts";

export const l2PolicyApiVersion: DocumentedRule = {
  id: "l2-policy-api-version",
  title: "CiliumL2AnnouncementPolicy uses the apiVersion Cilium serves (cilium.io/v2alpha1 in every release)",
  severities: ["error"],
  why: "Unlike pools, L2 policies never moved to cilium.io/v2: that apiVersion makes the apply fail.",
  check(model) {
    const facts = chartFacts(model);
    if (!facts) return [];
    const expected = facts.compat.l2PolicyApiVersion.value;
    return model.l2Policies
      .filter((policy) => policy.apiVersion !== expected)
      .map((policy) => ({
        id: "l2-policy-api-version",
        severity: "error" as const,
        message: `${describeManifest(policy)} uses apiVersion ${policy.apiVersion}, but Cilium ${facts.version.text} serves CiliumL2AnnouncementPolicy only as ${expected}: the apply fails with "no matches for kind". Set \`apiVersion: ${expected}\`.`,
        ...atManifest(policy, ["apiVersion"]),
      }));
  },
};
