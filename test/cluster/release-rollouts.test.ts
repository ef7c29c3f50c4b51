import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../src/cluster/kube-access.ts";
import { releaseRollouts } from "../../src/cluster/release-rollouts.ts";

const ours = { "meta.helm.sh/release-name": "cilium" };

const ds = (name: string, available: number, annotations: Record<string, string> = ours): KubeObject => ({
  apiVersion: "apps/v1",
  kind: "DaemonSet",
  metadata: { name, namespace: "kube-system", generation: 2, annotations },
  status: {
    observedGeneration: 2,
    desiredNumberScheduled: 3,
    updatedNumberScheduled: 3,
    numberAvailable: available,
    numberReady: 3,
  },
});

const deploy = (name: string, replicas: number, available: number, updated = replicas): KubeObject => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name, namespace: "kube-system", generation: 1, annotations: ours },
  spec: { replicas },
  status: {
    observedGeneration: 1,
    replicas,
    updatedReplicas: updated,
    availableReplicas: available,
    readyReplicas: available,
  },
});

const look = (daemonSets: KubeObject[], deployments: KubeObject[] = [], pods: KubeObject[] = []) =>
  releaseRollouts({ release: "cilium", namespace: "kube-system", daemonSets, deployments, pods });

describe("releaseRollouts", () => {
  it("is done when every workload of the release is rolled out and available", () => {
    expect(look([ds("cilium", 3), ds("cilium-envoy", 3)], [deploy("cilium-operator", 2, 2)])).toEqual({
      done: true,
      value: true,
      seen: "3/3 rolled out",
    });
  });

  it("fails on what cilium status --ignore-warnings lets pass: ready but not available", () => {
    // 3 ready but only 2 available (minReadySeconds): cilium status calls that a warning.
    const seen = look([ds("cilium", 2)]);
    expect(seen.done).toBe(false);
    expect(seen.seen).toBe("0/1 rolled out; daemonset/cilium: 3/3 updated, 2/3 available");
  });

  it("fails while a surge replica of a rollout is pending, listing the pending pods and why", () => {
    const pods: KubeObject[] = [
      {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "hubble-relay-7d9-x2", namespace: "kube-system" },
        status: {
          phase: "Pending",
          containerStatuses: [
            { name: "hubble-relay", ready: false, state: { waiting: { reason: "ImagePullBackOff" } } },
          ],
        },
      },
      {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "cilium-abcde", namespace: "kube-system" },
        status: { phase: "Running", conditions: [{ type: "Ready", status: "True" }] },
      },
    ];
    const seen = look([ds("cilium", 3)], [deploy("hubble-relay", 1, 1, 0)], pods);
    expect(seen.seen).toBe(
      "1/2 rolled out; deployment/hubble-relay: 0/1 updated, 1/1 available, 1 total; pods not ready: hubble-relay-7d9-x2 Pending (ImagePullBackOff)",
    );
  });

  it("never calls an empty or foreign listing done: the agent DaemonSet must be there", () => {
    expect(look([]).seen).toBe(
      "DaemonSet kube-system/cilium of Helm release cilium not found (release workloads: none)",
    );
    // Workloads of another release in the namespace do not count.
    const other = look([ds("cilium", 3, { "meta.helm.sh/release-name": "other" })]);
    expect(other.done).toBe(false);
  });
});
