// DaemonSets (kubernetes/kubernetes pkg/controller/daemon): one pod on every node the template may
// run on (node selector, required affinity, taints after the daemon's own tolerations:
// not-ready/unreachable NoExecute, disk/memory/pid-pressure and unschedulable NoSchedule, and
// network-unavailable for host-network pods — util.AddOrUpdateDaemonPodTolerations), pinned by a
// required node affinity on metadata.name and scheduled by the scheduler; pods of another template
// revision are replaced at most maxUnavailable at a time (RollingUpdate); status counts
// desired/current/ready/available/updated/misscheduled and observedGeneration.

import type { Informer } from "../k8s/informer.ts";
import type { KubeRestClient } from "../k8s/kube-rest-client.ts";
import { controlledBy, controllerQueue, type Json, type Obj, objectKey, ownerRef } from "./controller-kit.ts";
import { podActive, podReady, templateHash } from "./pod-state.ts";
import { nodeAffinityMatches, untoleratedTaint } from "./scheduling-rules.ts";

export function daemonTolerations(spec: Json): Json[] {
  const tolerations = ((spec.tolerations ?? []) as Json[]).slice();
  const add = (key: string, effect: string) => {
    if (!tolerations.some((t) => t.key === key && t.effect === effect && t.operator === "Exists")) {
      tolerations.push({ key, operator: "Exists", effect });
    }
  };
  add("node.kubernetes.io/not-ready", "NoExecute");
  add("node.kubernetes.io/unreachable", "NoExecute");
  add("node.kubernetes.io/disk-pressure", "NoSchedule");
  add("node.kubernetes.io/memory-pressure", "NoSchedule");
  add("node.kubernetes.io/pid-pressure", "NoSchedule");
  add("node.kubernetes.io/unschedulable", "NoSchedule");
  if (spec.hostNetwork === true) add("node.kubernetes.io/network-unavailable", "NoSchedule");
  return tolerations;
}

/** The node a daemon pod is pinned to (its matchFields affinity, or spec.nodeName). */
export function daemonPodNode(pod: Obj): string | undefined {
  const spec = (pod.spec ?? {}) as Json;
  if (spec.nodeName) return String(spec.nodeName);
  const terms = ((
    ((spec.affinity as Json | undefined)?.nodeAffinity as Json | undefined)
      ?.requiredDuringSchedulingIgnoredDuringExecution as Json | undefined
  )?.nodeSelectorTerms ?? []) as Json[];
  for (const term of terms) {
    for (const field of (term.matchFields ?? []) as Json[]) {
      if (field.key === "metadata.name") return ((field.values ?? []) as string[])[0];
    }
  }
  return undefined;
}

