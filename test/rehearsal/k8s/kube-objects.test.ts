import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { kindInformer } from "../../../rehearsal/k8s/informer.ts";
import { defaultKubeconfigPath, kubeconfigClientConfig } from "../../../rehearsal/k8s/kube-config.ts";
import { type Obj, RestKubeObjects } from "../../../rehearsal/k8s/kube-objects.ts";
import { KubeApiError, KubeRestClient } from "../../../rehearsal/k8s/kube-rest-client.ts";
import { FakeKubeApi } from "../../support/fake-kube-api.ts";

let api: FakeKubeApi;
let client: KubeRestClient;
let objects: RestKubeObjects;

beforeEach(async () => {
  api = await FakeKubeApi.start({ namespaces: ["demo"] });
  const path = await api.writeKubeconfig({ contexts: ["kind-cc-a", "other"], current: "other" });
  client = new KubeRestClient(kubeconfigClientConfig(path, "kind-cc-a"));
  objects = new RestKubeObjects(client);
});

afterEach(async () => {
  await client.close();
  await api.close();
});

const service = (name: string, labels: Record<string, string> = {}): Obj => ({
  apiVersion: "v1",
  kind: "Service",
  metadata: { name, namespace: "demo", labels },
  spec: { type: "LoadBalancer", ports: [{ port: 80 }] },
});

describe("kube config (kubeconfig; in-cluster: kube-config.test.ts)", () => {
  it("reads the named context's cluster, not the current one", async () => {
    const path = await api.writeKubeconfig({ contexts: ["kind-cc-b", "x"], current: "x" });
    const connection = kubeconfigClientConfig(path, "kind-cc-b");
    expect(connection).toMatchObject({
      server: api.url,
      context: "kind-cc-b",
      clusterName: "kind-cc-b",
    });
    // kind's kubeconfig: the CA and the admin's client certificate, as PEM.
    expect(connection.ca).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(connection.clientCert?.cert).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(connection.clientCert?.key).toMatch(/PRIVATE KEY-----/);
    expect(kubeconfigClientConfig(path).context).toBe("x");
    expect(() => kubeconfigClientConfig(path, "missing")).toThrow(/context "missing" does not exist/);
  });

  it("finds the kubeconfig as client-go does", () => {
    expect(defaultKubeconfigPath({ KUBECONFIG: "/a:/b", HOME: "/h" })).toBe("/a");
    expect(defaultKubeconfigPath({ HOME: "/h" })).toBe("/h/.kube/config");
  });
});

describe("RestKubeObjects", () => {
  it("applies, gets and lists with the kind filled in on list items", async () => {
    await objects.apply(service("a", { app: "x" }), "test");
    await objects.apply(service("b"), "test");
    expect(
      (await objects.get({ apiVersion: "v1", kind: "Service", namespace: "demo", name: "a" }))?.metadata
        .labels,
    ).toEqual({ app: "x" });
    expect(
      await objects.get({ apiVersion: "v1", kind: "Service", namespace: "demo", name: "zz" }),
    ).toBeUndefined();
    const list = await objects.list({
      apiVersion: "v1",
      kind: "Service",
      namespace: "demo",
      labelSelector: "app=x",
    });
    expect(list.items.map((item) => [item.kind, item.metadata.name])).toEqual([["Service", "a"]]);
    expect(list.resourceVersion).not.toBe("");
    const apply = api.requestsMatching("PATCH", "/services/a")[0];
    expect(apply?.contentType).toBe("application/apply-patch+yaml");
    expect(apply?.query).toMatchObject({ fieldManager: "test", force: "true" });
  });

  it("turns a Status answer into a KubeApiError with its code and reason", async () => {
    await objects.create(service("a"));
    const failure = await objects.create(service("a")).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(KubeApiError);
    expect(failure).toMatchObject({ code: 409, reason: "AlreadyExists" });
    expect(await objects.delete({ apiVersion: "v1", kind: "Service", namespace: "demo", name: "a" })).toBe(
      true,
    );
    expect(await objects.delete({ apiVersion: "v1", kind: "Service", namespace: "demo", name: "a" })).toBe(
      false,
    );
  });
});

describe("Informer", () => {
  it("delivers the list, then watch events, and relists after the history expired", async () => {
    api.put(service("before"));
    // The API server also serves default/kubernetes, as a real one does: the test follows "demo".
    const seen: string[] = [];
    const inDemo = (object: { metadata: { namespace?: string } }) => object.metadata.namespace === "demo";
    const informer = kindInformer(
      objects,
      { apiVersion: "v1", kind: "Service" },
      { backoffMs: { min: 20, max: 20 } },
    ).on({
      upsert: (object, previous) => {
        if (inDemo(object)) seen.push(`${previous ? "update" : "add"} ${object.metadata.name}`);
      },
      delete: (object) => {
        if (inDemo(object)) seen.push(`delete ${object.metadata.name}`);
      },
    });
    informer.start();
    await informer.synced;
    expect(seen).toEqual(["add before"]);
    api.put(service("after"));
    await until(() => seen.includes("add after"));
    api.mutate({ apiVersion: "v1", kind: "Service", namespace: "demo", name: "after" }, (object) => {
      (object.metadata as Record<string, unknown>).labels = { changed: "yes" };
    });
    await until(() => seen.includes("update after"));
    // The server forgets old versions and cuts the watch: the informer must relist and notice
    // the object deleted while it was not watching.
    api.compactHistory();
    api.remove({ apiVersion: "v1", kind: "Service", namespace: "demo", name: "before" });
    api.dropWatches();
    await until(() => seen.includes("delete before"));
    expect(
      informer
        .list()
        .filter(inDemo)
        .map((object) => object.metadata.name),
    ).toEqual(["after"]);
    await informer.stop();
    // The server sees the aborted watch close (nothing leaks).
    await until(() => api.openWatches === 0);
  });
});

async function until(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error("condition not reached");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
