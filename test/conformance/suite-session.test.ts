import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cleanupAction, SuiteSession } from "../../src/conformance/suite-session.ts";
import { type FakeCluster, startFakeCluster } from "../k8s/support/fake-cluster.ts";
import { runningPod } from "../k8s/support/pods.ts";

const RUN = "20261126-203540-a1b2";
const NS = `cc-lb-ipam-${RUN}`;
const nsRef = { apiVersion: "v1", kind: "Namespace", name: NS };

describe("SuiteSession against the wire-format API server", () => {
  let cluster: FakeCluster;
  let reportDir: string;
  beforeEach(async () => {
    cluster = await startFakeCluster({ namespaces: ["cilium"] });
    reportDir = await mkdtemp(join(tmpdir(), "cc-session-"));
  });
  afterEach(() => cluster.close());

  const open = (
    keepOnFailure = false,
    hubbleDrops?: (namespace: string) => Promise<string>,
    budgets = { podsReady: 5000, namespaceGone: 5000 },
  ) =>
    SuiteSession.open({
      client: cluster.client,
      suite: "lb-ipam",
      runId: RUN,
      reportDir,
      ciliumNamespace: "cilium",
      keepOnFailure,
      budgets,
      collectorTimeoutMs: 2000,
      ...(hubbleDrops ? { hubbleDrops: (namespace: string) => hubbleDrops(namespace) } : {}),
    });

  it("creates its namespace labelled with the run id and suite, by server-side apply", async () => {
    const session = await open();
    expect(session.namespace).toBe(NS);
    expect(cluster.api.get(nsRef)).toMatchObject({
      metadata: { labels: { "io.cilium-conformance/run-id": RUN, "io.cilium-conformance/suite": "lb-ipam" } },
    });
    expect(cluster.api.requestsMatching("PATCH", `/api/v1/namespaces/${NS}`)[0]?.contentType).toBe(
      "application/apply-patch+yaml",
    );
  });

  it("deploys rendered workloads into its namespace and cleans up by deleting it", async () => {
    const session = await open();
    const applied = await session.deploy("echo/echo-backend.yaml", {
      BACKEND: "echo-a",
      ECHO_IMAGE: "echo:1",
      REPLICAS: 1,
    });
    expect(applied.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
      `Deployment/${NS}/echo-a`,
      `Service/${NS}/echo-a`,
    ]);
    expect(
      cluster.api.get({ apiVersion: "apps/v1", kind: "Deployment", namespace: NS, name: "echo-a" }),
    ).toBeDefined();
    const outcome = await session.close(false);
    expect(outcome.action).toBe("deleted");
    expect(cluster.api.get(nsRef)).toBeUndefined();
  });

  it("waits for its namespace to go within the namespaceGone budget, not the pods' one", async () => {
    const session = await open(false, undefined, { podsReady: 60_000, namespaceGone: 300 });
    cluster.api.deletionDelayMs = 60_000;
    const outcome = await session.close(false);
    expect(outcome).toMatchObject({ action: "failed" });
    expect(outcome.action === "failed" ? outcome.error : "").toMatch(
      new RegExp(`namespaceGone: Namespace ${NS} not gone after 300ms`),
    );
  });

  it("keeps the namespace of a failed suite with --keep-on-failure, deletes it otherwise", async () => {
    expect(cleanupAction(true, true)).toBe("keep");
    expect(cleanupAction(true, false)).toBe("delete");
    expect(cleanupAction(false, true)).toBe("delete");
    const kept = await open(true);
    expect(await kept.close(true)).toMatchObject({ action: "kept" });
    expect(cluster.api.get(nsRef)).toBeDefined();
  });

  it("collects diagnostics before cleanup (the agent log from Cilium's namespace), and a failing collector does not stop the others", async () => {
    let namespaceAtDrops: unknown;
    const session = await open(false, async () => {
      namespaceAtDrops = cluster.api.get(nsRef);
      throw new Error("relay not reachable");
    });
    await session.deploy("echo/echo-backend.yaml", { BACKEND: "echo-a", ECHO_IMAGE: "echo:1", REPLICAS: 1 });
    session.trackNode("cc-r-worker");
    cluster.api.put(
      runningPod({
        namespace: "cilium",
        name: "cilium-x1",
        containers: ["cilium-agent"],
        nodeName: "cc-r-worker",
        labels: { "k8s-app": "cilium" },
      }),
    );
    cluster.api.setPodLog("cilium", "cilium-x1", "cilium-agent", [
      { time: new Date(), text: 'level=info msg="L2 announcer up"' },
    ]);
    cluster.api.put({
      apiVersion: "v1",
      kind: "Event",
      metadata: { name: "e1", namespace: NS },
      involvedObject: { kind: "Service", name: "lb-auto" },
      type: "Warning",
      reason: "NoPool",
      message: "no pool",
      lastTimestamp: "2026-11-26T20:00:00Z",
    });

    const outcome = await session.close(true);
    expect(namespaceAtDrops, "the namespace still existed while diagnostics ran").toBeDefined();
    expect(outcome.action).toBe("deleted");
    const dir = join(reportDir, "suites", "lb-ipam", "1-suite", "diagnostics");
    const index = JSON.parse(await readFile(join(dir, "index.json"), "utf8")) as {
      name: string;
      status: string;
    }[];
    expect(index.map((entry) => [entry.name, entry.status])).toEqual([
      [`status Deployment ${NS}/echo-a`, "ok"],
      [`status Service ${NS}/echo-a`, "ok"],
      [`pods ${NS}`, "ok"],
      [`events ${NS}`, "ok"],
      ["agent log cc-r-worker", "ok"],
      [`hubble drops ${NS}`, "failed"],
    ]);
    expect(await readFile(join(dir, "agent-log-cc-r-worker.txt"), "utf8")).toContain("L2 announcer up");
    expect(await readFile(join(dir, `events-${NS}.txt`), "utf8")).toContain(
      "Warning Service/lb-auto NoPool no pool",
    );
    expect(await readFile(join(dir, `hubble-drops-${NS}.error.txt`), "utf8")).toContain(
      "relay not reachable",
    );
  });
});
