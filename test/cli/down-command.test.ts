import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { runCli } from "../../src/cli/run-cli.ts";
import type { RunContext } from "../../src/cluster/run-context.ts";
import type { DockerCli } from "../../src/tools/docker.ts";
import {
  createTestNetwork,
  dockerBin,
  removeNetworkQuietly,
  requireDocker,
  testDocker,
  uniqueSuffix,
} from "../support/docker.ts";

// `down` through the CLI against the local Docker engine, scoped by run id (safe next to
// other tests that create harness networks).

let root: string;
let docker: DockerCli;
const suffix = uniqueSuffix();
const runX = `t-x-${suffix}`;
const runY = `t-y-${suffix}`;
const netX = `cc-lan-${runX}`;
const netY = `cc-lan-${runY}`;
const labels = (runId: string) => ({
  "io.cilium-conformance/managed": "true",
  "io.cilium-conformance/run-id": runId,
});

beforeAll(async () => {
  requireDocker();
  root = await mkdtemp(join(tmpdir(), "cc-down-cli-"));
  docker = testDocker();
});
afterAll(async () => {
  removeNetworkQuietly(netX);
  removeNetworkQuietly(netY);
  await rm(root, { recursive: true, force: true });
});

async function down(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(["down", ...args], {
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    env: {
      PATH: "/usr/bin:/bin",
      CILIUM_CONFORMANCE_TOOLS_DIR: join(root, "empty-tools"),
      CILIUM_CONFORMANCE_REPORTS_DIR: join(root, "reports"),
      CILIUM_CONFORMANCE_DOCKER_BIN: dockerBin,
    },
    cwd: root,
  });
  return { code, stdout: out.join(""), stderr: err.join("") };
}

async function writeContext(
  runId: string,
  network: string,
  subnet: string,
  kubeContext: string,
): Promise<string> {
  const dir = join(root, "reports", runId);
  await mkdir(dir, { recursive: true });
  const kubeconfigPath = join(dir, "kubeconfig");
  await writeFile(
    kubeconfigPath,
    stringify({
      apiVersion: "v1",
      kind: "Config",
      "current-context": kubeContext,
      contexts: [{ name: kubeContext, context: { cluster: kubeContext, user: kubeContext } }],
      clusters: [{ name: kubeContext, cluster: { server: "https://10.99.0.1:6443" } }],
      users: [{ name: kubeContext, user: {} }],
    }),
  );
  const context: RunContext = {
    schemaVersion: 1,
    runId,
    clusterName: `cc-${runId}`,
    kubeconfigPath,
    kubeContext,
    ciliumNamespace: "kube-system",
    repoRoot: root,
    network: { name: network, subnet, gateway: "", ipRange: "" },
    nodes: [],
    versions: { cilium: "1.18.11", chart: "1.18.11", kind: "v0.31.0", nodeImage: "x", gatewayApi: "v1.2.0" },
    planPath: join(dir, "plan.json"),
    reportDir: dir,
    createdAt: new Date().toISOString(),
    phaseDurationsMs: {},
  };
  const file = join(dir, "run-context.json");
  await writeFile(file, JSON.stringify(context));
  return file;
}

describe("down", () => {
  it("wants exactly one of --run-id, --context-file, --all (exit 2)", async () => {
    expect((await down([])).code).toBe(2);
    const both = await down(["--run-id", "a", "--all"]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("give exactly one of --run-id, --context-file or --all");
  });

  it("refuses a run whose kubeconfig is not the harness's kind cluster, removing nothing", async () => {
    const spec = await createTestNetwork(docker, netX, labels(runX));
    const file = await writeContext(runX, netX, spec.subnet, "admin@production");
    const refused = await down(["--context-file", file]);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain("CC_ENV_CONTEXT_REFUSED");
    expect(refused.stderr).toContain(`context is "admin@production", expected "kind-cc-${runX}"`);
    expect(await docker.networkInspect(netX)).toBeDefined();
  });

  it("removes one run's network by its run id and leaves another run's alone", async () => {
    await createTestNetwork(docker, netY, labels(runY));
    // The context of runX is still the refused one: --force-context is the user saying "yes, really".
    const result = await down(["--run-id", runX, "--force-context"]);
    expect(result.stderr).toBe(`removed network ${netX}\n`);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`down: removed 1 item(s): network ${netX}\n`);
    expect(await docker.networkInspect(netX)).toBeUndefined();
    expect(await docker.networkInspect(netY)).toBeDefined();

    // Without a run context, the run-id label alone decides.
    const byLabel = await down(["--run-id", runY]);
    expect(byLabel.code).toBe(0);
    expect(byLabel.stderr).toContain("no run context at");
    expect(await docker.networkInspect(netY)).toBeUndefined();
    expect((await down(["--run-id", runY])).stdout).toBe("down: nothing of the harness to remove\n");
  });

  it("says where the run context should have been", async () => {
    const missing = await down(["--context-file", join(root, "nope.json")]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain("CC_ENV_CONTEXT_MISSING");
  });
});
