import { execFileSync } from "node:child_process";
import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PLAN_OPTIONS } from "../../src/cli/plan-options.ts";
import { runCli } from "../../src/cli/run-cli.ts";
import { executeRun, realRunDeps } from "../../src/cli/run-command.ts";
import type { RunContext } from "../../src/cluster/run-context.ts";
import { type RunPipelineDeps, shouldTearDown } from "../../src/conformance/run-pipeline.ts";
import { onProgress } from "../../src/console/progress-events.ts";
import { ProvisioningError } from "../../src/errors.ts";
import type { RunPlan } from "../../src/plan/run-plan.ts";
import { OFFLINE_LAN_CLIENT_IMAGE } from "../../src/probes/lan-client-image.ts";
import {
  createLanTestNetwork,
  dockerBin,
  removeContainerQuietly,
  removeNetworkQuietly,
  testDocker,
  uniqueSuffix,
} from "../support/docker.ts";
import { fixtureWith } from "../support/temp-repo.ts";

const RUN_ID = "20261126-210000-beef";

async function sandbox() {
  const cwd = await mkdtemp(join(tmpdir(), "cc-run-"));
  const empty = await mkdtemp(join(tmpdir(), "cc-run-path-"));
  const out: string[] = [];
  const err: string[] = [];
  const io = {
    stdout: (t: string) => out.push(t),
    stderr: (t: string) => err.push(t),
    env: { PATH: empty, CILIUM_CONFORMANCE_TOOLS_DIR: empty, CILIUM_CONFORMANCE_RUN_ID: RUN_ID },
    cwd,
  };
  return { cwd, io, out, err, dir: join(cwd, "reports", RUN_ID) };
}

describe("run on a machine without kind, cilium or docker (the real path)", () => {
  it("ends at preflight with exit 3 and writes a report with the provisioning case and the static checks", async () => {
    const s = await sandbox();
    expect(await runCli(["run"], s.io)).toBe(3);
    const files = await readdir(s.dir);
    expect(files).toEqual(
      expect.arrayContaining(["junit.xml", "summary.md", "report.json", "allure-results", "plan.json"]),
    );
    const junit = await readFile(join(s.dir, "junit.xml"), "utf8");
    expect(junit).toContain('name="Infrastructure/Provisioning"');
    expect(junit).toContain("CC_ENV_TOOL_MISSING");
    expect(junit).toContain("pool-ip-count");
    const summary = await readFile(join(s.dir, "summary.md"), "utf8");
    expect(summary.split("\n")[0]).toContain("INFRASTRUCTURE FAILURE");
    expect(summary).toContain("[CC_ENV_TOOL_MISSING] preflight:");
    expect(summary).toContain("kind");
    const model = JSON.parse(await readFile(join(s.dir, "report.json"), "utf8")) as {
      phases: { phase: string; status: string }[];
    };
    expect(model.phases.map((p) => `${p.phase}:${p.status}`)).toEqual([
      "check:failed",
      "up:failed",
      "test:skipped",
    ]);
    const allure = await readdir(join(s.dir, "allure-results"));
    expect(allure.filter((f) => f.endsWith("-result.json")).length).toBeGreaterThan(1);
  });

  it("refuses an unknown suite with exit 2 before any stage", async () => {
    const s = await sandbox();
    expect(await runCli(["run", "--suite", "nope"], s.io)).toBe(2);
    await expect(readdir(s.dir)).rejects.toThrow();
  });
});

function context(plan: RunPlan, dir: string): RunContext {
  return {
    schemaVersion: 1,
    runId: plan.runId,
    clusterName: plan.clusterName,
    kubeconfigPath: join(dir, "kubeconfig"),
    kubeContext: plan.kubeContext,
    ciliumNamespace: plan.cilium.namespace,
    repoRoot: plan.repoRoot,
    network: {
      name: plan.lan.networkName,
      subnet: plan.lan.subnet,
      gateway: plan.lan.gateway,
      ipRange: plan.lan.ipRange,
    },
    nodes: [],
    versions: {
      cilium: plan.cilium.chartVersion,
      chart: plan.cilium.chartVersion,
      kind: "v0.31.0",
      nodeImage: plan.kind.nodeImage,
      gatewayApi: plan.gatewayApi.version,
    },
    planPath: join(dir, "plan.json"),
    reportDir: dir,
    createdAt: "2026-11-26T21:00:00Z",
    phaseDurationsMs: { "kind-cluster": 60_000 },
  };
}

