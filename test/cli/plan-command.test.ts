import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { CliIO } from "../../src/cli/command.ts";
import { runCli } from "../../src/cli/run-cli.ts";
import type { RunPlan } from "../../src/plan/run-plan.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "plan-command-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(argv: string[], env: Record<string, string> = {}) {
  let stdout = "";
  let stderr = "";
  const io: CliIO = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    env: { CILIUM_CONFORMANCE_RUN_ID: "cli1", ...env },
    cwd: dir,
  };
  const exitCode = await runCli(["plan", ...argv], io);
  return { exitCode, stdout, stderr };
}

describe("cilium-conformance plan", () => {
  it("prints a readable plan of the embedded homelab", async () => {
    const { exitCode, stdout } = await run([]);
    expect(exitCode).toBe(0);
    for (const text of [
      "Cilium chart      1.18.11",
      "192.168.5.8/29",
      "Deviations from the repo",
      "k8sServiceHost",
      "docker network create",
      "Wait budgets",
    ]) {
      expect(stdout).toContain(text);
    }
  });

  it("prints JSON with objects, not YAML strings", async () => {
    const { exitCode, stdout } = await run([
      "--format",
      "json",
      "--cilium-version",
      "1.16.19",
      "--nodes",
      "3",
      "--keep",
    ]);
    expect(exitCode).toBe(0);
    const plan = JSON.parse(stdout) as RunPlan;
    expect(plan.runId).toBe("cli1");
    expect(plan.keep).toBe(true);
    expect(plan.cilium.chartVersion).toBe("1.16.19");
    expect(typeof plan.kind.config).toBe("object");
    expect((plan.kind.config.nodes as unknown[]).length).toBe(4);
    expect(plan.cilium.overlay).toMatchObject({ k8sServiceHost: "${controlPlaneIp}" });
    expect(Array.isArray(plan.deviations)).toBe(true);
    expect(typeof plan.manifests.pools[0]!.body).toBe("object");
    expect(plan.gatewayApi.version).toBe("v1.1.0");
  });

  it("shows in JSON the wait budgets, the cluster.name handling and the connectivity args", async () => {
    const { exitCode, stdout } = await run(["--format", "json"]);
    expect(exitCode).toBe(0);
    const plan = JSON.parse(stdout) as RunPlan;
    expect(plan.budgets).toMatchObject({ ciliumReady: 600_000, ciliumRollouts: 120_000 });
    expect(plan.cilium.overlay).toMatchObject({ cluster: { name: "default" } });
    expect(plan.cilium.pinnedValues[0]).toMatchObject({
      key: "cluster.name",
      value: "default",
      origin: "chart-default",
      cliWouldSet: expect.stringContaining("kind-<cluster>"),
    });
    expect(plan.connectivity.argv).toEqual([
      "cilium",
      "connectivity",
      "test",
      "--context",
      "kind-cc-cli1",
      "--namespace",
      "kube-system",
      "--junit-file",
      "${reportDir}/connectivity/junit.xml",
      "--test-namespace",
      "cilium-test",
      "--test-concurrency",
      "2",
      "--flow-validation",
      "disabled",
      "--exit-zero-on-failure",
      "--log-check-only-test-time",
      "--timeout",
      "29m0s",
    ]);
    expect(plan.connectivity.testNamespaces).toEqual(["cilium-test-1", "cilium-test-2"]);
    expect(plan.findings).toEqual([]);
  });

  it("shows a manifest the candidate does not serve as a blocking finding, still exit 0", async () => {
    const { exitCode, stdout } = await run(["--cilium-version", "1.17.17"]);
    expect(exitCode).toBe(0);
    expect(stdout).toContain("Findings about the repo at Cilium 1.17.17 (1)");
    expect(stdout).toContain("error    pool-api-version (infra/configs/cilium/load-balancer-ip-pool.yaml:1)");
    expect(stdout).toContain("up and run refuse to create a cluster for this plan (exit 1)");
    expect(stdout).toContain('cluster.name = "default", the chart\'s default');
    expect(stdout).toMatch(/Connectivity test \(run by `test`\)\n-+\n\$ cilium connectivity test/);
  });

  it("writes every plan file with --out", async () => {
    const { exitCode, stderr } = await run(["--out", "out"]);
    expect(exitCode).toBe(0);
    expect(stderr).toMatch(/wrote \d+ files to out/);
    const out = join(dir, "out");
    expect((await readdir(out)).sort()).toEqual([
      "budgets.json",
      "commands.sh",
      "deviations.json",
      "kind-config.yaml",
      "lan.json",
      "manifests",
      "plan.json",
      "values-overlay.yaml",
      "values.yaml",
    ]);
    expect((await readdir(join(out, "manifests"))).sort()).toEqual([
      "l2-policy-home-l2-policy.yaml",
      "pool-home-compute-pool.yaml",
    ]);
    const plan = JSON.parse(await readFile(join(out, "plan.json"), "utf8")) as RunPlan;
    expect(parse(await readFile(join(out, "kind-config.yaml"), "utf8"))).toEqual(plan.kind.config);
    expect(parse(await readFile(join(out, "values-overlay.yaml"), "utf8"))).toEqual(plan.cilium.overlay);
    expect(JSON.parse(await readFile(join(out, "lan.json"), "utf8"))).toEqual(plan.lan);
    expect(
      parse(await readFile(join(out, "manifests/l2-policy-home-l2-policy.yaml"), "utf8")).spec.interfaces,
    ).toEqual(["^eth0$"]);
    expect(await readFile(join(out, "commands.sh"), "utf8")).toMatch(/^#!\/bin\/sh/);
  });

  it("exits 2 for an unsupported --cilium-version", async () => {
    const { exitCode, stderr } = await run(["--cilium-version", "1.14.0"]);
    expect(exitCode).toBe(2);
    expect(stderr).toContain("error[CC_PLAN_VERSION_UNSUPPORTED]");
    expect(stderr).toContain("fix:");
  });

  it("exits 2 for 1.15, which the pinned cilium CLI cannot install, saying why and what to do", async () => {
    const { exitCode, stderr } = await run(["--cilium-version", "1.15.19"]);
    expect(exitCode).toBe(2);
    expect(stderr).toMatch(
      /Cilium 1.15.19 cannot be installed: the pinned cilium CLI v0.19.7 installs Cilium 1.16.0 and later only/,
    );
    expect(stderr).toMatch(/fix: pick a --cilium-version from 1.16 on/);
  });

  it("exits 2 for --nodes 1, a bad budgets file and a bad budget env", async () => {
    expect((await run(["--nodes", "1"])).exitCode).toBe(2);
    await writeFile(join(dir, "budgets.json"), '{"lbIpAssigned": "fast"}');
    const badFile = await run(["--budgets", "budgets.json"]);
    expect(badFile.exitCode).toBe(2);
    expect(badFile.stderr).toContain("lbIpAssigned");
    const badEnv = await run([], { CILIUM_CONFORMANCE_BUDGET_CILIUM_READY: "x" });
    expect(badEnv.exitCode).toBe(2);
    expect(badEnv.stderr).toContain("CILIUM_CONFORMANCE_BUDGET_CILIUM_READY");
  });

  it("applies budgets from file and env to the plan", async () => {
    await writeFile(join(dir, "budgets.yaml"), "ciliumReady: 2m\nlbIpAssigned: 90s\n");
    const { stdout } = await run(["--budgets", "budgets.yaml", "--format", "json"], {
      CILIUM_CONFORMANCE_BUDGET_LB_IP_ASSIGNED: "30s",
    });
    const plan = JSON.parse(stdout) as RunPlan;
    expect(plan.budgets).toMatchObject({ ciliumReady: 120_000, lbIpAssigned: 30_000 });
    expect(JSON.stringify(plan.commands)).toContain('"--wait-duration","120s"');
  });

  it("refuses a kind config with kube-proxy enabled", async () => {
    await writeFile(
      join(dir, "kind.yaml"),
      "kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nnetworking:\n  disableDefaultCNI: true\nnodes:\n  - role: control-plane\n  - role: worker\n  - role: worker\n",
    );
    const { exitCode, stderr } = await run(["--kind-config", "kind.yaml"]);
    expect(exitCode).toBe(2);
    expect(stderr).toContain("CC_PLAN_KIND_CONFIG_INVALID");
    expect(stderr).toContain("kubeProxyMode");
  });
});
