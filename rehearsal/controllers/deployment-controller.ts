// Deployments (kubernetes/kubernetes pkg/controller/deployment): the template's hash names the
// current ReplicaSet `<deployment>-<hash>` (pod-template-hash added to its labels and selector,
// revision annotation); it gets spec.replicas while older ReplicaSets are scaled to 0 — the
// double replaces them at once instead of surging in steps, which the rollout-complete state
// (every replica updated and available) does not tell apart; old ReplicaSets beyond
// revisionHistoryLimit go. Status: replicas, updatedReplicas, readyReplicas, availableReplicas,
// unavailableReplicas, observedGeneration and the Available/Progressing conditions.

import type { Informer } from "../k8s/informer.ts";
import type { KubeRestClient } from "../k8s/kube-rest-client.ts";
import {
  controlledBy,
  controllerQueue,
  type Json,
  nowTimestamp,
  type Obj,
  objectKey,
  ownerRef,
} from "./controller-kit.ts";
import { templateHash } from "./pod-state.ts";

function maxUnavailable(spec: Json, replicas: number): number {
  const rolling = ((spec.strategy as Json | undefined)?.rollingUpdate ?? {}) as Json;
  const value = rolling.maxUnavailable ?? "25%";
  if (typeof value === "number") return value;
  const percent = /^(\d+)%$/.exec(String(value));
  return percent ? Math.floor((Number(percent[1]) * replicas) / 100) : Number(value);
}

function condition(previous: Json[], type: string, status: string, reason: string, message: string): Json {
  const before = previous.find((c) => c.type === type);
  const now = nowTimestamp();
  return {
    type,
    status,
    lastUpdateTime: now,
    lastTransitionTime: before?.status === status ? before.lastTransitionTime : now,
    reason,
    message,
  };
}

