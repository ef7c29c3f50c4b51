import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run-cli.ts";
import { runTestCommand } from "../../src/cli/test-command.ts";
import type { RunContext } from "../../src/cluster/run-context.ts";
import type { SuiteRunRequest, TestPhaseDeps } from "../../src/conformance/test-phase.ts";
import type { ConnectivityOutcome } from "../../src/connectivity/connectivity-runner.ts";
import { onProgress } from "../../src/console/progress-events.ts";
import { EnvironmentError } from "../../src/errors.ts";
import type { ReportSuite } from "../../src/report/report-model.ts";

async function runDir() {
  const cwd = await mkdtemp(join(tmpdir(), "cc-test-cmd-"));
  const dir = join(cwd, "reports", "r1");
  await mkdir(dir, { recursive: true });
  const context: RunContext = {
    schemaVersion: 1,
    runId: "r1",
    clusterName: "cc-r1",
    kubeconfigPath: join(dir, "kubeconfig"),
    kubeContext: "kind-cc-r1",
    ciliumNamespace: "kube-system",
    repoRoot: cwd,
    network: {
      name: "cc-lan-r1",
      subnet: "192.168.5.0/24",
      gateway: "192.168.5.1",
      ipRange: "192.168.5.0/28",
    },
    nodes: [],
    versions: {
      cilium: "1.18.11",
      chart: "1.18.11",
      kind: "v0.31.0",
      nodeImage: "kindest/node:v1.35.0",
      gatewayApi: "v1.2.0",
    },
    planPath: join(dir, "plan.json"),
    reportDir: dir,
    createdAt: "2026-11-26T20:00:00Z",
    phaseDurationsMs: { "kind-cluster": 61_000, "cilium-install": 95_000 },
  };
  await writeFile(join(dir, "run-context.json"), JSON.stringify(context));
  await writeFile(
    join(dir, "plan.json"),
    JSON.stringify({
      deviations: [{ key: "devices", repoValue: ["eno+"], kindValue: ["eth0"], reason: "kind" }],
    }),
  );
  return { cwd, dir, context };
}

function io(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t), env: {}, cwd },
  };
}

const suite = (name: string, status: "passed" | "failed"): ReportSuite => ({
  name,
  title: name,
  source: "vitest",
  cases: [
    {
      name: `${name} case`,
      status,
      durationMs: 5,
      ...(status === "failed" ? { failureMessage: "lbIpAssigned: no IP after 60s" } : {}),
    },
  ],
});

function deps(
  overrides: Partial<TestPhaseDeps> & { calls?: string[] } = {},
): TestPhaseDeps & { calls: string[]; requests: SuiteRunRequest[] } {
  const calls = overrides.calls ?? [];
  const requests: SuiteRunRequest[] = [];
  return {
    calls,
    requests,
    checkCluster: async () => {
      calls.push("checkCluster");
    },
    runSuites: async (request) => {
      calls.push("runSuites");
      requests.push(request);
      return request.files.map((file) => suite(file.replace(/^suites\/|\.suite\.ts$/g, ""), "passed"));
    },
    readConnectivityOutcome: async () => undefined,
    clock: () => 0,
    ...overrides,
  };
}

const input = (options: Record<string, unknown>) => ({ options: options as never, positionals: [] });

