// The controllers against the rehearsal's API server in-process: a Deployment becomes a
// ReplicaSet and pods; once the pods are Ready the rollout is complete by the harness's own
// decision (src/decisions/rollout-ready.ts); a DaemonSet puts one pod per eligible node; a
// Service gets an EndpointSlice of its ready pods with the named target port resolved.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { informer, type Obj } from "../../../rehearsal/controllers/controller-kit.ts";
import { startDaemonSetController } from "../../../rehearsal/controllers/daemonset-controller.ts";
import { startDeploymentController } from "../../../rehearsal/controllers/deployment-controller.ts";
import { startEndpointSliceController } from "../../../rehearsal/controllers/endpointslice-controller.ts";
import { startReplicaSetController } from "../../../rehearsal/controllers/replicaset-controller.ts";
import type { Informer } from "../../../rehearsal/k8s/informer.ts";
import { daemonSetReady, deploymentReady } from "../../../src/decisions/rollout-ready.ts";
import { startControlPlaneApi } from "../node/control-plane/control-plane-api-support.ts";

// biome-ignore lint/suspicious/noExplicitAny: test objects read deep, untyped API answers
type Json = Record<string, any>;
let api: Awaited<ReturnType<typeof startControlPlaneApi>>;
const informers: Informer<Obj>[] = [];
const log = () => undefined;

