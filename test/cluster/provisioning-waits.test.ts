import { describe, expect, it } from "vitest";
import type { KubeAccess, KubeObject } from "../../src/cluster/kube-access.ts";
import { parseTarget, runPlannedWait } from "../../src/cluster/provisioning-waits.ts";
import { ProvisioningError, WaitTimeoutError } from "../../src/errors.ts";
import type { WaitStep } from "../../src/plan/run-plan.ts";
import { manualClock } from "../../src/wait/clock.ts";

function kubeWith(objects: () => KubeObject[]): KubeAccess {
  return {
    applyServerSide: async () => undefined,
    get: async (_v, kind, name) => objects().find((o) => o.kind === kind && o.metadata.name === name),
    list: async (_v, kind) => objects().filter((o) => o.kind === kind),
  };
}

const withCondition = (
  kind: string,
  name: string,
  type: string,
  status: string,
  reason?: string,
): KubeObject => ({
  apiVersion: "v1",
  kind,
  metadata: { name },
  status: { conditions: [{ type, status, ...(reason ? { reason } : {}) }] },
});

const step = (wait: string, condition: string, targets: string[]): WaitStep => ({
  phase: "cluster-ready",
  action: "wait",
  description: "",
  wait,
  budgetMs: 10_000,
  condition,
  targets,
});

describe("runPlannedWait", () => {
  it("waits until every planned node has the condition, polling through the API", async () => {
    let polls = 0;
    const kube = kubeWith(() => {
      polls += 1;
      return [
        withCondition("Node", "a", "Ready", "True"),
        withCondition("Node", "b", "Ready", polls >= 6 ? "True" : "False", "KubeletNotReady"),
      ];
    });
    await runPlannedWait(step("nodesReady", "Ready", ["node/a", "node/b"]), kube, manualClock());
    expect(polls).toBe(6);
  });

  it("times out naming what each pending target last showed", async () => {
    const kube = kubeWith(() => [withCondition("Node", "a", "Ready", "False", "KubeletNotReady")]);
    const error = await runPlannedWait(
      step("nodesReady", "Ready", ["node/a", "node/b"]),
      kube,
      manualClock(),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect((error as WaitTimeoutError).message).toBe(
      "nodesReady: not Ready after 10s (last: 0/2 Ready; node/a Ready=False reason=KubeletNotReady, node/b missing)",
    );
  });

  it("reads CRDs and GatewayClasses with the plan's condition", async () => {
    const kube = kubeWith(() => [
      withCondition("CustomResourceDefinition", "gateways.gateway.networking.k8s.io", "Established", "True"),
      withCondition("GatewayClass", "cilium", "Accepted", "Unknown", "Pending"),
    ]);
    await runPlannedWait(
      step("gatewayApiCrdsEstablished", "Established", ["crd/gateways.gateway.networking.k8s.io"]),
      kube,
      manualClock(),
    );
    const error = await runPlannedWait(
      step("gatewayClassAccepted", "Accepted", ["gatewayclass/cilium"]),
      kube,
      manualClock(),
    ).catch((e: unknown) => e);
    expect((error as WaitTimeoutError).lastObservation).toBe(
      "0/1 Accepted; gatewayclass/cilium Accepted=Unknown reason=Pending",
    );
  });

  it("refuses a target kind up cannot read", async () => {
    const error = await runPlannedWait(
      step("x", "Ready", ["deployment/cilium-operator"]),
      kubeWith(() => []),
      manualClock(),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProvisioningError);
    expect((error as ProvisioningError).message).toContain('waits on "deployment/cilium-operator"');
    expect(parseTarget("crd/gateways.gateway.networking.k8s.io", "p")).toMatchObject({
      name: "gateways.gateway.networking.k8s.io",
    });
    expect(parseTarget("helm-release/cilium-system/cilium", "p")).toMatchObject({
      namespace: "cilium-system",
      release: "cilium",
    });
  });

  it("waits for a Helm release's rollouts, naming the workloads and pods still pending", async () => {
    let polls = 0;
    const kube: KubeAccess = {
      ...kubeWith(() => []),
      list: async (_v, kind) => {
        if (kind === "DaemonSet") return [daemonSet("cilium", 3, 3)];
        if (kind === "Pod") return [pendingPod("hubble-ui-6b4", "Unschedulable", "0/3 nodes are available")];
        polls += 1;
        return [deployment("hubble-ui", polls >= 3 ? 1 : 0)];
      },
    };
    await runPlannedWait(
      step("ciliumRollouts", "RolledOut", ["helm-release/kube-system/cilium"]),
      kube,
      manualClock(),
    );
    expect(polls).toBe(3);
    const stuck = kubeWith(() => [
      daemonSet("cilium", 3, 3),
      deployment("hubble-ui", 0),
      pendingPod("hubble-ui-6b4", "Unschedulable", "0/3 nodes are available"),
    ]);
    const error = await runPlannedWait(
      step("ciliumRollouts", "RolledOut", ["helm-release/kube-system/cilium"]),
      stuck,
      manualClock(),
    ).catch((e: unknown) => e);
    expect((error as WaitTimeoutError).message).toBe(
      "ciliumRollouts: not RolledOut after 10s (last: 0/1 RolledOut; helm-release/kube-system/cilium: 1/2 rolled out; deployment/hubble-ui: 1/1 updated, 0/1 available, 1 total; pods not ready: hubble-ui-6b4 Pending (Unschedulable: 0/3 nodes are available))",
    );
  });
});

const release = { "meta.helm.sh/release-name": "cilium", "meta.helm.sh/release-namespace": "kube-system" };

function daemonSet(name: string, desired: number, available: number): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "DaemonSet",
    metadata: { name, namespace: "kube-system", generation: 1, annotations: release },
    status: {
      observedGeneration: 1,
      desiredNumberScheduled: desired,
      updatedNumberScheduled: desired,
      numberAvailable: available,
      numberReady: available,
    },
  };
}

function deployment(name: string, available: number): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: "kube-system", generation: 1, annotations: release },
    spec: { replicas: 1 },
    status: { observedGeneration: 1, replicas: 1, updatedReplicas: 1, availableReplicas: available },
  };
}

function pendingPod(name: string, reason: string, message: string): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "kube-system" },
    status: {
      phase: "Pending",
      conditions: [{ type: "PodScheduled", status: "False", reason, message }],
    },
  };
}