export function startDeploymentController(
  client: KubeRestClient,
  deployments: Informer<Obj>,
  replicaSets: Informer<Obj>,
  log: (line: string) => void,
): void {
  const queue = controllerQueue("deployment", log, reconcile, () => deployments.list().map(objectKey));
  deployments.on({ upsert: (d) => queue.add(objectKey(d)) });
  const rsChanged = (rs: Obj) => {
    const owner = ((rs.metadata.ownerReferences ?? []) as Json[]).find(
      (ref) => ref.kind === "Deployment" && ref.controller,
    );
    if (owner) queue.add(`${rs.metadata.namespace}/${String(owner.name)}`);
  };
  replicaSets.on({ upsert: rsChanged, delete: rsChanged });

  async function reconcile(key: string): Promise<void> {
    const deployment = deployments.get(key);
    if (!deployment || deployment.metadata.deletionTimestamp) return;
    const ns = String(deployment.metadata.namespace);
    const spec = (deployment.spec ?? {}) as Json;
    const replicas = Number(spec.replicas ?? 1);
    const template = structuredClone((spec.template ?? {}) as Json);
    const hash = await templateHash(template);
    const name = `${deployment.metadata.name}-${hash}`;
    const owned = replicaSets
      .list()
      .filter((rs) => rs.metadata.namespace === ns && controlledBy(rs, deployment));
    const revisions = owned.map((rs) =>
      Number(rs.metadata.annotations?.["deployment.kubernetes.io/revision"] ?? 0),
    );
    let current = owned.find((rs) => rs.metadata.name === name);
    const revision = String(
      current?.metadata.annotations?.["deployment.kubernetes.io/revision"] ?? Math.max(0, ...revisions) + 1,
    );
    if (!current) {
      const templateMeta = (template.metadata ?? {}) as Json;
      templateMeta.labels = { ...((templateMeta.labels ?? {}) as Json), "pod-template-hash": hash };
      template.metadata = templateMeta;
      const selector = structuredClone((spec.selector ?? {}) as Json);
      selector.matchLabels = { ...((selector.matchLabels ?? {}) as Json), "pod-template-hash": hash };
      current = await client.create<Obj>(`/apis/apps/v1/namespaces/${ns}/replicasets`, {
        apiVersion: "apps/v1",
        kind: "ReplicaSet",
        metadata: {
          name,
          namespace: ns,
          labels: templateMeta.labels,
          annotations: {
            "deployment.kubernetes.io/desired-replicas": String(replicas),
            "deployment.kubernetes.io/max-replicas": String(replicas),
            "deployment.kubernetes.io/revision": revision,
          },
          ownerReferences: [ownerRef(deployment, "apps/v1", "Deployment")],
        },
        spec: { replicas, minReadySeconds: spec.minReadySeconds ?? 0, selector, template },
      });
    } else if (Number((current.spec as Json).replicas) !== replicas) {
      await client.patch(
        `/apis/apps/v1/namespaces/${ns}/replicasets/${name}`,
        { spec: { replicas } },
        "application/merge-patch+json",
      );
    }
    const old = owned.filter((rs) => rs.metadata.name !== name);
    for (const rs of old) {
      if (Number((rs.spec as Json).replicas ?? 0) !== 0) {
        await client.patch(
          `/apis/apps/v1/namespaces/${ns}/replicasets/${rs.metadata.name}`,
          { spec: { replicas: 0 } },
          "application/merge-patch+json",
        );
      }
    }
    const history = Number(spec.revisionHistoryLimit ?? 10);
    const drained = old.filter((rs) => Number((rs.status as Json | undefined)?.replicas ?? 0) === 0);
    for (const rs of drained.slice(0, Math.max(0, drained.length - history))) {
      await client
        .delete(`/apis/apps/v1/namespaces/${ns}/replicasets/${rs.metadata.name}`)
        .catch(() => undefined);
    }
    const statusOf = (rs: Obj | undefined, field: string) => Number(((rs?.status ?? {}) as Json)[field] ?? 0);
    const all = [current, ...old];
    const available = all.reduce((sum, rs) => sum + statusOf(rs, "availableReplicas"), 0);
    const total = all.reduce((sum, rs) => sum + statusOf(rs, "replicas"), 0);
    const updated = statusOf(current, "replicas");
    const previous = (((deployment.status ?? {}) as Json).conditions ?? []) as Json[];
    const complete = updated === replicas && total === replicas && available >= replicas;
    const status: Json = {
      observedGeneration: deployment.metadata.generation ?? 1,
      replicas: total,
      updatedReplicas: updated,
      readyReplicas: all.reduce((sum, rs) => sum + statusOf(rs, "readyReplicas"), 0),
      availableReplicas: available,
      unavailableReplicas: Math.max(0, replicas - available),
      conditions: [
        available >= replicas - maxUnavailable(spec, replicas)
          ? condition(
              previous,
              "Available",
              "True",
              "MinimumReplicasAvailable",
              "Deployment has minimum availability.",
            )
          : condition(
              previous,
              "Available",
              "False",
              "MinimumReplicasUnavailable",
              "Deployment does not have minimum availability.",
            ),
        complete
          ? condition(
              previous,
              "Progressing",
              "True",
              "NewReplicaSetAvailable",
              `ReplicaSet "${name}" has successfully progressed.`,
            )
          : condition(
              previous,
              "Progressing",
              "True",
              "ReplicaSetUpdated",
              `ReplicaSet "${name}" is progressing.`,
            ),
      ],
    };
    const currentStatus = (deployment.status ?? {}) as Json;
    const changed =
      [
        "observedGeneration",
        "replicas",
        "updatedReplicas",
        "readyReplicas",
        "availableReplicas",
        "unavailableReplicas",
      ].some((field) => currentStatus[field] !== status[field]) ||
      JSON.stringify(
        (currentStatus.conditions as Json[] | undefined)?.map((c) => [c.type, c.status, c.reason]),
      ) !== JSON.stringify((status.conditions as Json[]).map((c) => [c.type, c.status, c.reason]));
    if (changed) {
      await client.patch(
        `/apis/apps/v1/namespaces/${ns}/deployments/${deployment.metadata.name}/status`,
        { status },
        "application/merge-patch+json",
      );
    }
    if (deployment.metadata.annotations?.["deployment.kubernetes.io/revision"] !== revision) {
      await client.patch(
        `/apis/apps/v1/namespaces/${ns}/deployments/${deployment.metadata.name}`,
        { metadata: { annotations: { "deployment.kubernetes.io/revision": revision } } },
        "application/merge-patch+json",
      );
    }
  }
}
