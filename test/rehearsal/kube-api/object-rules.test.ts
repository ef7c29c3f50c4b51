import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeKubeApi } from "../../support/fake-kube-api.ts";
import { type AdminClient, adminClient } from "./admin-client.ts";

// The API server's rules for any write (KUBE-API-FACTS.md, Writes and Errors): names, labels,
// the /status subresource, generation, Service allocation, Time/MicroTime, Status shapes.

let api: FakeKubeApi;
let admin: AdminClient;
beforeEach(async () => {
  api = await FakeKubeApi.start({ namespaces: ["demo"] });
  admin = adminClient(api);
});
afterEach(() => api.close());

const service = (name: string, spec: Record<string, unknown> = {}) => ({
  apiVersion: "v1",
  kind: "Service",
  metadata: { name },
  spec: { ports: [{ port: 80 }], ...spec },
});

describe("names and labels", () => {
  it("refuses names that are not DNS-1123 (namespaces: label; most kinds: subdomain; Services: DNS-1035)", async () => {
    const namespace = await admin.post("/api/v1/namespaces", {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: "Bad_Name" },
    });
    expect(namespace.status).toBe(422);
    expect(namespace.json()).toMatchObject({
      reason: "Invalid",
      details: {
        name: "Bad_Name",
        kind: "Namespace",
        causes: [{ reason: "FieldValueInvalid", field: "metadata.name" }],
      },
    });
    expect(namespace.json().message).toMatch(
      /^Namespace "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 label/,
    );
    const dotted = await admin.post("/api/v1/namespaces/demo/configmaps", {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "a.b" },
    });
    expect(dotted.status).toBe(201);
    const svc = await admin.post("/api/v1/namespaces/demo/services", service("1echo"));
    expect(svc.status).toBe(422);
    expect(svc.json().message).toContain(
      "a DNS-1035 label must consist of lower case alphanumeric characters",
    );
  });

  it("refuses a label value with a space", async () => {
    const response = await admin.post("/api/v1/namespaces/demo/configmaps", {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "c", labels: { app: "not valid" } },
    });
    expect(response.status).toBe(422);
    expect(response.json().message).toContain(
      'metadata.labels: Invalid value: "not valid": a valid label must be an empty string',
    );
  });
});

describe("status subresource and generation", () => {
  const path = "/apis/apps/v1/namespaces/demo/deployments/echo";
  const deployment = (replicas: number, status?: Record<string, unknown>) => ({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "echo", namespace: "demo" },
    spec: {
      replicas,
      selector: { matchLabels: { app: "echo" } },
      template: {
        metadata: { labels: { app: "echo" } },
        spec: { containers: [{ name: "echo", image: "echo:1" }] },
      },
    },
    ...(status ? { status } : {}),
  });

  it("ignores status on the main resource and spec on /status; generation moves with the spec only", async () => {
    const created = await admin.apply(path, deployment(1, { readyReplicas: 5 }), "harness");
    expect(created.json().status).toBeUndefined();
    expect((created.json().metadata as { generation: number }).generation).toBe(1);
    const status = await admin.mergePatch(`${path}/status`, {
      spec: { replicas: 9 },
      status: { readyReplicas: 1, observedGeneration: 1 },
    });
    expect(status.status).toBe(200);
    expect(status.json()).toMatchObject({
      spec: { replicas: 1 },
      status: { readyReplicas: 1 },
      metadata: { generation: 1 },
    });
    const labelled = await admin.mergePatch(path, { metadata: { labels: { a: "b" } } });
    expect((labelled.json().metadata as { generation: number }).generation).toBe(1);
    const scaled = await admin.apply(path, deployment(3), "harness");
    expect((scaled.json().metadata as { generation: number }).generation).toBe(2);
    expect(scaled.json().status).toEqual({ readyReplicas: 1, observedGeneration: 1 });
  });

  it("keeps no generation for kinds whose strategy has none (ConfigMap)", async () => {
    const created = await admin.post("/api/v1/namespaces/demo/configmaps", {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "c" },
    });
    expect((created.json().metadata as { generation?: number }).generation).toBeUndefined();
  });
});

