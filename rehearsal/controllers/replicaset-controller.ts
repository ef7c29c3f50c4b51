// ReplicaSets (kubernetes/kubernetes pkg/controller/replicaset): keep spec.replicas active pods
// from the template (generateName <rs>-, owned by the ReplicaSet), delete the surplus in the
// controller's preferred order, and report replicas, fullyLabeledReplicas, readyReplicas,
// availableReplicas (minReadySeconds 0: ready is available) and observedGeneration.

import type { Informer } from "../k8s/informer.ts";
import type { KubeRestClient } from "../k8s/kube-rest-client.ts";
import { type LabelSelector, selectorMatches } from "../k8s/label-selector.ts";
import { controlledBy, controllerQueue, type Json, type Obj, objectKey, ownerRef } from "./controller-kit.ts";
import { deletionOrder, podActive, podReady } from "./pod-state.ts";

export function startReplicaSetController(
  client: KubeRestClient,
  replicaSets: Informer<Obj>,
  pods: Informer<Obj>,
  log: (line: string) => void,
): void {
  const queue = controllerQueue("replicaset", log, reconcile, () => replicaSets.list().map(objectKey));
  replicaSets.on({ upsert: (rs) => queue.add(objectKey(rs)) });
  const podChanged = (pod: Obj) => {
    const owner = ((pod.metadata.ownerReferences ?? []) as Json[]).find(
      (ref) => ref.kind === "ReplicaSet" && ref.controller,
    );
    if (owner) queue.add(`${pod.metadata.namespace}/${String(owner.name)}`);
  };
  pods.on({ upsert: podChanged, delete: podChanged });

  async function reconcile(key: string): Promise<void> {
    const rs = replicaSets.get(key);
    if (!rs || rs.metadata.deletionTimestamp) return;
    const spec = (rs.spec ?? {}) as Json;
    const ns = String(rs.metadata.namespace);
    const owned = pods.list().filter((pod) => pod.metadata.namespace === ns && controlledBy(pod, rs));
    const active = owned.filter(podActive);
    const wanted = Number(spec.replicas ?? 1);
    const template = (spec.template ?? {}) as Json;
    const templateMeta = (template.metadata ?? {}) as Json;
    if (active.length < wanted) {
      for (let i = active.length; i < wanted; i += 1) {
        await client.create(`/api/v1/namespaces/${ns}/pods`, {
          apiVersion: "v1",
          kind: "Pod",
          metadata: {
            generateName: `${rs.metadata.name}-`,
            namespace: ns,
            labels: templateMeta.labels ?? {},
            annotations: templateMeta.annotations ?? {},
            ownerReferences: [ownerRef(rs, "apps/v1", "ReplicaSet")],
          },
          spec: template.spec ?? {},
        });
      }
    } else if (active.length > wanted) {
      for (const pod of deletionOrder(active).slice(0, active.length - wanted)) {
        await client.delete(`/api/v1/namespaces/${ns}/pods/${pod.metadata.name}`).catch(() => undefined);
      }
    }
    const selector = spec.selector as LabelSelector | undefined;
    const ready = active.filter(podReady).length;
    const status = {
      replicas: active.length,
      fullyLabeledReplicas: active.filter((pod) => {
        const verdict = selectorMatches(selector, pod.metadata.labels ?? {});
        return verdict.ok && verdict.matches;
      }).length,
      readyReplicas: ready,
      availableReplicas: ready,
      observedGeneration: rs.metadata.generation ?? 1,
    };
    const current = (rs.status ?? {}) as Json;
    if (Object.entries(status).some(([k, v]) => current[k] !== v)) {
      await client.patch(
        `/apis/apps/v1/namespaces/${ns}/replicasets/${rs.metadata.name}/status`,
        { status },
        "application/merge-patch+json",
      );
    }
  }
}
