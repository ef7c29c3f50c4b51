import { describe, expect, it } from "vitest";
import { CommandFailedError } from "../../src/errors.ts";
import { PROVISIONING_CASE, provisioningSuite } from "../../src/report/provisioning-suite.ts";
import { reportVerdict, verdictExitCode } from "../../src/report/report-verdict.ts";
import { sampleReport } from "./sample-report.ts";

describe("provisioningSuite", () => {
  it("is a passed case when the cluster came up", () => {
    const suite = provisioningSuite({ durationMs: 150_000 });
    expect(suite.cases).toEqual([{ name: PROVISIONING_CASE, status: "passed", durationMs: 150_000 }]);
  });

  it("is a broken infrastructure case that makes the run exit 3", () => {
    const error = new CommandFailedError({
      command: "kind create cluster --name cc-r1",
      exitCode: 1,
      stderrTail: "ERROR: failed to create cluster: node(s) already exist",
      durationMs: 900,
      timedOut: false,
    });
    const suite = provisioningSuite({ durationMs: 1000, error, failedPhase: "kind create" });
    const [testCase] = suite.cases;
    expect(testCase?.status).toBe("broken");
    expect(testCase?.infrastructure).toBe(true);
    expect(testCase?.failureMessage).toBe(
      "kind create: [CC_COMMAND_FAILED] `kind create cluster --name cc-r1` exited 1 after 900 ms: ERROR: failed to create cluster: node(s) already exist",
    );
    expect(testCase?.failureText).toContain("node(s) already exist");
    const model = { ...sampleReport(), suites: [suite, ...sampleReport().suites.slice(1)] };
    expect(reportVerdict(model)).toBe("infrastructure");
    expect(verdictExitCode(reportVerdict(model))).toBe(3);
  });
});
