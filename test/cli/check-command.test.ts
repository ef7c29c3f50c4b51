// `check` end to end through runCli. The rules evolve, so findings on the fixture are asserted by
// shape and by exit-code semantics; variants with a certain error or none pin the exit codes.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { embeddedHomelab } from "../../src/cli/repo-option.ts";
import { runCli } from "../../src/cli/run-cli.ts";
import { loadInfraRepo } from "../../src/repo/load-infra-repo.ts";
import { attributeOf, childrenNamed, firstChild, readXml } from "../../src/report/tolerant-xml-reader.ts";
import { fixtureRoot, fixtureWith, piholeFix } from "../support/temp-repo.ts";

interface JsonFinding {
  id: string;
  severity: "error" | "warning" | "info";
  message: string;
  file: string;
  line: number;
}

const outputs = mkdtempSync(path.join(tmpdir(), "cc-check-out-"));
afterAll(() => rmSync(outputs, { recursive: true, force: true }));

async function check(args: string[], env: Record<string, string> = { NO_COLOR: "1" }, cwd = outputs) {
  let stdout = "";
  let stderr = "";
  const exit = await runCli(["check", ...args], {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    env,
    cwd,
  });
  return { exit, stdout, stderr };
}

const POOL = "infra/configs/cilium/load-balancer-ip-pool.yaml";
const poolYaml = (start: string, stop: string) =>
  `apiVersion: cilium.io/v2\nkind: CiliumLoadBalancerIPPool\nmetadata:\n  name: home-compute-pool\nspec:\n  blocks:\n    - start: ${start}\n      stop: ${stop}\n`;

describe("check on the embedded fixture", () => {
  it("defaults to fixtures/homelab next to the package, whatever the working directory", async () => {
    expect(embeddedHomelab).toBe(fixtureRoot);
    const { exit, stdout, stderr } = await check(["--format", "json"], { NO_COLOR: "1" }, tmpdir());
    expect(stderr).toBe("");
    // The seed's pool ends at the broadcast address (test/checks/homelab-fixture.test.ts): an error.
    expect(exit).toBe(1);
    expect(JSON.parse(stdout).summary.chartVersion).toBe("1.18.11");
  });

  it("prints well-formed findings in JSON, and exits 1 exactly when one is an error", async () => {
    const { exit, stdout } = await check(["--repo", fixtureRoot, "--format", "json"]);
    const report = JSON.parse(stdout) as { findings: JsonFinding[]; summary: Record<string, unknown> };
    const files = new Set(loadInfraRepo(fixtureRoot).files);
    expect(report.findings.length).toBeGreaterThan(0);
    for (const finding of report.findings) {
      expect(Object.keys(finding)).toEqual(["id", "severity", "message", "file", "line"]);
      expect(["error", "warning", "info"]).toContain(finding.severity);
      expect(finding.message.length).toBeGreaterThan(20);
      expect(files.has(finding.file)).toBe(true);
      expect(finding.line).toBeGreaterThanOrEqual(1);
    }
    const errors = report.findings.filter((f) => f.severity === "error").length;
    expect(report.summary.errors).toBe(errors);
    expect(exit).toBe(errors > 0 ? 1 : 0);
  });

  it("flags the seed's known problems: the removed externalIPs key and the pool's broadcast address", async () => {
    const { stdout } = await check(["--repo", fixtureRoot, "--format", "json"]);
    const findings = (JSON.parse(stdout) as { findings: JsonFinding[] }).findings;
    expect(
      findings.some(
        (f) => f.file === "infra/controllers/cilium/values.yaml" && /externalIPs/.test(f.message),
      ),
    ).toBe(true);
    expect(findings.some((f) => f.file === POOL && /192\.168\.5\.255/.test(f.message))).toBe(true);
  });

  it("prints a human report grouped by file with a summary line, without colour when asked", async () => {
    const { stdout } = await check(["--repo", fixtureRoot]);
    expect(stdout).not.toContain("\u001b[");
    expect(stdout.split("\n")[0]).toMatch(/: chart cilium 1\.18\.11, \d+ files, \d+ rules$/);
    expect(stdout).toContain(`\n${POOL}\n`);
    expect(stdout.trimEnd().split("\n").pop()).toMatch(/^\d+ errors?, \d+ warnings?, \d+ info in \d+ ms$/);
    const coloured = await check(["--repo", fixtureRoot], { FORCE_COLOR: "1" });
    expect(coloured.stdout).toContain("\u001b[");
  });

  it("writes JUnit with one test case per rule", async () => {
    const { stdout } = await check(["--repo", fixtureRoot, "--format", "junit"]);
    const { checkRules } = await import("../../src/checks/run-checks.ts");
    const suite = firstChild(readXml(stdout, { strict: true }), "testsuite")!;
    const names = childrenNamed(suite, "testcase").map((c) => attributeOf(c, "name") ?? "");
    for (const rule of checkRules) expect(names).toContain(`${rule.id}: ${rule.title}`);
  });

  it("writes the report to --output and a one-line summary to stdout", async () => {
    const target = path.join(outputs, "check.xml");
    const { exit, stdout } = await check([
      "--repo",
      fixtureRoot,
      "--format",
      "junit",
      "--output",
      "check.xml",
    ]);
    expect(stdout).toMatch(/^wrote the junit report to check\.xml: 2 errors, \d+ warnings?, \d+ info\n$/);
    expect(readFileSync(target, "utf8")).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites /);
    expect(exit).toBe(1);
  });
});

