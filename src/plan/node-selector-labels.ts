// The L2 policy's nodeSelector must select kind workers exactly as it selects the homelab's
// nodes, so the repo's policy is applied unchanged: this works out which labels the workers need.
// The control plane never gets them (failover must never pause it; Cilium #40735).

/** A Kubernetes LabelSelector as written in a manifest. */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

export type LabelSet = Record<string, string>;

/** Labels kind (kubeadm + kubelet) puts on every node; arch assumes the linux/amd64 runners CI uses. */
export function kindBuiltInLabels(nodeName: string, role: "control-plane" | "worker"): LabelSet {
  const labels: LabelSet = {
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

export function selectorMatches(selector: LabelSelector, labels: LabelSet): boolean {
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[key] !== value) return false;
  }
  for (const expression of selector.matchExpressions ?? []) {
    const present = Object.hasOwn(labels, expression.key);
    const value = labels[expression.key];
    const values = expression.values ?? [];
    switch (expression.operator) {
      case "In":
        if (!present || !values.includes(value!)) return false;
        break;
      case "NotIn":
        if (present && values.includes(value!)) return false;
        break;
      case "Exists":
        if (!present) return false;
        break;
      case "DoesNotExist":
        if (present) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/**
 * Labels to add to a node that has `existing` so that `selector` selects it: matchLabels as
 * written, `In` the first value, `Exists` "true". NotIn / DoesNotExist never need a label.
 * The caller re-checks with `selectorMatches`: a selector that contradicts itself or the built-in
 * labels stays unmatched.
 */
export function labelsToSatisfy(selector: LabelSelector, existing: LabelSet): LabelSet {
  const added: LabelSet = {};
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

/** A readable form of a selector for messages: `zone=a, role in (x,y), !nolb`. */
export function describeSelector(selector: LabelSelector): string {
  const parts = Object.entries(selector.matchLabels ?? {}).map(([key, value]) => `${key}=${value}`);
  for (const expression of selector.matchExpressions ?? []) {
    const values = (expression.values ?? []).join(",");
    if (expression.operator === "In") parts.push(`${expression.key} in (${values})`);
    else if (expression.operator === "NotIn") parts.push(`${expression.key} notin (${values})`);
    else if (expression.operator === "Exists") parts.push(expression.key);
    else if (expression.operator === "DoesNotExist") parts.push(`!${expression.key}`);
    else parts.push(`${expression.key} ${expression.operator} (${values})`);
  }
  return parts.length > 0 ? parts.join(", ") : "(every node)";
}
