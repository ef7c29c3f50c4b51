import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { generatedName } from "../../../rehearsal/kube-api/deletion.ts";
import { runningPod } from "../../k8s/support/pods.ts";
import { FakeKubeApi } from "../../support/fake-kube-api.ts";
import { type AdminClient, adminClient } from "./admin-client.ts";

// Deletion (KUBE-API-FACTS.md, Deletion): finalizers hold an object with deletionTimestamp set;
// propagationPolicy adds its finalizer; pods on a node go gracefully; namespaces go Terminating,
// answer 409 to a second DELETE and 403 NamespaceTerminating to creates inside.

let api: FakeKubeApi;
let admin: AdminClient;
beforeEach(async () => {
  api = await FakeKubeApi.start({ namespaces: ["demo"] });
  admin = adminClient(api);
});
afterEach(() => api.close());

const CM = "/api/v1/namespaces/demo/configmaps";
const configMap = (name: string, finalizers?: string[]) => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name, ...(finalizers ? { finalizers } : {}) },
});

describe("finalizers and propagation", () => {
  it("answers a Success Status for an object that goes at once, then 404", async () => {
    await admin.post(CM, configMap("c"));
    const gone = await admin.delete(`${CM}/c`);
    expect(gone.status).toBe(200);
    expect(gone.json()).toMatchObject({
      kind: "Status",
      status: "Success",
      details: { name: "c", kind: "configmaps" },
    });
    expect((gone.json().details as Record<string, unknown>).group).toBeUndefined();
    expect((await admin.delete(`${CM}/c`)).status).toBe(404);
  });

  it("keeps an object with a finalizer (deletionTimestamp set, the object answered) until the last finalizer goes", async () => {
    await admin.post(CM, configMap("held", ["example.io/cleanup"]));
    const pending = await admin.delete(`${CM}/held`);
    expect(pending.status).toBe(200);
    expect(pending.json()).toMatchObject({
      kind: "ConfigMap",
      metadata: { finalizers: ["example.io/cleanup"] },
    });
    expect((pending.json().metadata as { deletionTimestamp?: string }).deletionTimestamp).toMatch(/Z$/);
    const more = await admin.mergePatch(`${CM}/held`, {
      metadata: { finalizers: ["example.io/cleanup", "example.io/more"] },
    });
    expect(more.status).toBe(422);
    expect(more.json().message).toContain("no new finalizers can be added if the object is being deleted");
    const released = await admin.mergePatch(`${CM}/held`, { metadata: { finalizers: null } });
    expect(released.status).toBe(200);
    expect((await admin.get(`${CM}/held`)).status).toBe(404);
  });

  it("adds the foregroundDeletion / orphan finalizer for those propagation policies", async () => {
    await admin.post(CM, configMap("fg"));
    const foreground = await admin.delete(`${CM}/fg`, { propagationPolicy: "Foreground" });
    expect((foreground.json().metadata as { finalizers: string[] }).finalizers).toEqual([
      "foregroundDeletion",
    ]);
    await admin.post(CM, configMap("or"));
    const orphan = await admin.delete(`${CM}/or?propagationPolicy=Orphan`);
    expect((orphan.json().metadata as { finalizers: string[] }).finalizers).toEqual(["orphan"]);
    const bad = await admin.delete(`${CM}/or?propagationPolicy=Sometimes`);
    expect(bad.status).toBe(422);
  });

  it("deletes a pod on a node gracefully (its grace period), an unscheduled one at once", async () => {
    api.put(runningPod({ namespace: "demo", name: "p1" }));
    const graceful = await admin.delete("/api/v1/namespaces/demo/pods/p1");
    expect(graceful.json()).toMatchObject({ kind: "Pod", metadata: { deletionGracePeriodSeconds: 30 } });
    const pending = runningPod({ namespace: "demo", name: "p2" });
    delete (pending.spec as Record<string, unknown>).nodeName;
    api.put(pending);
    expect((await admin.delete("/api/v1/namespaces/demo/pods/p2")).json()).toMatchObject({
      kind: "Status",
      status: "Success",
    });
  });
});

describe("namespace lifecycle", () => {
  it("goes Terminating on DELETE, answers 409 to a second one, 403 NamespaceTerminating to a create inside", async () => {
    api.deletionDelayMs = 60_000;
    const first = await admin.delete("/api/v1/namespaces/demo");
    expect(first.status).toBe(200);
    expect(first.json()).toMatchObject({
      kind: "Namespace",
      spec: { finalizers: ["kubernetes"] },
      status: { phase: "Terminating" },
    });
    const second = await admin.delete("/api/v1/namespaces/demo");
    expect(second.status).toBe(409);
    expect(second.json()).toMatchObject({
      reason: "Conflict",
      message:
        'Operation cannot be fulfilled on namespaces "demo": The system is ensuring all content is removed from this namespace.  Upon completion, this namespace will automatically be purged by the system.',
    });
    const inside = await admin.post(CM, configMap("late"));
    expect(inside.status).toBe(403);
    expect(inside.json()).toMatchObject({
      reason: "Forbidden",
      message:
        'configmaps "late" is forbidden: unable to create new content in namespace demo because it is being terminated',
      details: {
        causes: [
          {
            reason: "NamespaceTerminating",
            message: "namespace demo is being terminated",
            field: "metadata.namespace",
          },
        ],
      },
    });
  });

  it("goes once its content is gone and the kubernetes finalizer removed (PUT …/finalize)", async () => {
    api.deletionDelayMs = 60_000;
    await admin.post(CM, configMap("c"));
    await admin.delete("/api/v1/namespaces/demo");
    expect((await admin.get("/api/v1/namespaces/demo")).status).toBe(200);
    api.purgeNamespace("demo");
    expect((await admin.get("/api/v1/namespaces/demo")).status).toBe(404);
    expect((await admin.get(`${CM}/c`)).status).toBe(404);
  });

  it("refuses to delete kube-system", async () => {
    const response = await admin.delete("/api/v1/namespaces/kube-system");
    expect(response.status).toBe(403);
    expect(response.json().message).toBe(
      'namespaces "kube-system" is forbidden: this namespace may not be deleted',
    );
  });
});

describe("generateName", () => {
  it("appends 5 characters of the API server's alphabet (apiserver/pkg/storage/names)", async () => {
    expect(generatedName("echo-", () => 0)).toBe("echo-bbbbb");
    const created = await admin.post(CM, {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { generateName: "run-" },
    });
    expect((created.json().metadata as { name: string }).name).toMatch(
      /^run-[bcdfghjklmnpqrstvwxz2456789]{5}$/,
    );
  });
});

describe("CRD deletion", () => {
  it("deletes the custom resources, then the CRD; its kind is no longer served", async () => {
    await admin.post("/apis/cilium.io/v2/ciliumloadbalancerippools", {
      apiVersion: "cilium.io/v2",
      kind: "CiliumLoadBalancerIPPool",
      metadata: { name: "pool" },
      spec: { blocks: [{ cidr: "192.168.5.0/24" }] },
    });
    const pending = await admin.delete(
      "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/ciliumloadbalancerippools.cilium.io",
    );
    expect((pending.json().metadata as { finalizers: string[] }).finalizers).toContain(
      "customresourcecleanup.apiextensions.k8s.io",
    );
    await vi.waitFor(async () =>
      expect(
        (
          await admin.get(
            "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/ciliumloadbalancerippools.cilium.io",
          )
        ).status,
      ).toBe(404),
    );
    expect((await admin.get("/apis/cilium.io/v2/ciliumloadbalancerippools")).status).toBe(404);
  });
});
