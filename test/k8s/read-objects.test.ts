import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { KubeApiError } from "../../src/k8s/kube-api-error.ts";
import { getObject, listObjects } from "../../src/k8s/read-objects.ts";
import { type FakeCluster, startFakeCluster } from "./support/fake-cluster.ts";

const service = (name: string, labels: Record<string, string>) => ({
  apiVersion: "v1",
  kind: "Service",
  metadata: { name, namespace: "cc-lbipam", labels },
  spec: { type: "LoadBalancer", ports: [{ name: "http", port: 80 }] },
  status: {
    conditions: [
      {
        type: "cilium.io/IPAMRequestSatisfied",
        status: "True",
        reason: "satisfied",
        message: "",
        lastTransitionTime: "2026-03-02T10:00:00Z",
      },
    ],
    loadBalancer: { ingress: [{ ip: "192.168.5.31", ipMode: "VIP" }] },
  },
});

describe("getObject / listObjects", () => {
  let cluster: FakeCluster;
  beforeEach(async () => {
    cluster = await startFakeCluster({ namespaces: ["cc-lbipam"] });
  });
  afterEach(() => cluster.close());

  it("returns undefined for an object that does not exist (404)", async () => {
    const got = await getObject(cluster.client, {
      apiVersion: "v1",
      kind: "Service",
      namespace: "x",
      name: "nope",
    });
    expect(got).toBeUndefined();
    expect(cluster.api.requestsMatching("GET", "/api/v1/namespaces/x/services/nope")).toHaveLength(1);
  });

  it("returns the wire JSON: timestamps stay strings, fields client-node does not model survive", async () => {
    cluster.api.put(service("echo", {}));
    const got = await getObject(cluster.client, {
      apiVersion: "v1",
      kind: "Service",
      namespace: "cc-lbipam",
      name: "echo",
    });
    if (!got) throw new Error("Service not returned");
    const status = got.status as ReturnType<typeof service>["status"];
    expect(status.conditions[0]?.lastTransitionTime).toBe("2026-03-02T10:00:00Z");
    expect(typeof (got.metadata as unknown as Record<string, unknown>).creationTimestamp).toBe("string");
    expect(status.loadBalancer.ingress).toEqual([{ ip: "192.168.5.31", ipMode: "VIP" }]);
  });

  it("throws a typed error for other failures (500 from the server)", async () => {
    cluster.api.failNext({
      method: "GET",
      path: "/services/echo",
      code: 500,
      reason: "InternalError",
      message: "etcd down",
    });
    const failure = getObject(cluster.client, {
      apiVersion: "v1",
      kind: "Service",
      namespace: "a",
      name: "echo",
    });
    await expect(failure).rejects.toBeInstanceOf(KubeApiError);
    await expect(failure).rejects.toThrow("get Service a/echo: HTTP 500 InternalError: etcd down");
  });

  it("lists by label selector, fills in apiVersion/kind of built-in items, and returns the resourceVersion", async () => {
    cluster.api.put(service("a", { suite: "lbipam", share: "k1" }));
    cluster.api.put(service("b", { suite: "lbipam" }));
    cluster.api.put(service("c", { suite: "gateway" }));
    const listed = await listObjects(cluster.client, {
      apiVersion: "v1",
      kind: "Service",
      namespace: "cc-lbipam",
      labelSelector: "suite=lbipam",
    });
    expect(listed.items.map((item) => item.metadata.name)).toEqual(["a", "b"]);
    expect(listed.items[0]).toMatchObject({ apiVersion: "v1", kind: "Service" });
    expect(listed.resourceVersion).toBe(String(cluster.api.store.currentVersion));
    const request = cluster.api.requestsMatching("GET", "/api/v1/namespaces/cc-lbipam/services").at(-1);
    expect(request?.query.labelSelector).toBe("suite=lbipam");

    const shared = await listObjects(cluster.client, {
      apiVersion: "v1",
      kind: "Service",
      labelSelector: "suite in (lbipam,gateway),!share",
    });
    expect(shared.items.map((item) => item.metadata.name)).toEqual(["b", "c"]);
  });

  it("lists cluster-scoped custom resources by field selector", async () => {
    for (const name of ["home-compute-pool", "other"]) {
      cluster.api.put({
        apiVersion: "cilium.io/v2",
        kind: "CiliumLoadBalancerIPPool",
        metadata: { name },
        spec: {},
      });
    }
    const listed = await listObjects(cluster.client, {
      apiVersion: "cilium.io/v2alpha1",
      kind: "CiliumLoadBalancerIPPool",
      fieldSelector: "metadata.name=home-compute-pool",
    });
    expect(listed.items).toHaveLength(1);
    // The same object is served under every version of the CRD, as an API server does.
    expect(listed.items[0]?.apiVersion).toBe("cilium.io/v2alpha1");
  });
});
