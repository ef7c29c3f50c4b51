import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EnvironmentError } from "../../src/errors.ts";
import { provisioningSuite } from "../../src/report/provisioning-suite.ts";
import { checkRunExpectation } from "../../src/report/run-expectation.ts";
import { sampleReport } from "./sample-report.ts";

const seedError = {
  id: "pool-includes-broadcast-address",
  severity: "error" as const,
  message: "m",
  file: "p.yaml",
  line: 8,
};
const expected = { staticErrors: ["pool-includes-broadcast-address"], live: "passed" as const };

function passingRun() {
  const model = sampleReport();
  model.suites = model.suites.filter((suite) => suite.name === "lb-ipam");
  model.findings = [seedError, { ...seedError, id: "removed-values-key", severity: "warning" as const }];
  return model;
}

describe("checkRunExpectation", () => {
  it("accepts the seed's static error with a live pass and the exit 1 that goes with it", () => {
    const result = checkRunExpectation(passingRun(), 1, expected);
    expect(result).toEqual({
      ok: true,
      problems: [],
      summary: "static errors [pool-includes-broadcast-address], live passed, exit 1",
    });
  });

  it("fails on a live failure, naming the suites", () => {
    const result = checkRunExpectation(sampleReport(), 1, { staticErrors: [], live: "passed" });
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([
      "live part: expected passed, it was failed (L2 announcements, cilium connectivity test)",
    ]);
  });

  it("fails when the expected static error vanishes or another appears", () => {
    const model = passingRun();
    model.findings = [{ ...seedError, id: "pool-overlap" }];
    expect(checkRunExpectation(model, 1, expected).problems).toEqual([
      "static-check errors: expected [pool-includes-broadcast-address], the run found [pool-overlap]",
    ]);
  });

  it("fails on an infrastructure failure and on an exit code that contradicts the report", () => {
    const model = passingRun();
    model.suites = [
      provisioningSuite({
        durationMs: 1,
        failedPhase: "preflight",
        error: new EnvironmentError("CC_ENV_TOOL_MISSING", "kind missing"),
      }),
    ];
    expect(checkRunExpectation(model, 3, expected).problems).toEqual([
      "live part: expected passed, it was infrastructure (Provisioning)",
    ]);
    expect(checkRunExpectation(passingRun(), 0, expected).problems).toEqual([
      "exit code 0 does not match the report's verdict (1)",
    ]);
  });
});

describe("checkRunExpectation with named failed cases", () => {
  const failing = { staticErrors: [], live: "failed" as const };

  it("accepts a live failure made of exactly the named cases", () => {
    const result = checkRunExpectation(sampleReport(), 1, {
      ...failing,
      failedCases: ["failover to another node", "client-egress-l7"],
    });
    expect(result.problems).toEqual([]);
  });

  it("names a failed case nobody expected, and an expected one that did not fail", () => {
    const result = checkRunExpectation(sampleReport(), 1, {
      ...failing,
      failedCases: ["failover to another node", "pihole-dns-tcp"],
    });
    expect(result.problems).toEqual([
      'expected exactly one failed live case naming "pihole-dns-tcp", found 0',
      "unexpected failed live case: cilium connectivity test › client-egress-l7",
    ]);
  });

  it("refuses a text that names several failed cases (it would hide one)", () => {
    const result = checkRunExpectation(sampleReport(), 1, { ...failing, failedCases: [" › "] });
    expect(result.problems).toContain('expected exactly one failed live case naming " › ", found 2');
  });
});

describe("scripts/expect-run-result.ts", () => {
  const script = join(import.meta.dirname, "../../scripts/expect-run-result.ts");
  const run = (args: string[]) =>
    spawnSync(process.execPath, [script, ...args], { encoding: "utf8", env: {} });

  it("exits 0 when the run came out as expected and 1, saying what differs, when not", () => {
    const dir = mkdtempSync(join(tmpdir(), "cc-expect-"));
    const report = join(dir, "report.json");
    writeFileSync(report, JSON.stringify(passingRun()));
    const ok = run([
      "--report",
      report,
      "--exit-code",
      "1",
      "--static-errors",
      "pool-includes-broadcast-address",
    ]);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain("✅ as expected");
    const bad = run(["--report", report, "--exit-code", "1", "--static-errors", ""]);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain(
      "- static-check errors: expected [], the run found [pool-includes-broadcast-address]",
    );
    writeFileSync(report, JSON.stringify(sampleReport()));
    const named = (...cases: string[]) =>
      run([
        "--report",
        report,
        "--exit-code",
        "1",
        "--live",
        "failed",
        ...cases.flatMap((c) => ["--failed-case", c]),
      ]);
    expect(named("failover to another node", "client-egress-l7").status).toBe(0);
    const unexpected = named("failover to another node");
    expect(unexpected.status).toBe(1);
    expect(unexpected.stdout).toContain(
      "- unexpected failed live case: cilium connectivity test › client-egress-l7",
    );
    const missing = run(["--report", join(dir, "none.json"), "--exit-code", "3"]);
    expect(missing.status).toBe(1);
    expect(missing.stdout).toContain("no readable report");
    expect(run(["--exit-code", "x"]).status).toBe(2);
    rmSync(dir, { recursive: true, force: true });
  });
});
