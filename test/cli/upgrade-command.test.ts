// `upgrade` end to end through runCli: local charts (.tgz and folder), a Helm repository on
// loopback (with the cache), the three formats, exit codes, and the in-place/fresh-cluster
// sequences with injected steps (no cluster).

import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { CliIO } from "../../src/cli/command.ts";
import { parseCommandArgs } from "../../src/cli/options.ts";
import { runCli } from "../../src/cli/run-cli.ts";
import { createUpgradeCommand, type UpgradeCommandDeps } from "../../src/cli/upgrade-command.ts";
import { ExitCode, renderError } from "../../src/errors.ts";
import { defaultWaitBudgets } from "../../src/plan/wait-budgets.ts";
import { attributeOf, childrenNamed, firstChild, readXml } from "../../src/report/tolerant-xml-reader.ts";
import type { InPlaceSteps } from "../../src/upgrade/in-place/in-place-sequence.ts";
import { manualClock } from "../../src/wait/clock.ts";
import { type ChartRepoServer, startChartRepo } from "../charts/support/chart-repo-server.ts";
import { tempDir, writeChartArchive, writeChartFolder } from "../charts/support/test-charts.ts";
import { yaml } from "../support/temp-repo.ts";
import { fakeHttpProbe, outage } from "../upgrade/in-place/fake-probe.ts";
import { fixtureText, repoWith } from "../upgrade/support/upgrade-repo.ts";

let server: ChartRepoServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function io(cwd: string) {
  const out = { stdout: "", stderr: "" };
  const cli: CliIO = {
    stdout: (text) => {
      out.stdout += text;
    },
    stderr: (text) => {
      out.stderr += text;
    },
    env: { NO_COLOR: "1", COLUMNS: "100" },
    cwd,
  };
  return { cli, out };
}

async function upgrade(args: string[], cwd = tempDir()) {
  const { cli, out } = io(cwd);
  const exit = await runCli(["upgrade", ...args], cli);
  return { exit, ...out };
}

const charts = async () => ({
  from: await writeChartArchive("1.18.11"),
  to: await writeChartArchive("1.19.5"),
});

