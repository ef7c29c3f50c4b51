import { describe, expect, it } from "vitest";
import type { KubeAccess, KubeObject } from "../../src/cluster/kube-access.ts";
import { runPlannedWait, targetName } from "../../src/cluster/provisioning-waits.ts";
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

const node = (name: string, ready: string, reason?: string): KubeObject => ({
  apiVersion: "v1",
  kind: "Node",
  metadata: { name },
  status: { conditions: [{ type: "Ready", status: ready, ...(reason ? { reason } : {}) }] },
});

const step = (wait: string, targets: string[]): WaitStep => ({
  phase: "cluster-ready",
  action: "wait",
  description: "",
  wait,
  budgetMs: 10_000,
  targets,
});

describe("runPlannedWait", () => {
  it("waits until every planned node is Ready, polling through the API", async () => {
    let polls = 0;
    const kube = kubeWith(() => {
      polls += 1;
      return [node("a", "True"), node("b", polls >= 3 ? "True" : "False", "KubeletNotReady")];
    });
    await runPlannedWait(step("nodesReady", ["node/a", "node/b"]), kube, manualClock());
    expect(polls).toBe(3);
  });

  it("times out naming what it last saw", async () => {
    const kube = kubeWith(() => [node("a", "False", "KubeletNotReady")]);
    const error = await runPlannedWait(step("nodesReady", ["node/a", "node/b"]), kube, manualClock()).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect((error as WaitTimeoutError).message).toBe(
      "nodesReady: nodes not Ready after 10s (last: 0/2 Ready; a Ready=False reason=KubeletNotReady, b not registered)",
    );
  });

  it("reports CRDs that are missing or not yet Established", async () => {
    const crd = (name: string, status: string): KubeObject => ({
      apiVersion: "apiextensions.k8s.io/v1",
      kind: "CustomResourceDefinition",
      metadata: { name },
      status: { conditions: [{ type: "Established", status, reason: "Installing" }] },
    });
    const kube = kubeWith(() => [crd("gateways.gateway.networking.k8s.io", "False")]);
    const error = await runPlannedWait(
      step("gatewayApiCrdsEstablished", [
        "crd/gateways.gateway.networking.k8s.io",
        "crd/httproutes.gateway.networking.k8s.io",
      ]),
      kube,
      manualClock(),
    ).catch((e: unknown) => e);
    expect((error as WaitTimeoutError).lastObservation).toBe(
      "0/2 Established; gateways.gateway.networking.k8s.io Established=False reason=Installing, httproutes.gateway.networking.k8s.io missing",
    );
  });

  it("refuses a wait the plan names but up does not know", async () => {
    const error = await runPlannedWait(
      step("somethingNew", []),
      kubeWith(() => []),
      manualClock(),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProvisioningError);
    expect((error as ProvisioningError).message).toContain('wait "somethingNew"');
  });

  it("reads plan targets of the form resource/name", () => {
    expect(targetName("crd/gateways.gateway.networking.k8s.io")).toBe("gateways.gateway.networking.k8s.io");
    expect(targetName("gatewayclass/cilium")).toBe("cilium");
  });
});
