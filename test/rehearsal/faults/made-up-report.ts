// Made-up report.json models for the fault judge's tests: a run's suites around the ones a test
// cares about, as `run` writes them (static checks, provisioning, the suites, teardown).

import type { ReportCase, ReportModel, ReportSuite } from "../../../src/report/report-model.ts";

export const green = (name: string): ReportCase => ({ name, status: "passed", durationMs: 10 });

export const red = (name: string, failureMessage: string, extra: Partial<ReportCase> = {}): ReportCase => ({
  name,
  status: "failed",
  durationMs: 10,
  failureMessage,
  ...extra,
});

export function suite(
  name: string,
  cases: ReportCase[],
  source: ReportSuite["source"] = "vitest",
): ReportSuite {
  return { name, title: name, source, cases };
}

export function madeUpReport(...suites: ReportSuite[]): ReportModel {
  return {
    schemaVersion: 1,
    run: { runId: "r", startedAt: "2026-12-03T10:00:00Z", versions: {} },
    deviations: [],
    phases: [],
    findings: [],
    suites: [
      // The seed repo's real static error: not part of the live run, never judged.
      suite(
        "static-checks",
        [red("pool-includes-broadcast-address (x.yaml:8)", "broadcast")],
        "static-checks",
      ),
      suite("provisioning", [green("Infrastructure/Provisioning")], "provisioning"),
      ...suites,
      suite("teardown", [green("Infrastructure/Teardown")], "provisioning"),
    ],
  };
}
