import { quoteExcerpt } from "../../repo/quote-excerpt.ts";
import type { DocumentedRule } from "../documented-rule.ts";
import type { Finding } from "../finding.ts";
import { atManifest, describeManifest } from "../finding-location.ts";

function spec(body: Record<string, unknown>): Record<string, unknown> {
  const value = body.spec;
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

export const l2PolicyAnnouncesNothing: DocumentedRule = {
  id: "l2-policy-announces-nothing",
  title: "L2 policies set `loadBalancerIPs` and/or `externalIPs` to true (both default to false)",
  severities: ["error", "warning"],
  why: "A policy with neither flag matches Services but announces nothing: no ARP answers, no error anywhere.",
  check(model) {
    const findings: Finding[] = [];
    for (const policy of model.l2Policies) {
      const body = spec(policy.body);
      const name = describeManifest(policy);
      for (const key of ["loadBalancerIPs", "externalIPs"] as const) {
        const value = body[key];
        if (value !== undefined && typeof value !== "boolean") {
          findings.push({
            id: "l2-policy-announces-nothing",
            severity: "error",
            message: `${name}: spec.${key} is ${quoteExcerpt(value)}, a ${typeof value}: the CRD wants a boolean and the API server rejects the policy. Write \`${key}: true\` without quotes.`,
            ...atManifest(policy, ["spec", key]),
          });
        }
      }
      const lb = body.loadBalancerIPs === true;
      const external = body.externalIPs === true;
      if (!lb && !external) {
        findings.push({
          id: "l2-policy-announces-nothing",
          severity: "error",
          message: `${name} announces nothing: spec.loadBalancerIPs and spec.externalIPs both default to false, so no node answers ARP for any Service it selects. Add \`loadBalancerIPs: true\`.`,
          ...atManifest(policy, ["spec"]),
        });
      } else if (!lb && model.config.promises.lbIpam) {
        findings.push({
          id: "l2-policy-announces-nothing",
          severity: "warning",
          message: `${name} announces only externalIPs: the LoadBalancer IPs that LB-IPAM assigns from the pool are not announced, so the LAN cannot reach them. Add \`loadBalancerIPs: true\`.`,
          ...atManifest(policy, ["spec", "externalIPs"]),
        });
      }
    }
    return findings;
  },
};