describe("check exit codes", () => {
  it("exits 1 on a pool whose start is after its stop", async () => {
    const root = fixtureWith({ [POOL]: poolYaml("192.168.5.200", "192.168.5.100") });
    const { exit, stdout } = await check(["--repo", root, "--format", "json"]);
    const findings = (JSON.parse(stdout) as { findings: JsonFinding[] }).findings;
    expect(
      findings.some((f) => f.severity === "error" && f.file === POOL && (f.line === 7 || f.line === 8)),
    ).toBe(true);
    expect(exit).toBe(1);
  });

  it("exits 0 when the repo has at most warnings", async () => {
    const root = fixtureWith({
      ...piholeFix(),
      [POOL]: poolYaml("192.168.5.30", "192.168.5.254"),
      ".cilium-conformance.yaml":
        "lan:\n  cidr: 192.168.5.0/24\n  gateway: 192.168.5.1\n  nics: [eno1, enp1s0]\n",
    });
    const { exit, stdout } = await check(["--repo", root, "--format", "json"]);
    const findings = (JSON.parse(stdout) as { findings: JsonFinding[] }).findings;
    expect(findings.filter((f) => f.severity === "error")).toEqual([]);
    expect(exit).toBe(0);
  });

  it("exits 2 on a bad option, with the usage hint", async () => {
    const { exit, stderr } = await check(["--format", "xml"]);
    expect(exit).toBe(2);
    expect(stderr).toContain("--format must be one of human, json, junit");
  });

  it("exits 2 when --output cannot be written", async () => {
    const { exit, stderr } = await check(["--repo", fixtureRoot, "--output", "no/such/folder/report.json"]);
    expect(exit).toBe(2);
    expect(stderr).toContain("cannot write the report");
  });

  it("resolves --repo against the working directory", async () => {
    const { exit, stdout } = await check(
      ["--repo", "homelab", "--format", "json"],
      { NO_COLOR: "1" },
      path.dirname(fixtureRoot),
    );
    expect(exit).toBe(1);
    expect(JSON.parse(stdout).summary.repo).toBe("homelab");
  });

  it("loads no heavy module (Kubernetes client, testcontainers, gRPC, execa, undici)", () => {
    const script = new URL("../../bench/trace-check-imports.ts", import.meta.url);
    const result = spawnSync(process.execPath, [script.pathname], { encoding: "utf8" });
    expect(result.stderr).toBe("");
    const traced = JSON.parse(result.stdout) as { exitCode: number; packages: string[] };
    expect([0, 1]).toContain(traced.exitCode);
    expect(traced.packages).toContain("yaml");
    for (const heavy of ["@kubernetes/client-node", "testcontainers", "@grpc/grpc-js", "execa", "undici"]) {
      expect(traced.packages).not.toContain(heavy);
    }
  });

  it("prints its help", async () => {
    const { exit, stdout } = await check(["--help"]);
    expect(exit).toBe(0);
    expect(stdout).toContain("Usage: cilium-conformance check [options]");
    expect(stdout).toContain("--format <format>");
  });
});
