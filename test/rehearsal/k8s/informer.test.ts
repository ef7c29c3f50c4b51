import { afterEach, describe, expect, it } from "vitest";
import { type Informer, pathInformer } from "../../../rehearsal/k8s/informer.ts";
import { type KubeObject, KubeRestClient } from "../../../rehearsal/k8s/kube-rest-client.ts";
import { RESOURCES, resourcePath } from "../../../rehearsal/k8s/resource-path.ts";
import type { FakeKubeApi } from "../../support/fake-kube-api.ts";
import { startServiceAccountApi } from "../support/service-account-api.ts";

const service = (name: string, labels: Record<string, string> = {}) => ({
  apiVersion: "v1",
  kind: "Service",
  metadata: { name, namespace: "demo", labels },
  spec: { type: "ClusterIP", ports: [{ port: 80 }] },
});

let api: FakeKubeApi | undefined;
let client: KubeRestClient | undefined;
let informer: Informer<KubeObject> | undefined;

afterEach(async () => {
  await informer?.stop();
  await client?.close();
  await api?.close();
  informer = undefined;
});

async function start(options: Parameters<typeof pathInformer>[2] = {}) {
  ({ api, client } = await startServiceAccountApi());
  // The API server refuses objects in a namespace that does not exist.
  api.put({ apiVersion: "v1", kind: "Namespace", metadata: { name: "demo" } });
  const events: string[] = [];
  // The demo namespace only: cluster-wide, the API server's own `kubernetes` Service is there too.
  informer = pathInformer<KubeObject>(client, resourcePath(RESOURCES.services, { namespace: "demo" }), {
    backoffMs: { min: 10, max: 50 },
    ...options,
  }).on({
    upsert: (object, previous) => events.push(`${previous ? "update" : "add"} ${object.metadata.name}`),
    delete: (object) => events.push(`delete ${object.metadata.name}`),
  });
  return events;
}

async function until(check: () => boolean, what: string): Promise<void> {
  // Only fails a broken informer: a loaded machine may take seconds, not minutes (issue 17).
  const deadline = Date.now() + 60_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("Informer", () => {
  it("lists, then follows adds, updates and deletes through the watch", async () => {
    const events = await start();
    api!.put(service("a"));
    informer!.start();
    await informer!.synced;
    expect(events).toEqual(["add a"]);
    api!.put(service("b"));
    api!.put(service("a", { changed: "yes" }));
    api!.remove({ apiVersion: "v1", kind: "Service", namespace: "demo", name: "b" });
    await until(() => events.length === 4, "three watch events");
    expect(events).toEqual(["add a", "add b", "update a", "delete b"]);
    expect(informer!.list().map((s) => s.metadata.labels)).toEqual([{ changed: "yes" }]);
  });

  it("relists after 410 Gone and reports what vanished while it was not watching", async () => {
    const events = await start();
    api!.put(service("a"));
    api!.put(service("b"));
    informer!.start();
    await informer!.synced;
    api!.dropWatches();
    api!.compactHistory();
    api!.remove({ apiVersion: "v1", kind: "Service", namespace: "demo", name: "a" });
    api!.compactHistory();
    await until(() => events.includes("delete a"), "the delete found by the relist");
    expect(informer!.list().map((s) => s.metadata.name)).toEqual(["b"]);
  });

  it("replays its cache to handlers added after the sync, as client-go's AddEventHandler does", async () => {
    const events = await start();
    api!.put(service("a"));
    informer!.start();
    await informer!.synced;
    const late: string[] = [];
    informer!.on({
      upsert: (object, previous) => late.push(`${previous ? "update" : "add"} ${object.metadata.name}`),
    });
    expect(late).toEqual(["add a"]);
    api!.put(service("b"));
    await until(() => late.length === 2, "the late handler's watch event");
    expect(late).toEqual(["add a", "add b"]);
    expect(events).toEqual(["add a", "add b"]);
  });

  it("filters on the label selector server-side", async () => {
    const events = await start({ labelSelector: "app=x" });
    api!.put(service("a", { app: "x" }));
    api!.put(service("b", { app: "y" }));
    informer!.start();
    await informer!.synced;
    expect(events).toEqual(["add a"]);
  });
});

describe("KubeRestClient", () => {
  it("is refused without the ServiceAccount token, as an anonymous client is", async () => {
    ({ api, client } = await startServiceAccountApi());
    const anonymous = new KubeRestClient({ server: api.url, ca: api.pki.ca.cert });
    await expect(anonymous.list(resourcePath(RESOURCES.services))).rejects.toMatchObject({ code: 403 });
    await anonymous.close();
  });

  it("returns undefined for a missing object and a typed error for a conflict", async () => {
    ({ api, client } = await startServiceAccountApi());
    const path = resourcePath(RESOURCES.leases, { namespace: "kube-system", name: "l" });
    expect(await client.get(path)).toBeUndefined();
    const created = await client.create<KubeObject>(
      resourcePath(RESOURCES.leases, { namespace: "kube-system" }),
      {
        apiVersion: "coordination.k8s.io/v1",
        kind: "Lease",
        metadata: { name: "l", namespace: "kube-system" },
        spec: { holderIdentity: "a" },
      },
    );
    await client.replace(path, { ...created, spec: { holderIdentity: "b" } });
    await expect(client.replace(path, { ...created, spec: { holderIdentity: "c" } })).rejects.toMatchObject({
      code: 409,
      reason: "Conflict",
    });
  });
});
