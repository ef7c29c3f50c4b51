// k8sServiceHost set to a cluster DNS name while kube-proxy replacement is on. The chart hands the
// value to the agent as KUBERNETES_SERVICE_HOST (cilium/cilium install/kubernetes/cilium/templates/
// cilium-agent/daemonset.yaml, `- name: KUBERNETES_SERVICE_HOST value: {{ .Values.k8sServiceHost }}`),
// and the agent runs with `hostNetwork: true` and no dnsPolicy unless `dnsPolicy` is set (same file),
// so Kubernetes gives it the node's own resolver (a host-network pod's ClusterFirst falls back to
// Default). The node's resolver knows nothing of `*.svc.cluster.local`; and even with
// ClusterFirstWithHostNet, CoreDNS sits behind a ClusterIP that only Cilium can translate once it
// runs. Either way the agent cannot resolve its API server before the CNI works: it never starts.
import { parseIp } from "../../net/ip-address.ts";
import { chartFacts } from "../chart-facts.ts";
import type { DocumentedRule } from "../documented-rule.ts";
import { atValue } from "../finding-location.ts";
import { readKubeProxyReplacement, showValue } from "../helm-values.ts";

/** `kubernetes`, `kubernetes.default`, `x.ns.svc`, `x.ns.svc.cluster.local`, `….cluster.local`. */
export function isClusterDnsName(host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, "");
  if (name === "kubernetes" || name === "kubernetes.default") return true;
  const labels = name.split(".");
  return labels.includes("svc") || name.endsWith(".cluster.local");
}

export const k8sServiceHostResolvable: DocumentedRule = {
  id: "k8s-service-host-resolvable",
  title: "`k8sServiceHost` is not a cluster DNS name when kube-proxy replacement is on",
  severities: ["error"],
  why: "The agent runs in the host network with the node's resolver and must reach the API server before any Service works: a name like `kubernetes.default.svc` cannot be resolved then, so the agent never starts.",
  check(model) {
    const facts = chartFacts(model);
    if (!facts) return [];
    if (!readKubeProxyReplacement(model.values.get("kubeProxyReplacement"), facts.compat).on) return [];
    const host = model.values.get("k8sServiceHost");
    if (typeof host !== "string" || host === "" || parseIp(host) !== undefined) return [];
    if (host === "auto" && facts.compat.k8sServiceHostAuto.value) return [];
    if (!isClusterDnsName(host)) return [];
    return [
      {
        id: "k8s-service-host-resolvable",
        severity: "error",
        message: `k8sServiceHost is ${showValue(host)}, a cluster DNS name, while kubeProxyReplacement is on: the agent runs in the host network with the node's own resolver (the chart sets hostNetwork and no dnsPolicy), which cannot resolve cluster names — and CoreDNS is itself behind a ClusterIP that only a running Cilium translates. The agent never reaches the API server and no node gets networking. Set k8sServiceHost to the API server's IP (or a VIP, or a name the nodes' DNS resolves).`,
        ...atValue(model, "k8sServiceHost"),
      },
    ];
  },
};