describe("upgrade (static preview) via runCli", () => {
  it("previews the homelab 1.18.11 → 1.19.5 from local .tgz files: human, exit 0", async () => {
    const { from, to } = await charts();
    const result = await upgrade(["--to", "1.19.5", "--chart-from", from, "--chart-to", to]);
    expect(result.stderr).toBe("");
    expect(result.exit).toBe(ExitCode.pass);
    expect(result.stdout).toContain("Upgrade preview for fixtures/homelab: cilium 1.18.11 → 1.19.5");
    expect(result.stdout).toContain("upgrade-values-key-already-removed");
    expect(result.stdout).toContain("Chart 1.19.5 requires Gateway API CRDs v1.3.0");
    expect(result.stdout).toMatch(/0 errors, 2 warnings, 2 info in \d+ ms: no blocker found/);
  });

  it("takes unpacked chart folders as well", async () => {
    const result = await upgrade([
      "--to",
      "1.19.5",
      "--chart-from",
      writeChartFolder("1.18.11"),
      "--chart-to",
      path.join(writeChartFolder("1.19.5"), "cilium"),
    ]);
    expect(result.exit).toBe(ExitCode.pass);
  });

  it("exits 1 with JSON findings when the upgrade would break something", async () => {
    const repo = repoWith({
      values: `${fixtureText("infra/controllers/cilium/values.yaml")}\nk8sServiceHostRef:\n  name: api\n`,
      pin: "1.18.11",
    });
    const result = await upgrade([
      "--repo",
      repo,
      "--from",
      "1.18.11",
      "--to",
      "1.17.5",
      "--chart-from",
      await writeChartArchive("1.18.11"),
      "--chart-to",
      await writeChartArchive("1.17.5"),
      "--format",
      "json",
    ]);
    expect(result.exit).toBe(ExitCode.conformanceFailed);
    const json = JSON.parse(result.stdout) as {
      current: { version: string; hasSchema: boolean };
      candidate: { version: string };
      findings: { id: string; category: string; severity: string; file: string; line: number }[];
      summary: { errors: number };
    };
    expect(json.current).toMatchObject({ version: "1.18.11", hasSchema: true });
    expect(json.candidate.version).toBe("1.17.5");
    const errors = json.findings.filter((f) => f.severity === "error").map((f) => [f.category, f.id, f.file]);
    expect(errors).toEqual(
      expect.arrayContaining([
        ["pool-api", "upgrade-pool-api-version", "infra/configs/cilium/load-balancer-ip-pool.yaml"],
        ["values-keys", "upgrade-values-key-removed", "infra/controllers/cilium/values.yaml"],
      ]),
    );
    expect(json.summary.errors).toBe(errors.length);
  });

  it("writes JUnit with one test case per category, a failed one for schema errors", async () => {
    const values = yaml`
      kubeProxyReplacement: true
      gatewayAPI:
        enabled: true
      hubble:
        relay:
          enabled: "yes please"
    `;
    const cwd = tempDir();
    const { from, to } = await charts();
    const result = await upgrade(
      [
        "--repo",
        repoWith({ values }),
        "--to",
        "1.19.5",
        "--chart-from",
        from,
        "--chart-to",
        to,
        "--format",
        "junit",
        "--output",
        "reports/upgrade.xml",
      ],
      cwd,
    );
    expect(result.exit).toBe(ExitCode.conformanceFailed);
    expect(result.stdout).toContain(
      "wrote the junit upgrade report (1.18.11 → 1.19.5) to reports/upgrade.xml: 1 error(s)",
    );
    const root = readXml(readFileSync(path.join(cwd, "reports/upgrade.xml"), "utf8"), { strict: true });
    const suite = firstChild(root, "testsuite");
    const cases = suite ? childrenNamed(suite, "testcase") : [];
    expect(cases.map((c) => attributeOf(c, "name")?.split(":")[0])).toEqual([
      "versions",
      "values-keys",
      "values-schema",
      "kube-proxy-replacement",
      "pool-api",
      "annotations",
      "l2-announcements",
      "gateway-api",
    ]);
    const failed = cases
      .filter((c) => firstChild(c, "failure") !== undefined)
      .map((c) => attributeOf(c, "name"));
    expect(failed).toEqual(["values-schema: Values types against the candidate chart's values.schema.json"]);
  });

  it("fetches both charts from the HelmRelease's repository, then runs from the cache with no request", async () => {
    server = await startChartRepo({ versions: ["1.18.11", "1.19.5"] });
    const repo = repoWith({
      files: {
        "infra/controllers/cilium/helm-repository.yaml": fixtureText(
          "infra/controllers/cilium/helm-repository.yaml",
        ).replace("https://helm.cilium.io/", server.url),
      },
    });
    const cache = tempDir();
    const first = await upgrade(["--repo", repo, "--to", "1.19.5", "--cache-dir", cache, "--format", "json"]);
    expect(first.stderr).toBe("");
    expect(first.exit).toBe(ExitCode.pass);
    expect(server.requests).toEqual([
      "/index.yaml",
      "/charts/cilium-1.18.11.tgz",
      "/index.yaml",
      "/charts/cilium-1.19.5.tgz",
    ]);
    const second = await upgrade([
      "--repo",
      repo,
      "--to",
      "1.19.5",
      "--cache-dir",
      cache,
      "--format",
      "json",
    ]);
    expect(second.exit).toBe(ExitCode.pass);
    expect(server.requests).toHaveLength(4);
    expect(JSON.parse(second.stdout).candidate).toMatchObject({ version: "1.19.5", fromCache: true });
  });

  it("exits 2 for a version the repository does not have, or the compat table does not know", async () => {
    server = await startChartRepo({ versions: ["1.18.11", "1.19.5"] });
    const unpublished = await upgrade([
      "--to",
      "1.19.77",
      "--chart-repo",
      server.url,
      "--cache-dir",
      tempDir(),
    ]);
    expect(unpublished.exit).toBe(ExitCode.badInput);
    expect(unpublished.stderr).toContain("error[CC_CHART_VERSION_UNKNOWN]: chart cilium 1.19.77 is not in");
    const requestsBefore = server.requests.length;
    const unknown = await upgrade(["--to", "1.99.0", "--chart-repo", server.url, "--cache-dir", tempDir()]);
    expect(unknown.exit).toBe(ExitCode.badInput);
    expect(unknown.stderr).toContain("not covered by the compatibility table");
    expect(server.requests.length).toBe(requestsBefore);
  });

  it("exits 2 for an OCI repository, a mismatched local chart or a missing --to; 3 for a digest mismatch", async () => {
    const oci = await upgrade(["--to", "1.19.5", "--chart-repo", "oci://quay.io/cilium/charts"]);
    expect(oci.exit).toBe(ExitCode.badInput);
    expect(oci.stderr).toContain("use --chart-repo https://helm.cilium.io/");
    const mismatch = await upgrade([
      "--to",
      "1.19.5",
      "--chart-from",
      await writeChartArchive("1.18.11"),
      "--chart-to",
      await writeChartArchive("1.19.4"),
    ]);
    expect(mismatch.exit).toBe(ExitCode.badInput);
    expect(mismatch.stderr).toContain("holds chart cilium 1.19.4, not 1.19.5");
    expect((await upgrade([])).exit).toBe(ExitCode.badInput);
    server = await startChartRepo({ versions: ["1.18.11", "1.19.5"], badDigest: ["1.19.5"] });
    const corrupt = await upgrade(["--to", "1.19.5", "--chart-repo", server.url, "--cache-dir", tempDir()]);
    expect(corrupt.exit).toBe(ExitCode.environment);
    expect(corrupt.stderr).toContain("CC_ENV_CHECKSUM_MISMATCH");
  });
});