function fakeDeps(
  dir: string,
  suiteStatus: "passed" | "failed",
  options: { upFails?: boolean; downFails?: boolean } = {},
) {
  const calls: string[] = [];
  const deps: RunPipelineDeps = {
    up: async (plan) => {
      calls.push("up");
      if (options.upFails) throw new ProvisioningError("cilium-ready", "cilium status --wait timed out");
      return { context: context(plan, dir), contextFile: join(dir, "run-context.json") };
    },
    test: {
      checkCluster: async () => {
        calls.push("checkCluster");
      },
      runSuites: async (request) => {
        calls.push(`suites:${request.files.length}`);
        return [
          {
            name: "lb-ipam",
            title: "LB-IPAM",
            source: "vitest",
            cases: [{ name: "c", status: suiteStatus, durationMs: 1 }],
          },
        ];
      },
      readConnectivityOutcome: async () => undefined,
      clock: () => 0,
    },
    down: async () => {
      calls.push("down");
      if (options.downFails) throw new Error("kind delete cluster exited 1");
      return "removed kind cluster";
    },
    clock: () => 0,
    now: () => new Date("2026-11-26T21:00:00Z"),
  };
  return { deps, calls };
}

const opts = (options: Record<string, unknown>) => ({ options: options as never, positionals: [] });

