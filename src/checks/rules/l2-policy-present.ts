import { chartFacts } from "../chart-facts.ts";
import type { DocumentedRule } from "../documented-rule.ts";
import type { Finding } from "../finding.ts";
import { atManifest, atValue, describeManifest } from "../finding-location.ts";
import { readBoolean } from "../helm-booleans.ts";
import { unlessSetInUnreadLayer } from "../unread-values.ts";

export const l2PolicyPresent: DocumentedRule = {
  id: "l2-policy-present",
  title: "L2 announcements have a policy, and a policy has L2 announcements enabled",
  severities: ["error", "warning"],
  why: "The agent announces nothing without a CiliumL2AnnouncementPolicy, and ignores every policy while `l2announcements.enabled` is off.",
  check(model) {
    const compat = chartFacts(model)?.compat;
    const enabled = readBoolean(model, compat, "l2announcements.enabled").on;
    const findings: Finding[] = [];
    if (model.config.promises.l2Announcements && model.l2Policies.length === 0) {
      findings.push({
        id: "l2-policy-present",
        severity: "error",
        message: `L2 announcements are promised but the repo has no CiliumL2AnnouncementPolicy: without one no node answers ARP for any LoadBalancer IP. Add one (e.g. ${model.config.paths.l2Policy}) with \`loadBalancerIPs: true\` and \`interfaces\` matching your NICs.`,
        ...atValue(model, "l2announcements.enabled"),
      });
    }
    if (!enabled) {
      for (const policy of model.l2Policies) {
        findings.push(
          unlessSetInUnreadLayer(model, ["l2announcements.enabled"], {
            id: "l2-policy-present",
            severity: "error",
            message: `${describeManifest(policy)} exists but l2announcements.enabled is not true in the Cilium values: the agent ignores the policy and announces nothing. Set \`l2announcements.enabled: true\` (it needs kubeProxyReplacement: true).`,
            ...atManifest(policy, ["kind"]),
          }),
        );
      }
    }
    return findings;
  },
};