describe("upgrade --in-place / --fresh-cluster (injected steps, no cluster)", () => {
  /** The run's plan as `up` writes it; only its budgets matter here (one overridden, as `--budgets` would). */
  function contextFile(
    chart = "1.18.11",
    plan: unknown = { budgets: { ...defaultWaitBudgets(), gatewayApiCrdsEstablished: 45_000 } },
  ): string {
    const dir = tempDir();
    const file = path.join(dir, "run-context.json");
    if (plan !== null) writeFileSync(path.join(dir, "plan.json"), JSON.stringify(plan));
    writeFileSync(
      file,
      JSON.stringify({
        schemaVersion: 1,
        runId: "r1",
        clusterName: "cc-r1",
        kubeconfigPath: path.join(dir, "kubeconfig"),
        kubeContext: "kind-cc-r1",
        ciliumNamespace: "kube-system",
        repoRoot: "",
        network: {
          name: "cc-lan-r1",
          subnet: "192.168.5.0/24",
          gateway: "192.168.5.1",
          ipRange: "192.168.5.0/28",
        },
        nodes: [],
        versions: { chart, cilium: chart, kind: "v0.31.0", nodeImage: "kindest/node", gatewayApi: "v1.2.0" },
        planPath: path.join(dir, "plan.json"),
        reportDir: dir,
        createdAt: "2026-07-01T10:00:00Z",
        phaseDurationsMs: {},
      }),
    );
    return file;
  }

  function deps(calls: string[]): UpgradeCommandDeps {
    return {
      async runCommand(argv) {
        calls.push(argv.join(" "));
        return ExitCode.pass;
      },
      inPlaceSteps(options): InPlaceSteps {
        calls.push(`steps ${options.fromVersion}→${options.toVersion}`);
        calls.push(`crd budget ${options.waitBudgets.gatewayApiCrdsEstablished}`);
        const clock = manualClock();
        return {
          clock,
          log: options.log,
          snapshotLbIps: async () => ({ "gateway/cilium-gateway-homelab": ["192.168.5.30"] }),
          startProbes: async (started) =>
            started(fakeHttpProbe("http gateway gateway/homelab", clock, outage(3000, 4000))),
          upgradeGatewayApiCrds: async () => {
            calls.push("crds");
          },
          upgradeCilium: async () => {
            calls.push("cilium upgrade");
            clock.advance(10_000);
          },
          waitCiliumReady: async () => undefined,
          runSuites: options.runSuites,
        };
      },
    };
  }

  async function run(argv: string[], calls: string[]) {
    const command = createUpgradeCommand(deps(calls));
    const { cli, out } = io(tempDir());
    try {
      const exit = await command.run(parseCommandArgs(command, argv), cli);
      return { exit, ...out };
    } catch (error) {
      const rendered = renderError(error);
      return { exit: rendered.exitCode, stdout: out.stdout, stderr: rendered.text };
    }
  }

  it("upgrades in place, reports the disruption and runs the suites through `test`", async () => {
    const calls: string[] = [];
    const { from, to } = await charts();
    const context = contextFile();
    const result = await run(
      [
        "--to",
        "1.19.5",
        "--chart-from",
        from,
        "--chart-to",
        to,
        "--in-place",
        "--context-file",
        context,
        "--settle",
        "1000",
      ],
      calls,
    );
    expect(result.stderr).toBe("");
    expect(calls).toEqual([
      "steps 1.18.11→1.19.5",
      "crd budget 45000",
      "crds",
      "cilium upgrade",
      `test --context-file ${context}`,
    ]);
    expect(result.stdout).toContain("In-place upgrade 1.18.11 → 1.19.5");
    expect(result.stdout).toContain(
      "http gateway gateway/homelab: 5/56 failed, longest gap 1200 ms, 1 outage(s), recovered",
    );
    expect(result.stdout).toContain("in-place upgrade passed");
    expect(result.exit).toBe(ExitCode.pass);
  });

  it("refuses a cluster at another version than the current one (exit 2) and needs --context-file", async () => {
    const { from, to } = await charts();
    const calls: string[] = [];
    const wrong = await run(
      [
        "--to",
        "1.19.5",
        "--chart-from",
        from,
        "--chart-to",
        to,
        "--in-place",
        "--context-file",
        contextFile("1.17.5"),
      ],
      calls,
    );
    expect(wrong.exit).toBe(ExitCode.badInput);
    expect(wrong.stderr).toContain("runs chart 1.17.5, not the current version 1.18.11");
    expect(calls).toEqual([]);
    const missing = await run(["--to", "1.19.5", "--in-place"], calls);
    expect(missing.exit).toBe(ExitCode.badInput);
  });

  it("takes the CRD wait's budget from the run's plan; a plan without it is exit 3 before any step", async () => {
    const { from, to } = await charts();
    const argv = (context: string) => [
      "--to",
      "1.19.5",
      "--chart-from",
      from,
      "--chart-to",
      to,
      "--in-place",
      "--context-file",
      context,
    ];
    for (const plan of [null, { budgets: { ciliumReady: 1000 } }]) {
      const calls: string[] = [];
      const result = await run(argv(contextFile("1.18.11", plan)), calls);
      expect(result.exit).toBe(ExitCode.environment);
      expect(result.stderr).toContain("CC_ENV_CONTEXT_MISSING");
      expect(result.stderr).toMatch(
        plan === null ? /cannot read the run's plan/ : /no budget for .*gatewayApiCrdsEstablished/,
      );
      expect(calls).toEqual([]);
    }
  });

  it("does not touch a cluster when the preview found errors", async () => {
    const calls: string[] = [];
    const values = `kubeProxyReplacement: true\nhubble:\n  relay:\n    enabled: "true"\n`;
    const result = await run(
      [
        "--repo",
        repoWith({ values }),
        "--to",
        "1.19.5",
        "--chart-from",
        await writeChartArchive("1.18.11"),
        "--chart-to",
        await writeChartArchive("1.19.5"),
        "--fresh-cluster",
      ],
      calls,
    );
    expect(result.exit).toBe(ExitCode.conformanceFailed);
    expect(result.stderr).toContain("not touching a cluster");
    expect(calls).toEqual([]);
  });

  it("--fresh-cluster delegates to `run --cilium-version <candidate>`", async () => {
    const calls: string[] = [];
    const { from, to } = await charts();
    const result = await run(
      ["--to", "1.19.5", "--chart-from", from, "--chart-to", to, "--fresh-cluster"],
      calls,
    );
    expect(result.exit).toBe(ExitCode.pass);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatch(/^run --repo .*fixtures\/homelab --cilium-version 1\.19\.5$/);
  });
});
