import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runningPod } from "../../k8s/support/pods.ts";
import { FakeKubeApi } from "../../support/fake-kube-api.ts";
import { type AdminClient, adminClient } from "./admin-client.ts";

// LIST and WATCH (KUBE-API-FACTS.md, List and watch): field selectors per resource, limit /
// continue / remainingItemCount / 410, watch BOOKMARKs, sendInitialEvents, selector transitions,
// 410 ERROR events and a too-large resourceVersion.

let api: FakeKubeApi;
let admin: AdminClient;
beforeEach(async () => {
  api = await FakeKubeApi.start({ namespaces: ["demo"] });
  admin = adminClient(api);
});
afterEach(() => api.close());

const configMap = (name: string, labels: Record<string, string> = {}) => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name, namespace: "demo", labels },
});

describe("field selectors", () => {
  it("accepts each resource's own fields and refuses others with the server's two messages", async () => {
    api.put(runningPod({ namespace: "demo", name: "p1", nodeName: "cc-worker" }));
    api.put(runningPod({ namespace: "demo", name: "p2", nodeName: "cc-worker2" }));
    const onWorker = await admin.get("/api/v1/namespaces/demo/pods?fieldSelector=spec.nodeName%3Dcc-worker");
    expect(
      (onWorker.json().items as { metadata: { name: string } }[]).map((pod) => pod.metadata.name),
    ).toEqual(["p1"]);
    const service = await admin.get("/api/v1/namespaces/demo/services?fieldSelector=spec.ports.port%3D80");
    expect(service.status).toBe(400);
    expect(service.json().message).toBe("field label not supported: spec.ports.port");
    const deployments = await admin.get("/apis/apps/v1/deployments?fieldSelector=spec.replicas%3D1");
    expect(deployments.json().message).toBe(
      '"spec.replicas" is not a known field selector: only "metadata.name", "metadata.namespace"',
    );
    const pools = await admin.get(
      "/apis/cilium.io/v2/ciliumloadbalancerippools?fieldSelector=spec.disabled%3Dfalse",
    );
    expect(pools.status).toBe(400);
    expect(pools.json().message).toBe("field label not supported: spec.disabled");
    const events = await admin.get(
      "/api/v1/namespaces/demo/events?fieldSelector=involvedObject.kind%3DPod,reason%3DFailed",
    );
    expect(events.status).toBe(200);
  });
});

describe("paging", () => {
  it("pages with limit/continue, counts what remains, and answers 410 for a token older than the history", async () => {
    for (const name of ["a", "b", "c"]) api.put(configMap(name));
    const first = await admin.get("/api/v1/namespaces/demo/configmaps?limit=2");
    const meta = first.json().metadata as {
      continue: string;
      remainingItemCount: number;
      resourceVersion: string;
    };
    expect(
      (first.json().items as { metadata: { name: string } }[]).map((item) => item.metadata.name),
    ).toEqual(["a", "b"]);
    expect(meta.remainingItemCount).toBe(1);
    const second = await admin.get(
      `/api/v1/namespaces/demo/configmaps?limit=2&continue=${encodeURIComponent(meta.continue)}`,
    );
    expect(
      (second.json().items as { metadata: { name: string } }[]).map((item) => item.metadata.name),
    ).toEqual(["c"]);
    expect((second.json().metadata as { continue?: string }).continue).toBeUndefined();
    expect((second.json().metadata as { resourceVersion: string }).resourceVersion).toBe(
      meta.resourceVersion,
    );
    api.put(configMap("d"));
    api.compactHistory();
    const stale = await admin.get(
      `/api/v1/namespaces/demo/configmaps?limit=2&continue=${encodeURIComponent(meta.continue)}`,
    );
    expect(stale.status).toBe(410);
    expect(stale.json()).toMatchObject({ reason: "Expired", code: 410 });
  });
});

describe("watch", () => {
  const path = "/api/v1/namespaces/demo/configmaps";

  it("sends the initial ADDED events, then a BOOKMARK annotated k8s.io/initial-events-end (sendInitialEvents)", async () => {
    api.put(configMap("a"));
    const refused = await admin.get(`${path}?watch=true&sendInitialEvents=true`);
    expect(refused.status).toBe(422);
    expect(refused.json().message).toContain(
      "sendInitialEvents requires setting resourceVersionMatch to NotOlderThan",
    );
    const watch = await admin.watch(
      `${path}?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true`,
    );
    expect((await watch.next())?.type).toBe("ADDED");
    const bookmark = await watch.next();
    watch.close();
    expect(bookmark).toMatchObject({
      type: "BOOKMARK",
      object: {
        kind: "ConfigMap",
        apiVersion: "v1",
        metadata: { annotations: { "k8s.io/initial-events-end": "true" } },
      },
    });
  });

  it("sends DELETED (previous content) when an object stops matching the selector, ADDED when it starts", async () => {
    api.put(configMap("a", { app: "echo" }));
    const listed = await admin.get(path);
    const version = (listed.json().metadata as { resourceVersion: string }).resourceVersion;
    const watch = await admin.watch(`${path}?watch=true&labelSelector=app%3Decho&resourceVersion=${version}`);
    api.put(configMap("a", { app: "other" }));
    api.put(configMap("a", { app: "echo" }));
    const left = await watch.next();
    const back = await watch.next();
    watch.close();
    expect(left).toMatchObject({
      type: "DELETED",
      object: { metadata: { name: "a", labels: { app: "echo" } } },
    });
    const leftMeta = left?.object.metadata as { resourceVersion: string } | undefined;
    expect(Number(leftMeta?.resourceVersion)).toBeGreaterThan(Number(version));
    expect(back).toMatchObject({ type: "ADDED", object: { metadata: { labels: { app: "echo" } } } });
  });

  it("answers a compacted resourceVersion with an ERROR event carrying 410 Expired (HTTP 200)", async () => {
    api.put(configMap("a"));
    api.compactHistory();
    const watch = await admin.watch(`${path}?watch=true&resourceVersion=1`);
    const event = await watch.next();
    await watch.ended();
    expect(event).toMatchObject({ type: "ERROR", object: { kind: "Status", code: 410, reason: "Expired" } });
  });

  it("sends a BOOKMARK 2s before timeoutSeconds ends the stream, then ends it", async () => {
    const watch = await admin.watch(`${path}?watch=true&allowWatchBookmarks=true&timeoutSeconds=3`);
    const started = performance.now();
    const bookmark = await watch.next();
    const after = performance.now() - started;
    await watch.ended();
    expect(bookmark?.type).toBe("BOOKMARK");
    // Due 1s in; the stream ends at 3s. The bound only separates "before the end" from "at it".
    expect(after).toBeLessThan(2800);
  });
});

describe("a resourceVersion newer than the server's", () => {
  it("is an ERROR 504 ResourceVersionTooLarge once the cacher's wait is over", async () => {
    const fast = await FakeKubeApi.start({ watchTiming: { bookmarkIntervalMs: 60_000, tooLargeWaitMs: 50 } });
    try {
      const watch = await adminClient(fast).watch(`${path()}?watch=true&resourceVersion=999999`);
      const event = await watch.next();
      expect(event).toMatchObject({
        type: "ERROR",
        object: {
          code: 504,
          reason: "Timeout",
          details: { causes: [{ reason: "ResourceVersionTooLarge" }] },
        },
      });
    } finally {
      await fast.close();
    }
  });

  function path() {
    return "/api/v1/namespaces/default/configmaps";
  }
});
