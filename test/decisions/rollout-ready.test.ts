import { describe, expect, it } from "vitest";
import { daemonSetReady, deploymentReady } from "../../src/decisions/rollout-ready.ts";

describe("daemonSetReady (cilium agent)", () => {
  const ds = (generation: number, status: Record<string, number>) => ({
    apiVersion: "apps/v1",
    kind: "DaemonSet",
    metadata: { name: "cilium", namespace: "kube-system", generation },
    spec: { updateStrategy: { type: "RollingUpdate" } },
    status,
  });
  it("is ready when every scheduled pod is updated and available", () => {
    const verdict = daemonSetReady(
      ds(2, {
        observedGeneration: 2,
        desiredNumberScheduled: 3,
        updatedNumberScheduled: 3,
        numberAvailable: 3,
        numberReady: 3,
      }),
    );
    expect(verdict).toEqual({ ok: true, seen: "3/3 updated, 3/3 available" });
  });
  it("waits for the controller to observe the new generation", () => {
    expect(daemonSetReady(ds(3, { observedGeneration: 2, desiredNumberScheduled: 3 })).seen).toBe(
      "controller has not observed generation 3 yet (observed 2)",
    );
  });
  it("waits while a node's agent is not available yet", () => {
    expect(
      daemonSetReady(
        ds(1, {
          observedGeneration: 1,
          desiredNumberScheduled: 3,
          updatedNumberScheduled: 3,
          numberAvailable: 2,
        }),
      ),
    ).toEqual({ ok: false, seen: "3/3 updated, 2/3 available" });
  });
  it("is not ready with nothing scheduled", () => {
    expect(daemonSetReady(ds(1, { observedGeneration: 1, desiredNumberScheduled: 0 })).ok).toBe(false);
  });
});

describe("deploymentReady (cilium-operator, hubble-relay, echo)", () => {
  const deploy = (replicas: number, status: Record<string, unknown>, generation = 1) => ({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "cilium-operator", namespace: "kube-system", generation },
    spec: { replicas },
    status: { observedGeneration: generation, ...status },
  });
  it("is ready when all replicas are updated and available", () => {
    expect(deploymentReady(deploy(2, { replicas: 2, updatedReplicas: 2, availableReplicas: 2 })).ok).toBe(
      true,
    );
  });
  it("waits for old replicas to terminate", () => {
    expect(deploymentReady(deploy(2, { replicas: 3, updatedReplicas: 2, availableReplicas: 2 })).seen).toBe(
      "2/2 updated, 2/2 available, 3 total; old replicas pending termination",
    );
  });
  it("reports a stuck rollout (ProgressDeadlineExceeded)", () => {
    const stuck = deploy(1, {
      replicas: 1,
      updatedReplicas: 1,
      availableReplicas: 0,
      conditions: [{ type: "Progressing", status: "False", reason: "ProgressDeadlineExceeded" }],
    });
    expect(deploymentReady(stuck).seen).toBe(
      "rollout stuck: Progressing=False reason=ProgressDeadlineExceeded",
    );
  });
  it("defaults spec.replicas to 1", () => {
    const noReplicas = { ...deploy(1, { replicas: 1, updatedReplicas: 1, availableReplicas: 1 }), spec: {} };
    expect(deploymentReady(noReplicas).ok).toBe(true);
  });
});
