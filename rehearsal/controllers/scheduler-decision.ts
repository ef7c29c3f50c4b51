// Where the scheduler puts a pod (kubernetes/kubernetes pkg/scheduler; filters in
// scheduling-rules.ts): among the nodes that fit, the one with the fewest pods of the same
// controller (the spread that SelectorSpread and PodTopologySpread with ScheduleAnyway aim for),
// then the fewest pods overall, then by name. Inter-pod (anti-)affinity runs after the node filters,
// as InterPodAffinity follows them in the default plugin order (inter-pod-affinity.ts). No fit: the FailedScheduling message the scheduler
// writes, e.g. "0/3 nodes are available: 1 node(s) had untolerated taint {...}, 2 node(s) ... ".

import { controllerOf, type Json, type Obj } from "./controller-kit.ts";
import { interPodAffinityFilter, type NamespaceLabels } from "./inter-pod-affinity.ts";
import { unfitReason } from "./scheduling-rules.ts";

export type Placement = { node: string } | { unschedulable: string };

export function placePod(
  pod: Obj,
  nodes: readonly Obj[],
  pods: readonly Obj[],
  namespaceLabels?: NamespaceLabels,
): Placement {
  const spec = (pod.spec ?? {}) as Json;
  const podAffinityReason = interPodAffinityFilter(pod, nodes, pods, namespaceLabels);
  const reasons = new Map<string, number>();
  const fits: Obj[] = [];
  for (const node of nodes) {
    const reason = unfitReason(spec, node) ?? podAffinityReason(node);
    if (reason) reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    else fits.push(node);
  }
  if (fits.length === 0) {
    const parts = [...reasons].map(([reason, count]) => `${count} ${reason}`).sort();
    return {
      unschedulable: `0/${nodes.length} nodes are available: ${parts.join(", ")}. preemption: 0/${nodes.length} nodes are available: ${nodes.length} Preemption is not helpful for scheduling.`,
    };
  }
  const owner = controllerOf(pod)?.uid;
  const onNode = (node: string, sameOwner: boolean) =>
    pods.filter(
      (other) =>
        (other.spec as Json | undefined)?.nodeName === node &&
        other.metadata.uid !== pod.metadata.uid &&
        (!sameOwner || (owner !== undefined && controllerOf(other)?.uid === owner)),
    ).length;
  const best = [...fits].sort(
    (a, b) =>
      onNode(a.metadata.name, true) - onNode(b.metadata.name, true) ||
      onNode(a.metadata.name, false) - onNode(b.metadata.name, false) ||
      a.metadata.name.localeCompare(b.metadata.name),
  )[0];
  return { node: String(best?.metadata.name) };
}
