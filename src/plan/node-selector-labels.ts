// The L2 policy's nodeSelector must select kind workers exactly as it selects the homelab's
// nodes, so the repo's policy is applied unchanged: this works out which labels the workers need.
// The control plane never gets them (failover must never pause it; Cilium #40735).

import type { LabelSelector, Labels } from "../k8s/label-selector.ts";

/** Labels kind (kubeadm + kubelet) puts on every node; arch assumes the linux/amd64 runners CI uses. */
export function kindBuiltInLabels(nodeName: string, role: "control-plane" | "worker"): Labels {
  const labels: Labels = {
    "kubernetes.io/hostname": nodeName,
    "kubernetes.io/os": "linux",
    "kubernetes.io/arch": "amd64",
    "beta.kubernetes.io/os": "linux",
    "beta.kubernetes.io/arch": "amd64",
  };
  if (role === "control-plane") {
    labels["node-role.kubernetes.io/control-plane"] = "";
    labels["node.kubernetes.io/exclude-from-external-load-balancers"] = "";
  }
  return labels;
}

/**
 * Labels to add to a node that has `existing` so that `selector` selects it: matchLabels as
 * written, `In` the first value, `Exists` "true". NotIn / DoesNotExist never need a label.
 * The caller re-checks with `selectorMatches` (src/k8s/label-selector.ts): a selector that contradicts itself or the built-in
 * labels stays unmatched.
 */
export function labelsToSatisfy(selector: LabelSelector, existing: Labels): Labels {
  const added: Labels = {};
  const has = (key: string) => Object.hasOwn(existing, key) || Object.hasOwn(added, key);
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (!has(key)) added[key] = value;
  }
  for (const expression of selector.matchExpressions ?? []) {
    if (has(expression.key)) continue;
    if (expression.operator === "In" && expression.values?.[0] !== undefined) {
      added[expression.key] = expression.values[0];
    } else if (expression.operator === "Exists") {
      added[expression.key] = "true";
    }
  }
  return added;
}

// kubelet's --node-labels (which kind's `labels:` uses) refuses kubernetes.io / k8s.io labels
// except these (k8s.io/kubernetes pkg/kubelet/apis/well_known_labels.go, KubeletLabels).
const KUBELET_ALLOWED = new Set([
  "kubernetes.io/hostname",
  "kubernetes.io/instance-type",
  "kubernetes.io/os",
  "kubernetes.io/arch",
  "beta.kubernetes.io/instance-type",
  "beta.kubernetes.io/os",
  "beta.kubernetes.io/arch",
  "failure-domain.beta.kubernetes.io/zone",
  "failure-domain.beta.kubernetes.io/region",
  "topology.kubernetes.io/zone",
  "topology.kubernetes.io/region",
  "node.kubernetes.io/instance-type",
]);
const KUBELET_ALLOWED_DOMAINS = ["kubelet.kubernetes.io", "node.kubernetes.io"];

/** Whether kubelet may set this label itself (else it must be set through the API after creation). */
export function kubeletMaySetLabel(key: string): boolean {
  const slash = key.indexOf("/");
  if (slash < 0) return true;
  const domain = key.slice(0, slash);
  const restricted =
    domain === "kubernetes.io" ||
    domain.endsWith(".kubernetes.io") ||
    domain === "k8s.io" ||
    domain.endsWith(".k8s.io");
  if (!restricted) return true;
  if (KUBELET_ALLOWED.has(key)) return true;
  return KUBELET_ALLOWED_DOMAINS.some((allowed) => domain === allowed || domain.endsWith(`.${allowed}`));
}
