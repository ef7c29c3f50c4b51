import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RunContext } from "../../src/cluster/run-context.ts";
import { readRunContext, writeRunContext } from "../../src/cluster/run-context-file.ts";

const context: RunContext = {
  schemaVersion: 1,
  runId: "r1",
  clusterName: "cc-r1",
  kubeconfigPath: "/runs/r1/kubeconfig",
  kubeContext: "kind-cc-r1",
  ciliumNamespace: "cilium",
  repoRoot: "/repo",
  network: { name: "cc-lan-r1", subnet: "192.168.5.0/24", gateway: "192.168.5.1", ipRange: "192.168.5.8/29" },
  nodes: [],
  versions: {
    cilium: "1.18.11",
    chart: "1.18.11",
    kind: "v0.31.0",
    nodeImage: "kindest/node",
    gatewayApi: "v1.2.0",
  },
  planPath: "/runs/r1/plan.json",
  reportDir: "/runs/r1",
  createdAt: "2026-11-26T20:00:00.000Z",
  phaseDurationsMs: {},
};

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "cc-context-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe("run-context.json", () => {
  it("round-trips, Cilium's namespace included", async () => {
    const path = join(dir, "run-context.json");
    await writeRunContext(path, context);
    expect(await readRunContext(path)).toEqual(context);
  });

  it("refuses a context without the Cilium namespace (written before the suites needed it)", async () => {
    const path = join(dir, "run-context.json");
    const { ciliumNamespace: _dropped, ...older } = context;
    await writeFile(path, JSON.stringify(older));
    await expect(readRunContext(path)).rejects.toThrow(/missing ciliumNamespace/);
  });
});
