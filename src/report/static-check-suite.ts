// Static-check findings as a report suite, so CI's JUnit and Allure show them beside the suites:
// an error is a failed case; a warning or note is a passed case that carries the text.

import type { Finding } from "../checks/finding.ts";
import type { ReportCase, ReportModel, ReportSuite } from "./report-model.ts";

export const STATIC_CHECKS_SUITE = "static-checks";

export function staticCheckSuite(findings: readonly Finding[]): ReportSuite {
  const cases: ReportCase[] = findings.map((finding) => {
    const where = `${finding.file}:${finding.line}`;
    const name = `${finding.id} (${where})`;
    if (finding.severity === "error") {
      return {
        name,
        status: "failed",
        durationMs: 0,
        failureMessage: finding.message,
        failureText: `${where}: ${finding.message}`,
      };
    }
    return {
      name,
      status: "passed",
      durationMs: 0,
      details: `${finding.severity}: ${where}: ${finding.message}`,
    };
  });
  return { name: STATIC_CHECKS_SUITE, title: "Static checks of the repo", source: "static-checks", cases };
}

/** The model's suites, with the findings as a suite first when no static-check suite exists yet. */
export function suitesForOutput(model: ReportModel): ReportSuite[] {
  const hasSuite = model.suites.some((suite) => suite.source === "static-checks");
  if (model.findings.length === 0 || hasSuite) return [...model.suites];
  return [staticCheckSuite(model.findings), ...model.suites];
}