// The bound only fails a broken controller: the chains take 0.3-3 s at a load average of 45 on 2
// cores, and a busier machine must not turn that into a failure (issue 17).
async function eventually<T>(what: string, probe: () => Promise<T | undefined>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  let last: T | undefined;
  while (Date.now() < end) {
    last = await probe();
    if (last !== undefined) return last;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${what}: not reached in ${ms} ms`);
}

async function makeReady(namespace: string, pod: Json, ip: string): Promise<void> {
  await api.client.patch(
    `/api/v1/namespaces/${namespace}/pods/${pod.metadata.name}/status`,
    {
      status: { phase: "Running", podIP: ip, conditions: [{ type: "Ready", status: "True" }] },
    },
    "application/merge-patch+json",
  );
}

beforeAll(async () => {
  api = await startControlPlaneApi();
  const watch = (path: string) => {
    const i = informer<Obj>(api.client, path, log);
    informers.push(i);
    return i;
  };
  const pods = watch("/api/v1/pods");
  const nodes = watch("/api/v1/nodes");
  const services = watch("/api/v1/services");
  const deployments = watch("/apis/apps/v1/deployments");
  const replicaSets = watch("/apis/apps/v1/replicasets");
  const daemonSets = watch("/apis/apps/v1/daemonsets");
  const slices = watch("/apis/discovery.k8s.io/v1/endpointslices");
  await Promise.all(informers.map((i) => i.synced));
  startReplicaSetController(api.client, replicaSets, pods, log);
  startDeploymentController(api.client, deployments, replicaSets, log);
  startDaemonSetController(api.client, daemonSets, pods, nodes, log);
  startEndpointSliceController(api.client, services, pods, slices, log);
});
afterAll(async () => {
  await Promise.all(informers.map((i) => i.stop()));
  await api.close();
});

const template = {
  metadata: { labels: { app: "echo" } },
  spec: {
    containers: [
      {
        name: "echo",
        image: "registry.k8s.io/gateway-api/echo-basic:v1.5.1",
        ports: [{ name: "http", containerPort: 3000 }],
      },
    ],
  },
};

describe("Deployment → ReplicaSet → pods", () => {
  it("creates the pods and reports the rollout complete once they are Ready", async () => {
    await api.client.create("/apis/apps/v1/namespaces/default/deployments", {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "echo", namespace: "default" },
      spec: { replicas: 2, selector: { matchLabels: { app: "echo" } }, template },
    });
    const pods = await eventually("two pods", async () => {
      const list = await api.client.list<Json>("/api/v1/namespaces/default/pods", {
        query: { labelSelector: "app=echo" },
      });
      return list.items.length === 2 ? list.items : undefined;
    });
    const hash = pods[0]?.metadata.labels["pod-template-hash"];
    expect(pods[0]?.metadata.generateName).toBe(`echo-${hash}-`);
    expect(pods[0]?.metadata.ownerReferences[0]).toMatchObject({
      kind: "ReplicaSet",
      name: `echo-${hash}`,
      controller: true,
    });
    expect(
      deploymentReady(await api.client.get<Json>("/apis/apps/v1/namespaces/default/deployments/echo")).ok,
    ).toBe(false);
    for (const [i, pod] of pods.entries()) await makeReady("default", pod, `10.244.1.${10 + i}`);
    const done = await eventually("rollout complete", async () => {
      const d = await api.client.get<Json>("/apis/apps/v1/namespaces/default/deployments/echo");
      return deploymentReady(d).ok ? d : undefined;
    });
    expect(done.status).toMatchObject({
      replicas: 2,
      updatedReplicas: 2,
      readyReplicas: 2,
      availableReplicas: 2,
    });
    expect(done.status.conditions.map((c: Json) => [c.type, c.status, c.reason])).toEqual([
      ["Available", "True", "MinimumReplicasAvailable"],
      ["Progressing", "True", "NewReplicaSetAvailable"],
    ]);
  });

  it("gives a Service an EndpointSlice of its ready pods with the named port resolved", async () => {
    await api.client.create("/api/v1/namespaces/default/services", {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "echo", namespace: "default" },
      spec: { selector: { app: "echo" }, ports: [{ name: "http", port: 8080, targetPort: "http" }] },
    });
    const slice = await eventually("a slice with two endpoints", async () => {
      const list = await api.client.list<Json>(
        "/apis/discovery.k8s.io/v1/namespaces/default/endpointslices",
        { query: { labelSelector: "kubernetes.io/service-name=echo" } },
      );
      return list.items[0]?.endpoints?.length === 2 ? list.items[0] : undefined;
    });
    expect(slice.metadata.labels["endpointslice.kubernetes.io/managed-by"]).toBe(
      "endpointslice-controller.k8s.io",
    );
    expect(slice.ports).toEqual([{ name: "http", port: 3000, protocol: "TCP" }]);
    expect(slice.endpoints.map((e: Json) => e.addresses[0])).toEqual(["10.244.1.10", "10.244.1.11"]);
    expect(slice.endpoints[0].conditions).toEqual({ ready: true, serving: true, terminating: false });
  });
});

describe("DaemonSet", () => {
  it("puts one pod on each node it may run on, pinned by node affinity, and counts them", async () => {
    for (const name of ["n1", "n2", "n3"]) {
      await api.client.create("/api/v1/nodes", {
        apiVersion: "v1",
        kind: "Node",
        metadata: {
          name,
          labels: { "kubernetes.io/hostname": name, ...(name === "n3" ? { role: "edge" } : {}) },
        },
        spec:
          name === "n1"
            ? { taints: [{ key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" }] }
            : {},
      });
    }
    await api.client.create("/apis/apps/v1/namespaces/default/daemonsets", {
      apiVersion: "apps/v1",
      kind: "DaemonSet",
      metadata: { name: "agent", namespace: "default" },
      spec: {
        selector: { matchLabels: { app: "agent" } },
        template: {
          metadata: { labels: { app: "agent" } },
          spec: { containers: [{ name: "a", image: "busybox:1.37.0" }] },
        },
      },
    });
    const pods = await eventually("two daemon pods", async () => {
      const list = await api.client.list<Json>("/api/v1/namespaces/default/pods", {
        query: { labelSelector: "app=agent" },
      });
      return list.items.length === 2 ? list.items : undefined;
    });
    const nodes = pods
      .map(
        (p: Json) =>
          p.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]
            .matchFields[0].values[0],
      )
      .sort();
    expect(nodes).toEqual(["n2", "n3"]);
    expect(pods[0]?.spec.tolerations).toEqual(
      expect.arrayContaining([
        { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute" },
      ]),
    );
    for (const [i, pod] of pods.entries()) await makeReady("default", pod, `192.168.5.${20 + i}`);
    const ds = await eventually("daemonset ready", async () => {
      const d = await api.client.get<Json>("/apis/apps/v1/namespaces/default/daemonsets/agent");
      return daemonSetReady(d).ok ? d : undefined;
    });
    expect(ds.status).toMatchObject({
      desiredNumberScheduled: 2,
      currentNumberScheduled: 2,
      numberReady: 2,
      updatedNumberScheduled: 2,
      numberMisscheduled: 0,
    });
  });
});
