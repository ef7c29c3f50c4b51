// Which nodes a pod may run on, as the scheduler's filters and the DaemonSet controller decide it
// (kubernetes/kubernetes pkg/scheduler/framework/plugins: nodeunschedulable, nodeaffinity,
// tainttoleration; component-helpers scheduling/corev1 nodeaffinity and taints): spec.nodeSelector,
// required node affinity (terms ORed; matchExpressions on labels, matchFields on metadata.name),
// NoSchedule/NoExecute taints every one tolerated, and spec.unschedulable (its taint).

import type { Json, Obj } from "./controller-kit.ts";

export interface Taint {
  key: string;
  value?: string;
  effect: string;
}

export function tolerates(tolerations: readonly Json[], taint: Taint): boolean {
  return tolerations.some((t) => {
    const effectOk = t.effect === undefined || t.effect === "" || t.effect === taint.effect;
    if (!effectOk) return false;
    if (t.operator === "Exists") return t.key === undefined || t.key === "" || t.key === taint.key;
    return t.key === taint.key && (t.value ?? "") === (taint.value ?? "");
  });
}

export function nodeTaints(node: Obj): Taint[] {
  const spec = (node.spec ?? {}) as Json;
  const taints = ((spec.taints ?? []) as Taint[]).slice();
  if (spec.unschedulable === true)
    taints.push({ key: "node.kubernetes.io/unschedulable", effect: "NoSchedule" });
  return taints;
}

export function untoleratedTaint(podSpec: Json, node: Obj): Taint | undefined {
  const tolerations = (podSpec.tolerations ?? []) as Json[];
  return nodeTaints(node).find(
    (taint) =>
      (taint.effect === "NoSchedule" || taint.effect === "NoExecute") && !tolerates(tolerations, taint),
  );
}

function expressionMatches(expression: Json, value: string | undefined): boolean {
  const values = (expression.values ?? []) as string[];
  switch (expression.operator) {
    case "In":
      return value !== undefined && values.includes(value);
    case "NotIn":
      return value === undefined || !values.includes(value);
    case "Exists":
      return value !== undefined;
    case "DoesNotExist":
      return value === undefined;
    case "Gt":
      return value !== undefined && Number(value) > Number(values[0]);
    case "Lt":
      return value !== undefined && Number(value) < Number(values[0]);
    default:
      return false;
  }
}

export function nodeAffinityMatches(podSpec: Json, node: Obj): boolean {
  const labels = node.metadata.labels ?? {};
  const selector = (podSpec.nodeSelector ?? {}) as Record<string, string>;
  if (Object.entries(selector).some(([key, value]) => labels[key] !== value)) return false;
  const required = ((
    ((podSpec.affinity as Json | undefined)?.nodeAffinity as Json | undefined)
      ?.requiredDuringSchedulingIgnoredDuringExecution as Json | undefined
  )?.nodeSelectorTerms ?? []) as Json[];
  if (required.length === 0) return true;
  return required.some(
    (term) =>
      ((term.matchExpressions ?? []) as Json[]).every((e) => expressionMatches(e, labels[String(e.key)])) &&
      ((term.matchFields ?? []) as Json[]).every(
        (e) => e.key === "metadata.name" && expressionMatches(e, node.metadata.name),
      ),
  );
}

/** Why a node does not fit, in the scheduler's words (undefined: it fits). */
export function unfitReason(podSpec: Json, node: Obj): string | undefined {
  if (!nodeAffinityMatches(podSpec, node)) return "node(s) didn't match Pod's node affinity/selector";
  const taint = untoleratedTaint(podSpec, node);
  if (taint) return `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ""}}`;
  return undefined;
}