export function startDaemonSetController(
  client: KubeRestClient,
  daemonSets: Informer<Obj>,
  pods: Informer<Obj>,
  nodes: Informer<Obj>,
  log: (line: string) => void,
): void {
  const queue = controllerQueue("daemonset", log, reconcile, () => daemonSets.list().map(objectKey));
  daemonSets.on({ upsert: (ds) => queue.add(objectKey(ds)) });
  const podChanged = (pod: Obj) => {
    const owner = ((pod.metadata.ownerReferences ?? []) as Json[]).find(
      (ref) => ref.kind === "DaemonSet" && ref.controller,
    );
    if (owner) queue.add(`${pod.metadata.namespace}/${String(owner.name)}`);
  };
  pods.on({ upsert: podChanged, delete: podChanged });
  const all = () => {
    for (const ds of daemonSets.list()) queue.add(objectKey(ds));
  };
  nodes.on({ upsert: all, delete: all });

  async function reconcile(key: string): Promise<void> {
    const ds = daemonSets.get(key);
    if (!ds || ds.metadata.deletionTimestamp) return;
    const ns = String(ds.metadata.namespace);
    const spec = (ds.spec ?? {}) as Json;
    const template = (spec.template ?? {}) as Json;
    const hash = await templateHash(template);
    const podSpec = { ...((template.spec ?? {}) as Json) };
    podSpec.tolerations = daemonTolerations(podSpec);
    const eligible = nodes
      .list()
      .filter((node) => nodeAffinityMatches(podSpec, node) && !untoleratedTaint(podSpec, node));
    const owned = pods.list().filter((pod) => pod.metadata.namespace === ns && controlledBy(pod, ds));
    const active = owned.filter(podActive);
    const byNode = new Map<string, Obj[]>();
    for (const pod of active) {
      const node = daemonPodNode(pod) ?? "";
      byNode.set(node, [...(byNode.get(node) ?? []), pod]);
    }
    const eligibleNames = new Set(eligible.map((node) => node.metadata.name));
    const generation = String(ds.metadata.generation ?? 1);
    const templateMeta = (template.metadata ?? {}) as Json;
    for (const node of eligible) {
      const running = byNode.get(node.metadata.name) ?? [];
      for (const extra of running.slice(1)) {
        await client.delete(`/api/v1/namespaces/${ns}/pods/${extra.metadata.name}`).catch(() => undefined);
      }
      const terminating = owned.some(
        (pod) => pod.metadata.deletionTimestamp && daemonPodNode(pod) === node.metadata.name,
      );
      if (running.length > 0 || terminating) continue;
      const affinity = {
        ...((podSpec.affinity ?? {}) as Json),
        nodeAffinity: {
          ...(((podSpec.affinity as Json | undefined)?.nodeAffinity ?? {}) as Json),
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              { matchFields: [{ key: "metadata.name", operator: "In", values: [node.metadata.name] }] },
            ],
          },
        },
      };
      await client.create(`/api/v1/namespaces/${ns}/pods`, {
        apiVersion: "v1",
        kind: "Pod",
        metadata: {
          generateName: `${ds.metadata.name}-`,
          namespace: ns,
          labels: {
            ...((templateMeta.labels ?? {}) as Json),
            "controller-revision-hash": hash,
            "pod-template-generation": generation,
          },
          annotations: templateMeta.annotations ?? {},
          ownerReferences: [ownerRef(ds, "apps/v1", "DaemonSet")],
        },
        spec: { ...podSpec, affinity },
      });
    }
    for (const [node, running] of byNode) {
      if (eligibleNames.has(node)) continue;
      for (const pod of running)
        await client.delete(`/api/v1/namespaces/${ns}/pods/${pod.metadata.name}`).catch(() => undefined);
    }
    // RollingUpdate: replace outdated pods, keeping at most maxUnavailable nodes without a ready pod.
    const strategy = (spec.updateStrategy ?? {}) as Json;
    if (strategy.type !== "OnDelete") {
      const budget = Number(((strategy.rollingUpdate ?? {}) as Json).maxUnavailable ?? 1);
      const unavailable = eligible.filter(
        (node) => !(byNode.get(node.metadata.name) ?? []).some(podReady),
      ).length;
      const outdated = active.filter((pod) => pod.metadata.labels?.["controller-revision-hash"] !== hash);
      let room = Math.max(0, budget - unavailable);
      for (const pod of outdated) {
        // An outdated pod that is not ready costs no availability; a ready one uses the budget.
        if (podReady(pod)) {
          if (room === 0) continue;
          room -= 1;
        }
        await client.delete(`/api/v1/namespaces/${ns}/pods/${pod.metadata.name}`).catch(() => undefined);
      }
    }
    const onEligible = active.filter((pod) => eligibleNames.has(daemonPodNode(pod) ?? ""));
    const ready = onEligible.filter(podReady).length;
    const status = {
      desiredNumberScheduled: eligible.length,
      currentNumberScheduled: onEligible.length,
      numberMisscheduled: active.length - onEligible.length,
      numberReady: ready,
      numberAvailable: ready,
      numberUnavailable: Math.max(0, eligible.length - ready),
      updatedNumberScheduled: onEligible.filter(
        (pod) => pod.metadata.labels?.["controller-revision-hash"] === hash,
      ).length,
      observedGeneration: ds.metadata.generation ?? 1,
    };
    const current = (ds.status ?? {}) as Json;
    if (Object.entries(status).some(([k, v]) => current[k] !== v)) {
      await client.patch(
        `/apis/apps/v1/namespaces/${ns}/daemonsets/${ds.metadata.name}/status`,
        { status },
        "application/merge-patch+json",
      );
    }
  }
}
