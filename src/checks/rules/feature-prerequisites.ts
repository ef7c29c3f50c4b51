import { chartFacts } from "../chart-facts.ts";
import type { DocumentedRule } from "../documented-rule.ts";
import type { Finding } from "../finding.ts";
import { atValue } from "../finding-location.ts";
import { readBoolean } from "../helm-booleans.ts";
import { readKubeProxyReplacement, showValue } from "../helm-values.ts";
import { unlessSetInUnreadLayer } from "../unread-values.ts";

export const featurePrerequisites: DocumentedRule = {
  id: "feature-prerequisites",
  title: "Gateway API has kube-proxy replacement and `l7Proxy`; L2 announcements have kube-proxy replacement",
  severities: ["error", "warning"],
  why: "The operator disables Gateway API, and the agent refuses L2 announcements, when their prerequisites are off: the feature silently does nothing.",
  check(model) {
    const facts = chartFacts(model);
    if (!facts) return [];
    const compat = facts.compat;
    const kprValue = model.values.get("kubeProxyReplacement");
    const kpr = readKubeProxyReplacement(kprValue, compat);
    const findings: Finding[] = [];
    const gateway = readBoolean(model, compat, "gatewayAPI.enabled");
    if (gateway.on && gateway.isBoolean) {
      if (kpr.accepted && !kpr.on) {
        findings.push(
          unlessSetInUnreadLayer(model, ["kubeProxyReplacement"], {
            id: "feature-prerequisites",
            severity: "error",
            message: `gatewayAPI.enabled is true but kubeProxyReplacement is ${showValue(kprValue)}: Cilium's Gateway API needs kube-proxy replacement, and the operator will not reconcile any Gateway. Set \`kubeProxyReplacement: true\`.`,
            ...atValue(model, "gatewayAPI.enabled"),
          }),
        );
      }
      const l7 = readBoolean(model, compat, "l7Proxy");
      if (!l7.on) {
        findings.push(
          unlessSetInUnreadLayer(model, ["l7Proxy"], {
            id: "feature-prerequisites",
            severity: "error",
            message: `gatewayAPI.enabled is true but l7Proxy is ${showValue(l7.value)}: Gateways are served by Cilium's Envoy, which l7Proxy turns on; without it no HTTPRoute carries traffic. Remove \`l7Proxy: false\` (the default is true).`,
            ...atValue(model, "l7Proxy"),
          }),
        );
      }
    }
    const l2 = readBoolean(model, compat, "l2announcements.enabled");
    if (l2.on && l2.isBoolean && kpr.accepted && !kpr.on) {
      findings.push(
        unlessSetInUnreadLayer(model, ["kubeProxyReplacement"], {
          id: "feature-prerequisites",
          severity: "error",
          message: `l2announcements.enabled is true but kubeProxyReplacement is ${showValue(kprValue)}: L2 announcements need kube-proxy replacement, and without it no node answers ARP for LoadBalancer IPs. Set \`kubeProxyReplacement: true\`.`,
          ...atValue(model, "l2announcements.enabled"),
        }),
      );
    }
    return findings;
  },
};