describe("test command", () => {
  it("refuses an unknown suite with exit 2 before touching anything", async () => {
    const { cwd } = await runDir();
    const t = io(cwd);
    expect(await runCli(["test", "--suite", "lb-ipam,bgp"], t.io)).toBe(2);
    expect(t.err.join("")).toContain('unknown suite "bgp"');
  });

  it("exits 3 when there is no run context, saying how to get one", async () => {
    const cwd = await mkdtemp(join(tmpdir(), "cc-test-none-"));
    const t = io(cwd);
    expect(await runCli(["test"], t.io)).toBe(3);
    expect(t.err.join("")).toContain("CC_ENV_CONTEXT_MISSING");
    expect(t.err.join("")).toContain("run `cilium-conformance up` first");
  });

  it("checks the cluster, runs the selected suites with the options in their env, writes the report, exits 0", async () => {
    const { cwd, dir } = await runDir();
    const t = io(cwd);
    const d = deps();
    const code = await runTestCommand(
      input({
        suite: ["l2-announcements,lb-ipam"],
        offline: true,
        test: ["no-policies"],
        "keep-on-failure": true,
      }),
      t.io,
      d,
    );
    expect(code).toBe(0);
    expect(d.calls).toEqual(["checkCluster", "runSuites"]);
    expect(d.requests[0]?.files).toEqual(["suites/lb-ipam.suite.ts", "suites/l2-announcements.suite.ts"]);
    expect(d.requests[0]?.env).toMatchObject({
      CILIUM_CONFORMANCE_CONTEXT: join(dir, "run-context.json"),
      CILIUM_CONFORMANCE_OFFLINE: "1",
      CILIUM_CONFORMANCE_KEEP_ON_FAILURE: "1",
      CILIUM_CONFORMANCE_TEST_FILTER: "no-policies",
    });
    expect(d.requests[0]?.context.reportDir).toBe(dir);
    const summary = await readFile(join(dir, "summary.md"), "utf8");
    expect(summary).toContain("PASSED");
    expect(summary).toContain("devices");
    expect(await readFile(join(dir, "junit.xml"), "utf8")).toContain('name="lb-ipam case"');
  });

  it("exits 1 when a suite failed, and the summary names the case", async () => {
    const { cwd, dir } = await runDir();
    const d = deps({ runSuites: async () => [suite("lb-ipam", "failed")] });
    expect(await runTestCommand(input({ suite: ["lb-ipam"] }), io(cwd).io, d)).toBe(1);
    expect(await readFile(join(dir, "summary.md"), "utf8")).toContain("lbIpAssigned: no IP after 60s");
  });

  it("hands the host's workload images to the nodes after the cluster answers and before the suites, logging the notes", async () => {
    const { cwd } = await runDir();
    const logged: string[] = [];
    const stop = onProgress((event) => {
      if (event.kind === "note") logged.push(event.text);
    });
    const d = deps();
    d.preloadImages = async (context) => {
      d.calls.push(`preloadImages ${context.clusterName}`);
      throw new Error("docker gone");
    };
    expect(await runTestCommand(input({ suite: ["lb-ipam"] }), io(cwd).io, d)).toBe(0);
    expect(d.calls).toEqual(["checkCluster", expect.stringMatching(/^preloadImages /), "runSuites"]);
    stop();
    expect(logged).toContain("images: docker gone");
  });

  it("exits 3 with a report when the cluster does not answer, without running suites", async () => {
    const { cwd, dir } = await runDir();
    const d = deps({
      checkCluster: async () => {
        throw new EnvironmentError(
          "CC_ENV_CLUSTER_UNREACHABLE",
          "the cluster of run r1 does not answer: ECONNREFUSED",
        );
      },
    });
    expect(await runTestCommand(input({}), io(cwd).io, d)).toBe(3);
    expect(d.requests).toEqual([]);
    const junit = await readFile(join(dir, "junit.xml"), "utf8");
    expect(junit).toContain("Infrastructure/Cluster access");
    expect(junit).toContain("ECONNREFUSED");
  });

  it("reports each connectivity test as its own case, and a crashed run as infrastructure (exit 3)", async () => {
    const { cwd, dir } = await runDir();
    const passed: ConnectivityOutcome = {
      kind: "failed",
      exitCode: 1,
      durationMs: 1000,
      command: "cilium connectivity test",
      failedCases: [],
      junit: {
        suiteName: "connectivity test",
        timestamp: undefined,
        properties: {},
        cases: [
          {
            name: "no-policies",
            status: "passed",
            durationMs: 10,
            message: undefined,
            failureMessages: [],
            failureText: undefined,
            failedActions: [],
            otherFailureLines: [],
          },
          {
            name: "client-egress",
            status: "failed",
            durationMs: 10,
            message: "failed",
            failureMessages: ["1 action failed"],
            failureText: "client-egress/pod-to-pod:curl-0: a -> b",
            failedActions: [],
            otherFailureLines: [],
          },
        ],
      },
    };
    const d = deps({ readConnectivityOutcome: async () => passed });
    expect(await runTestCommand(input({ suite: ["connectivity"] }), io(cwd).io, d)).toBe(1);
    const junit = await readFile(join(dir, "junit.xml"), "utf8");
    expect(junit).toContain('name="no-policies"');
    expect(junit).toContain('name="client-egress"');
    expect(junit).not.toContain("connectivity case");

    const crashed: ConnectivityOutcome = {
      kind: "infrastructure",
      reason: "the cilium CLI exited 2 and wrote no JUnit file",
      junit: undefined,
      exitCode: 2,
      durationMs: 5,
      command: "cilium connectivity test",
    };
    expect(
      await runTestCommand(
        input({ suite: ["connectivity"] }),
        io(cwd).io,
        deps({ readConnectivityOutcome: async () => crashed }),
      ),
    ).toBe(3);
    expect(await readFile(join(dir, "summary.md"), "utf8")).toContain("wrote no JUnit file");
  });

  it("treats suites that vitest never reported, or a vitest that could not start, as infrastructure", async () => {
    const { cwd, dir } = await runDir();
    expect(
      await runTestCommand(input({ suite: ["hubble"] }), io(cwd).io, deps({ runSuites: async () => [] })),
    ).toBe(3);
    expect(await readFile(join(dir, "junit.xml"), "utf8")).toContain("suites/hubble.suite.ts did not run");
    const broken = deps({
      runSuites: async () => {
        throw new Error("Cannot find module vitest/node");
      },
    });
    expect(await runTestCommand(input({}), io(cwd).io, broken)).toBe(3);
    expect(await readFile(join(dir, "junit.xml"), "utf8")).toContain("Infrastructure/Suites run");
  });
});
