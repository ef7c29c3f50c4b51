import { describe, expect, it } from "vitest";
import { crdEstablished } from "../../src/decisions/crd-established.ts";
import { gatewayClassAccepted } from "../../src/decisions/gatewayclass-accepted.ts";
import { nodeReady, nodesReady } from "../../src/decisions/node-ready.ts";

const cond = (type: string, status: string, reason: string, extra: Record<string, unknown> = {}) => ({
  type,
  status,
  reason,
  message: "",
  lastTransitionTime: "2026-03-02T10:00:00Z",
  ...extra,
});

describe("crdEstablished", () => {
  const crd = (established: string, versions = ["v1"]) => ({
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: "httproutes.gateway.networking.k8s.io" },
    spec: { versions: versions.map((name) => ({ name, served: true, storage: name === "v1" })) },
    status: {
      conditions: [
        cond("NamesAccepted", "True", "NoConflicts"),
        cond("Established", established, established === "True" ? "InitialNamesAccepted" : "Installing"),
      ],
    },
  });
  it("passes once Established=True", () => {
    expect(crdEstablished(crd("True"))).toEqual({
      ok: true,
      seen: "condition Established=True reason=InitialNamesAccepted",
    });
    expect(crdEstablished(crd("False")).ok).toBe(false);
  });
  it("fails when the version the operator needs is not served", () => {
    expect(crdEstablished(crd("True", ["v1beta1"]), "v1")).toEqual({
      ok: false,
      seen: "condition Established=True reason=InitialNamesAccepted, serves v1beta1 (want v1)",
    });
  });
});

describe("gatewayClassAccepted", () => {
  const gatewayClass = (controllerName: string, accepted: ReturnType<typeof cond>[], generation = 1) => ({
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "GatewayClass",
    metadata: { name: "cilium", generation },
    spec: { controllerName },
    status: { conditions: accepted },
  });
  it("passes for Cilium's class when Accepted=True for this generation", () => {
    const ok = gatewayClass("io.cilium/gateway-controller", [
      cond("Accepted", "True", "Accepted", { observedGeneration: 1 }),
    ]);
    expect(gatewayClassAccepted(ok).ok).toBe(true);
  });
  it("fails a class that belongs to another controller", () => {
    expect(
      gatewayClassAccepted(gatewayClass("example.com/gw", [cond("Accepted", "True", "Accepted")])).seen,
    ).toBe("controllerName example.com/gw (want io.cilium/gateway-controller)");
  });
  it("waits while the status is for an older generation or still Pending", () => {
    expect(
      gatewayClassAccepted(
        gatewayClass(
          "io.cilium/gateway-controller",
          [cond("Accepted", "True", "Accepted", { observedGeneration: 1 })],
          2,
        ),
      ).ok,
    ).toBe(false);
    expect(
      gatewayClassAccepted(
        gatewayClass("io.cilium/gateway-controller", [cond("Accepted", "Unknown", "Pending")]),
      ).seen,
    ).toBe("condition Accepted=Unknown reason=Pending");
  });
});

describe("nodeReady / nodesReady", () => {
  const node = (name: string, ready: string, reason: string) => ({
    apiVersion: "v1",
    kind: "Node",
    metadata: { name },
    status: {
      conditions: [
        cond("MemoryPressure", "False", "KubeletHasSufficientMemory"),
        cond("Ready", ready, reason),
      ],
    },
  });
  it("reads the Ready condition", () => {
    expect(nodeReady(node("cc-control-plane", "True", "KubeletReady"))).toEqual({
      ok: true,
      seen: "cc-control-plane: condition Ready=True reason=KubeletReady",
    });
  });
  it("lists which of the expected nodes are not Ready or not registered", () => {
    const verdict = nodesReady(
      [node("cc-control-plane", "True", "KubeletReady"), node("cc-worker", "False", "KubeletNotReady")],
      ["cc-control-plane", "cc-worker", "cc-worker2"],
    );
    expect(verdict).toEqual({
      ok: false,
      seen: "1/3 Ready; cc-worker: condition Ready=False reason=KubeletNotReady; cc-worker2: not registered",
      value: { ready: ["cc-control-plane"] },
    });
  });
});