describe("run orchestration (fake stages)", () => {
  it("runs check → up → test → down in order; static-check errors make the exit 1 but do not stop the cluster", async () => {
    const s = await sandbox();
    const { deps, calls } = fakeDeps(s.dir, "passed");
    expect(await executeRun(opts({ suite: ["lb-ipam"] }), s.io, deps)).toBe(1);
    expect(calls).toEqual(["up", "checkCluster", "suites:1", "down"]);
    const junit = await readFile(join(s.dir, "junit.xml"), "utf8");
    expect(junit).toContain("pool-includes-broadcast-address");
    expect(junit).toContain('name="Infrastructure/Provisioning"');
  });

  it("--fail-fast stops after static-check errors, with a report and exit 1", async () => {
    const s = await sandbox();
    const { deps, calls } = fakeDeps(s.dir, "passed");
    expect(await executeRun(opts({ "fail-fast": true }), s.io, deps)).toBe(1);
    expect(calls).toEqual([]);
    expect(await readFile(join(s.dir, "summary.md"), "utf8")).toContain("FAILED");
  });

  it("a repo the candidate cannot install (pool apiVersion it does not serve) fails with exit 1 before any cluster", async () => {
    const s = await sandbox();
    const { deps, calls } = fakeDeps(s.dir, "passed");
    // The seed's pool is cilium.io/v2; Cilium 1.17 serves only cilium.io/v2alpha1.
    expect(await executeRun(opts({ "cilium-version": "1.17.17" }), s.io, deps)).toBe(1);
    expect(calls).toEqual([]);
    const junit = await readFile(join(s.dir, "junit.xml"), "utf8");
    // The static checks are one case per rule: the plan's finding fails the pool-api-version rule.
    expect(junit).toMatch(
      /<testcase name="pool-api-version: [^"]*" classname="static-checks" time="0\.000">\n {6}<failure message="infra\/configs\/cilium\/load-balancer-ip-pool\.yaml:1: /,
    );
    expect(junit).toContain(
      "which Cilium 1.17.17 (the version this run installs, from --cilium-version) does not serve",
    );
    expect(junit).not.toContain("Infrastructure/Provisioning");
    expect(s.err.join("")).toContain("cluster: nothing created (the repo cannot be installed as it is)");
  });

  it("does not repeat a finding the static checks and the plan both make", async () => {
    const s = await sandbox();
    const { deps } = fakeDeps(s.dir, "passed");
    const pool =
      "apiVersion: cilium.io/v9\nkind: CiliumLoadBalancerIPPool\nmetadata:\n  name: p\nspec:\n  blocks:\n    - cidr: 192.168.5.64/27\n";
    const repo = fixtureWith({ "infra/configs/cilium/load-balancer-ip-pool.yaml": pool });
    expect(await executeRun(opts({ repo }), s.io, deps)).toBe(1);
    const report = JSON.parse(await readFile(join(s.dir, "report.json"), "utf8")) as {
      findings: { id: string }[];
    };
    expect(report.findings.filter((f) => f.id === "pool-api-version")).toHaveLength(1);
  });

  it("a provisioning failure exits 3 with the phase in the report and runs no tests", async () => {
    const s = await sandbox();
    const { deps, calls } = fakeDeps(s.dir, "passed", { upFails: true });
    expect(await executeRun(opts({}), s.io, deps)).toBe(3);
    expect(calls).toEqual(["up"]);
    expect(await readFile(join(s.dir, "junit.xml"), "utf8")).toContain(
      "cilium-ready: [CC_PROVISIONING_FAILED] cilium status --wait timed out",
    );
  });

  it("keeps the cluster with --keep, and with --keep-on-failure only when something failed", async () => {
    expect(shouldTearDown(true, false, false)).toBe(false);
    expect(shouldTearDown(false, true, true)).toBe(false);
    expect(shouldTearDown(false, true, false)).toBe(true);
    expect(shouldTearDown(false, false, true)).toBe(true);
    const s = await sandbox();
    const failing = fakeDeps(s.dir, "failed");
    await executeRun(opts({ "keep-on-failure": true }), s.io, failing.deps);
    expect(failing.calls).not.toContain("down");
    const other = await sandbox();
    const kept = fakeDeps(other.dir, "passed");
    await executeRun(opts({ keep: true }), other.io, kept.deps);
    expect(kept.calls).not.toContain("down");
  });

  it("a failed teardown is an infrastructure case (exit 3) naming the fix", async () => {
    const s = await sandbox();
    const { deps } = fakeDeps(s.dir, "passed", { downFails: true });
    expect(await executeRun(opts({}), s.io, deps)).toBe(3);
    const junit = await readFile(join(s.dir, "junit.xml"), "utf8");
    expect(junit).toContain("Infrastructure/Teardown");
    expect(junit).toContain(`cilium-conformance down --run-id ${RUN_ID}`);
  });
});

describe("run takes the planning options of plan and up", () => {
  const planFlags = PLAN_OPTIONS.map((option) => `--${option.name}`);
  const optionLines = async (name: string) => {
    const s = await sandbox();
    expect(await runCli([name, "--help"], s.io)).toBe(0);
    const help = s.out.join("");
    return planFlags.map((flag) => help.split("\n").find((line) => line.trimStart().startsWith(`${flag} `)));
  };

  it("lists each of them with the same help line", async () => {
    const run = await optionLines("run");
    expect(run.every((line) => line !== undefined)).toBe(true);
    expect(await optionLines("plan")).toEqual(run);
    expect(await optionLines("up")).toEqual(run);
  });

  it("plans from --kind-config and --budgets, read relative to the working directory", async () => {
    const s = await sandbox();
    const image =
      "kindest/node:v1.35.0@sha256:452d707d4862f52530247495d180205e029056831160e22870e37e3f6c1ac31f";
    const worker = `  - role: worker\n    image: ${image}\n`;
    await writeFile(
      join(s.cwd, "kind.yaml"),
      `kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nnetworking:\n  disableDefaultCNI: true\n  kubeProxyMode: none\nnodes:\n  - role: control-plane\n    image: ${image}\n${worker.repeat(3)}`,
    );
    await writeFile(join(s.cwd, "budgets.yaml"), "ciliumReady: 2m\n");
    const { deps } = fakeDeps(s.dir, "passed");
    const planned: RunPlan[] = [];
    const up = deps.up;
    deps.up = async (plan) => {
      planned.push(plan);
      return up(plan);
    };
    await executeRun(opts({ "kind-config": "kind.yaml", budgets: "budgets.yaml" }), s.io, deps);
    expect(planned).toHaveLength(1);
    expect(planned[0]?.kind.workerNodes).toHaveLength(3);
    expect(planned[0]?.kind.baseConfigFile).toContain("kind.yaml");
    expect(planned[0]?.budgets.ciliumReady).toBe(120_000);
  });

  it("refuses a bad planning option with exit 2 before any stage, as plan does", async () => {
    const s = await sandbox();
    expect(await runCli(["run", "--kind-config", "missing.yaml"], s.io)).toBe(2);
    expect(s.err.join("")).toContain("CC_PLAN_KIND_CONFIG_INVALID");
    expect(await runCli(["run", "--nodes", "1"], s.io)).toBe(2);
    await expect(readdir(s.dir)).rejects.toThrow();
  });
});

