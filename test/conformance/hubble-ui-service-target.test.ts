import type { V1Pod, V1Service } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { ciliumComponents } from "../../src/conformance/cilium-components.ts";
import { resolveServiceTarget, serviceSelector } from "../../src/conformance/hubble/ui-service-target.ts";

// Shaped as Cilium's chart renders the hubble-ui Service and Deployment (frontend nginx on 8081,
// backend gRPC on 8090).
const service = (targetPort?: number | string): V1Service => ({
  apiVersion: "v1",
  kind: "Service",
  metadata: { name: "hubble-ui", namespace: "kube-system", labels: { "k8s-app": "hubble-ui" } },
  spec: {
    type: "ClusterIP",
    selector: { "k8s-app": "hubble-ui" },
    ports: [{ name: "http", port: 80, protocol: "TCP", ...(targetPort === undefined ? {} : { targetPort }) }],
  },
});

const pod = (name: string, ready: boolean, frontendPort = 8081): V1Pod => ({
  metadata: { name, namespace: "kube-system", labels: { "k8s-app": "hubble-ui" } },
  spec: {
    containers: [
      {
        name: "frontend",
        image: "quay.io/cilium/hubble-ui",
        ports: [{ name: "http", containerPort: frontendPort }],
      },
      {
        name: "backend",
        image: "quay.io/cilium/hubble-ui-backend",
        ports: [{ name: "grpc", containerPort: 8090 }],
      },
    ],
  },
  status: {
    phase: "Running",
    conditions: [{ type: "Ready", status: ready ? "True" : "False" }],
  },
});

describe("resolveServiceTarget (Hubble UI)", () => {
  it("follows port 80 to a numeric targetPort on a ready pod", () => {
    const verdict = resolveServiceTarget(service(8081), ciliumComponents("kube-system").ui.port, [
      pod("hubble-ui-a", false),
      pod("hubble-ui-b", true),
    ]);
    expect(verdict.ok).toBe(true);
    expect(verdict.value).toEqual({ pod: "hubble-ui-b", podPort: 8081 });
    expect(verdict.seen).toBe("Service kube-system/hubble-ui port 80 → targetPort 8081 on pod hubble-ui-b");
  });

  it("follows a named targetPort to the chosen pod's container port of that name", () => {
    const verdict = resolveServiceTarget(service("http"), 80, [pod("hubble-ui-a", true, 9090)]);
    expect(verdict.value).toEqual({ pod: "hubble-ui-a", podPort: 9090 });
    expect(verdict.seen).toContain("targetPort http = 9090");
    expect(resolveServiceTarget(service("grpc"), 80, [pod("p", true)]).value?.podPort).toBe(8090);
  });

  it("takes a numeric string as a number and an unset targetPort as the Service port", () => {
    expect(resolveServiceTarget(service("8081"), 80, [pod("p", true)]).value?.podPort).toBe(8081);
    expect(resolveServiceTarget(service(), 80, [pod("p", true)]).value?.podPort).toBe(80);
  });

  it("fails with what it saw: no such Service port, no ready pod, an unknown port name", () => {
    expect(resolveServiceTarget(service(8081), 8080, [pod("p", true)]).seen).toBe(
      "Service kube-system/hubble-ui has no port 8080 (ports: 80)",
    );
    const notReady = resolveServiceTarget(service(8081), 80, [pod("p", false)]);
    expect(notReady.ok).toBe(false);
    expect(notReady.seen).toBe("Service kube-system/hubble-ui selects no ready pod (1 pod(s) selected)");
    const unnamed = resolveServiceTarget(service("web"), 80, [pod("p", true)]);
    expect(unnamed.ok).toBe(false);
    expect(unnamed.seen).toContain('pod p has no container port named "web"');
  });

  it("turns the Service's selector into a label selector", () => {
    expect(serviceSelector(service(8081))).toBe("k8s-app=hubble-ui");
    expect(serviceSelector({ spec: { selector: { a: "1", b: "2" } } })).toBe("a=1,b=2");
    expect(serviceSelector({ spec: {} })).toBeUndefined();
  });
});
