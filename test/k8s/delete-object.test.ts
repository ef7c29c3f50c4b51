import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applyObjects } from "../../src/k8s/apply-manifests.ts";
import { deleteAndWaitGone, deleteObject, objectGone } from "../../src/k8s/delete-object.ts";
import type { KubeObject } from "../../src/k8s/kube-object.ts";
import { manualClock } from "../../src/wait/clock.ts";
import { isSettled } from "../support/is-settled.ts";
import { type FakeCluster, startFakeCluster } from "./support/fake-cluster.ts";

const NS = { apiVersion: "v1", kind: "Namespace", name: "cc-l2" };

describe("deleteObject / deleteAndWaitGone", () => {
  let cluster: FakeCluster;
  beforeEach(async () => {
    cluster = await startFakeCluster();
  });
  afterEach(() => cluster.close());

  it("deletes with background propagation and says whether the object existed", async () => {
    cluster.api.put({ apiVersion: "v1", kind: "Namespace", metadata: { name: "cc-l2" } });
    expect(await deleteObject(cluster.client, NS)).toBe(true);
    const request = cluster.api.requestsMatching("DELETE", "/api/v1/namespaces/cc-l2")[0];
    expect(request?.query.propagationPolicy).toBe("Background");
    expect(await deleteObject(cluster.client, NS)).toBe(false);
  });

  it("waits through the deleting phase (deletionTimestamp) until the object is gone", async () => {
    // The object stays in its deleting phase until the test removes it, once the wait watches it
    // (events, and a manual clock whose budget cannot run out: issue 17; a 250 ms server delay
    // measured against the wait's elapsed time broke when the DELETE's answer was slow).
    cluster.api.deletionDelayMs = 60_000;
    cluster.api.put({ apiVersion: "v1", kind: "Namespace", metadata: { name: "cc-l2" } });
    const done = deleteAndWaitGone(cluster.client, NS, {
      name: "namespaceGone",
      budgetMs: 5000,
      clock: manualClock(),
    });
    await cluster.api.whenWatching();
    expect(cluster.api.get(NS)?.metadata).toHaveProperty("deletionTimestamp");
    expect(await isSettled(done)).toBe(false);
    cluster.api.remove(NS);
    const result = await done;
    expect(result.existed).toBe(true);
    expect(cluster.api.get(NS)).toBeUndefined();
  });

  it("times out naming the finalizers that hold the object (a namespace's spec.finalizers)", async () => {
    cluster.api.deletionDelayMs = 60_000;
    cluster.api.put({ apiVersion: "v1", kind: "Namespace", metadata: { name: "cc-l2" } });
    const clock = manualClock();
    const failure = deleteAndWaitGone(cluster.client, NS, { name: "namespaceGone", budgetMs: 300, clock });
    await cluster.api.whenWatching();
    clock.advance(300);
    await expect(failure).rejects.toThrow(
      /namespaceGone: Namespace cc-l2 not gone after 300ms \(last: being deleted since .+, finalizers kubernetes\)/,
    );
  });

  it("takes a second DELETE of a terminating namespace (409 from the server) as the deletion in progress", async () => {
    cluster.api.deletionDelayMs = 60_000;
    cluster.api.put({ apiVersion: "v1", kind: "Namespace", metadata: { name: "cc-l2" } });
    expect(await deleteObject(cluster.client, NS)).toBe(true);
    expect(cluster.api.get(NS)).toMatchObject({ status: { phase: "Terminating" } });
    expect(await deleteObject(cluster.client, NS)).toBe(true);
    expect(cluster.api.requestsMatching("DELETE", "/api/v1/namespaces/cc-l2")).toHaveLength(2);
  });

  it("names a create inside a terminating namespace NamespaceTerminating, not a permissions problem", async () => {
    cluster.api.deletionDelayMs = 60_000;
    cluster.api.put({ apiVersion: "v1", kind: "Namespace", metadata: { name: "cc-l2" } });
    await deleteObject(cluster.client, NS);
    const failure = await applyObjects(cluster.client, [
      { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", namespace: "cc-l2" }, data: { a: "1" } },
    ]).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: "CC_K8S_NAMESPACE_TERMINATING", status: 403, exitCode: 3 });
    expect((failure as Error).message).toBe(
      'apply ConfigMap cc-l2/c: HTTP 403 Forbidden: configmaps "c" is forbidden: unable to create new content in namespace cc-l2 because it is being terminated',
    );
    expect((failure as { hint?: string }).hint).toMatch(/namespace is being deleted/);
  });
});

describe("objectGone", () => {
  it("reads an object without deletionTimestamp as still present", () => {
    const object: KubeObject = { apiVersion: "v1", kind: "Pod", metadata: { name: "p" } };
    expect(objectGone(object)).toEqual({ ok: false, seen: "still present, not being deleted" });
    expect(objectGone(undefined)).toEqual({ ok: true, seen: "gone" });
  });
});