// `run`'s teardown stage against the local Docker engine: a stand-in kind node (a created, never
// started container with kind's cluster label) on a harness network of the run. The kind binary is
// a script that records its argv and removes the node as `kind delete cluster` would.

const runId = `t-run-${uniqueSuffix()}`;
const clusterName = `cc-${runId}`;
const network = `cc-lan-${runId}`;
const node = `${clusterName}-control-plane`;
let root: string;

describe("run's down stage", () => {
  beforeAll(async () => {
    await createLanTestNetwork(testDocker(), network, {
      "io.cilium-conformance/managed": "true",
      "io.cilium-conformance/run-id": runId,
    });
    root = await mkdtemp(join(tmpdir(), "cc-run-down-"));
    execFileSync(dockerBin, [
      "create",
      "--name",
      node,
      "--label",
      `io.x-k8s.kind.cluster=${clusterName}`,
      "--network",
      network,
      OFFLINE_LAN_CLIENT_IMAGE,
    ]);
  });

  afterAll(async () => {
    removeContainerQuietly(node);
    removeNetworkQuietly(network);
    if (root) await rm(root, { recursive: true, force: true });
  });

  it("removes the run's kind cluster through kind delete cluster (with the run's kubeconfig), then its network", async () => {
    const argvFile = join(root, "kind-argv");
    const kind = join(root, "kind");
    await writeFile(
      kind,
      `#!/bin/sh\necho "$@" > '${argvFile}'\nexec '${dockerBin}' rm -f '${node}' > /dev/null\n`,
    );
    await chmod(kind, 0o755);
    const err: string[] = [];
    const stop = onProgress((event) => {
      if (event.kind === "detail") err.push(`${event.line}\n`);
    });
    const deps = realRunDeps({
      stdout: () => undefined,
      stderr: (text) => err.push(text),
      env: {
        PATH: "/usr/bin:/bin",
        CILIUM_CONFORMANCE_TOOLS_DIR: join(root, "empty-tools"),
        CILIUM_CONFORMANCE_REPORTS_DIR: join(root, "reports"),
        CILIUM_CONFORMANCE_DOCKER_BIN: dockerBin,
        CILIUM_CONFORMANCE_KIND_BIN: kind,
      },
      cwd: root,
    });
    const plan = { runId, clusterName } as RunPlan;
    const kubeconfigPath = join(root, "kubeconfig-absent");
    const outcome = await deps.down(plan, {
      clusterName,
      kubeconfigPath,
      network: { name: network, subnet: "", gateway: "", ipRange: "" },
    } as never);
    expect((await readFile(argvFile, "utf8")).trim()).toBe(
      `delete cluster --name ${clusterName} --kubeconfig ${kubeconfigPath}`,
    );
    expect(outcome).toBe(`removed kind cluster ${clusterName}, network ${network}`);
    stop();
    expect(err.join("")).toContain(`removed kind cluster ${clusterName}\n`);
  });
});
