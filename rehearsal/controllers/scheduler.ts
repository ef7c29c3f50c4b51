// The kube-scheduler static pod of the rehearsal (image registry.k8s.io/kube-scheduler → this
// program): pods of the default scheduler without a node are placed (scheduler-decision.ts) and
// bound through pods/binding; a pod that fits nowhere gets PodScheduled=False, reason
// Unschedulable, and a FailedScheduling event, and is retried when nodes or pods change (a pod
// bound, relabelled or deleted can satisfy another pod's inter-pod (anti-)affinity). A pod being
// bound counts on its node at once (assumed-pods.ts), so the next pod's affinity sees it.

import { isConflict } from "../k8s/kube-rest-client.ts";
import { EventRecorder } from "../node/kubelet/event-recorder.ts";
import { AssumedPods } from "./assumed-pods.ts";
import {
  clientFromFlags,
  informer,
  type Json,
  logger,
  nowTimestamp,
  type Obj,
  objectKey,
  parseFlags,
} from "./controller-kit.ts";
import { placePod } from "./scheduler-decision.ts";
import { WorkQueue } from "./work-queue.ts";

const flags = parseFlags(process.argv.slice(2));
const log = logger("kube-scheduler");
const client = clientFromFlags(flags);
const events = new EventRecorder(() => client, { component: "default-scheduler" });
const pods = informer<Obj>(client, "/api/v1/pods", log);
const nodes = informer<Obj>(client, "/api/v1/nodes", log);
const namespaces = informer<Obj>(client, "/api/v1/namespaces", log);
await Promise.all([pods.synced, nodes.synced, namespaces.synced]);
log("informers synced; scheduling");

const pending = (pod: Obj) => {
  const spec = (pod.spec ?? {}) as Json;
  return (
    !spec.nodeName &&
    (spec.schedulerName ?? "default-scheduler") === "default-scheduler" &&
    !pod.metadata.deletionTimestamp
  );
};

const assumed = new AssumedPods();
const namespaceLabels = (name: string) => namespaces.get(name)?.metadata.labels;

const queue = new WorkQueue(
  async (key) => {
    const pod = pods.get(key);
    if (!pod || !pending(pod) || assumed.has(key)) return;
    const placement = placePod(pod, nodes.list(), assumed.overlay(pods.list(), objectKey), namespaceLabels);
    const ns = String(pod.metadata.namespace);
    if ("node" in placement) {
      assumed.assume(key, placement.node);
      try {
        await client.create(`/api/v1/namespaces/${ns}/pods/${pod.metadata.name}/binding`, {
          apiVersion: "v1",
          kind: "Binding",
          metadata: { name: pod.metadata.name, namespace: ns, uid: pod.metadata.uid },
          target: { apiVersion: "v1", kind: "Node", name: placement.node },
        });
      } catch (error) {
        assumed.forget(key);
        if (isConflict(error)) return;
        throw error;
      }
      events.record(
        pod,
        "Normal",
        "Scheduled",
        `Successfully assigned ${ns}/${pod.metadata.name} to ${placement.node}`,
      );
      return;
    }
    const conditions = (((pod.status ?? {}) as Json).conditions ?? []) as Json[];
    const before = conditions.find((c) => c.type === "PodScheduled");
    if (before?.message !== placement.unschedulable) {
      const condition = {
        type: "PodScheduled",
        status: "False",
        reason: "Unschedulable",
        message: placement.unschedulable,
        lastProbeTime: null,
        lastTransitionTime: nowTimestamp(),
      };
      await client.patch(
        `/api/v1/namespaces/${ns}/pods/${pod.metadata.name}/status`,
        { status: { conditions: [...conditions.filter((c) => c.type !== "PodScheduled"), condition] } },
        "application/merge-patch+json",
      );
      events.record(pod, "Warning", "FailedScheduling", placement.unschedulable);
    }
  },
  (key, error) => log(`scheduling ${key}: ${(error as Error).message}`),
);

const requeueAll = () => {
  for (const pod of pods.list()) if (pending(pod)) queue.add(objectKey(pod));
};
pods.on({
  upsert: (pod) => {
    if (!pending(pod)) assumed.forget(objectKey(pod));
    requeueAll();
  },
  delete: (pod) => {
    assumed.forget(objectKey(pod));
    requeueAll();
  },
});
nodes.on({ upsert: requeueAll, delete: requeueAll });
setInterval(requeueAll, 2000).unref();
requeueAll();
setInterval(() => undefined, 1 << 30);
