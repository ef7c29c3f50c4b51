import { chartFacts } from "../chart-facts.ts";
import type { DocumentedRule } from "../documented-rule.ts";
import type { Finding } from "../finding.ts";
import { atValue } from "../finding-location.ts";
import { readKubeProxyReplacement, showValue } from "../helm-values.ts";
import { unlessSetInUnreadLayer } from "../unread-values.ts";

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === "";
}

export const k8sServiceEndpoint: DocumentedRule = {
  id: "k8s-service-endpoint",
  title: "`k8sServiceHost`/`k8sServicePort` are set when kube-proxy replacement is on",
  severities: ["error", "warning"],
  why: "Without kube-proxy nothing translates the `kubernetes` ClusterIP for the agent itself: it must be told the API server's real address, or it never starts.",
  check(model) {
    const facts = chartFacts(model);
    if (!facts) return [];
    const kpr = readKubeProxyReplacement(model.values.get("kubeProxyReplacement"), facts.compat);
    if (!kpr.on) return [];
    const compat = facts.compat;
    const host = model.values.get("k8sServiceHost");
    const port = model.values.get("k8sServicePort");
    const usesRef = compat.k8sServiceHostRef.value && !isEmpty(model.values.get("k8sServiceHostRef.name"));
    if (usesRef) return [];
    const findings: Finding[] = [];
    const alternatives = [
      compat.k8sServiceHostAuto.value
        ? "`k8sServiceHost: auto` (read from the cluster-info ConfigMap)"
        : undefined,
      compat.k8sServiceHostRef.value ? "`k8sServiceHostRef` (a ConfigMap with host and port)" : undefined,
    ].filter(Boolean);
    const orElse = alternatives.length > 0 ? `, or use ${alternatives.join(" or ")}` : "";
    if (isEmpty(host)) {
      findings.push(
        unlessSetInUnreadLayer(model, ["k8sServiceHost"], {
          id: "k8s-service-endpoint",
          severity: "error",
          message: `kubeProxyReplacement is on but k8sServiceHost is ${showValue(host)}: with no kube-proxy the agent cannot reach the API server through the \`kubernetes\` ClusterIP and never becomes ready. Set \`k8sServiceHost:\` to the API server's address (the control-plane IP or a VIP in front of it)${orElse}.`,
          ...atValue(model, "k8sServiceHost"),
        }),
      );
    }
    const hostIsAuto = host === "auto" && compat.k8sServiceHostAuto.value;
    if (!hostIsAuto && isEmpty(port)) {
      findings.push(
        unlessSetInUnreadLayer(model, ["k8sServicePort"], {
          id: "k8s-service-endpoint",
          severity: "error",
          message: `kubeProxyReplacement is on but k8sServicePort is ${showValue(port)}: the agent needs the API server's real port when kube-proxy is gone. Set \`k8sServicePort: 6443\` (or your API server's port).`,
          ...atValue(model, "k8sServicePort"),
        }),
      );
    }
    return findings;
  },
};