describe("Service allocation", () => {
  it("allocates a ClusterIP in 10.96.0.0/16 and node ports in 30000-32767 for a LoadBalancer, defaults the rest", async () => {
    const created = await admin.post(
      "/api/v1/namespaces/demo/services",
      service("echo", { type: "LoadBalancer" }),
    );
    expect(created.status).toBe(201);
    const spec = created.json().spec as Record<string, unknown> & { ports: Record<string, unknown>[] };
    expect(spec.clusterIP).toMatch(/^10\.96\.\d+\.\d+$/);
    expect(spec.clusterIPs).toEqual([spec.clusterIP]);
    expect(spec.ports[0]).toMatchObject({ port: 80, protocol: "TCP", targetPort: 80 });
    expect(Number(spec.ports[0]?.nodePort)).toBeGreaterThanOrEqual(30000);
    expect(Number(spec.ports[0]?.nodePort)).toBeLessThanOrEqual(32767);
    expect(spec).toMatchObject({
      sessionAffinity: "None",
      externalTrafficPolicy: "Cluster",
      allocateLoadBalancerNodePorts: true,
      ipFamilies: ["IPv4"],
      ipFamilyPolicy: "SingleStack",
    });
    expect(created.json().status).toEqual({ loadBalancer: {} });
  });

  it("refuses a ClusterIP already taken (the kubernetes Service's 10.96.0.1) and one outside the range", async () => {
    const taken = await admin.post(
      "/api/v1/namespaces/demo/services",
      service("a", { clusterIP: "10.96.0.1" }),
    );
    expect(taken.status).toBe(422);
    expect(taken.json().message).toContain(
      "failed to allocate IP 10.96.0.1: provided IP is already allocated",
    );
    const outside = await admin.post(
      "/api/v1/namespaces/demo/services",
      service("b", { clusterIP: "192.168.5.30" }),
    );
    expect(outside.status).toBe(422);
    expect(outside.json().message).toContain("is not in the valid range");
  });

  it("gives a deleted Service's node port back", async () => {
    const first = await admin.post(
      "/api/v1/namespaces/demo/services",
      service("a", { type: "NodePort", ports: [{ port: 80, nodePort: 30080 }] }),
    );
    expect(first.status).toBe(201);
    const clash = await admin.post(
      "/api/v1/namespaces/demo/services",
      service("b", { type: "NodePort", ports: [{ port: 80, nodePort: 30080 }] }),
    );
    expect(clash.json().message).toContain(
      "spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated",
    );
    await admin.delete("/api/v1/namespaces/demo/services/a");
    expect(
      (
        await admin.post(
          "/api/v1/namespaces/demo/services",
          service("b", { type: "NodePort", ports: [{ port: 80, nodePort: 30080 }] }),
        )
      ).status,
    ).toBe(201);
  });
});

describe("Time and MicroTime", () => {
  const lease = (renewTime: string) => ({
    apiVersion: "coordination.k8s.io/v1",
    kind: "Lease",
    metadata: { name: "l", namespace: "demo" },
    spec: { holderIdentity: "node-a", leaseDurationSeconds: 15, renewTime },
  });

  it("refuses a MicroTime without exactly six fractional digits (400), keeps one with them", async () => {
    const bad = await admin.post(
      "/apis/coordination.k8s.io/v1/namespaces/demo/leases",
      lease("2026-03-02T10:00:00Z"),
    );
    expect(bad.status).toBe(400);
    expect(bad.json().message).toContain('cannot parse "Z" as ".000000"');
    const good = await admin.post(
      "/apis/coordination.k8s.io/v1/namespaces/demo/leases",
      lease("2026-03-02T10:00:00.123456Z"),
    );
    expect(good.status).toBe(201);
    expect((good.json().spec as { renewTime: string }).renewTime).toBe("2026-03-02T10:00:00.123456Z");
    expect((good.json().metadata as { creationTimestamp: string }).creationTimestamp).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
    );
  });

  it("writes a Time in whole seconds, UTC", async () => {
    const created = await admin.post("/api/v1/namespaces/demo/events", {
      apiVersion: "v1",
      kind: "Event",
      metadata: { name: "e1" },
      involvedObject: { kind: "Pod", name: "p", namespace: "demo" },
      reason: "Test",
      lastTimestamp: "2026-03-02T12:00:00.987+02:00",
    });
    expect(created.json().lastTimestamp).toBe("2026-03-02T10:00:00Z");
  });
});

describe("Status shapes", () => {
  it("names the resource plural in NotFound details, omits the core group, qualifies other groups", async () => {
    const core = await admin.get("/api/v1/namespaces/demo/services/nope");
    expect(core.json()).toEqual({
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: 'services "nope" not found',
      reason: "NotFound",
      details: { name: "nope", kind: "services" },
      code: 404,
    });
    const gateway = await admin.get("/apis/gateway.networking.k8s.io/v1/namespaces/demo/gateways/gw");
    expect(gateway.json()).toMatchObject({
      message: 'gateways.gateway.networking.k8s.io "gw" not found',
      details: { name: "gw", group: "gateway.networking.k8s.io", kind: "gateways" },
    });
  });

  it("refuses a create into a namespace that does not exist (404 for the namespace)", async () => {
    const response = await admin.post("/api/v1/namespaces/nowhere/configmaps", {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "c" },
    });
    expect(response.status).toBe(404);
    expect(response.json()).toMatchObject({
      message: 'namespaces "nowhere" not found',
      details: { name: "nowhere", kind: "namespaces" },
    });
  });
});
