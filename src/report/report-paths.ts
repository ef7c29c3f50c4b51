// Where a run's report lives: reports/<run-id>/ and the files inside it.

import { join } from "node:path";

export interface ReportPaths {
  dir: string;
  model: string;
  junit: string;
  summary: string;
  allureResults: string;
  allureHtml: string;
  diagnostics: string;
}

export function reportPaths(reportDir: string): ReportPaths {
  return {
    dir: reportDir,
    model: join(reportDir, "report.json"),
    junit: join(reportDir, "junit.xml"),
    summary: join(reportDir, "summary.md"),
    allureResults: join(reportDir, "allure-results"),
    allureHtml: join(reportDir, "allure-report"),
    diagnostics: join(reportDir, "diagnostics"),
  };
}

/** reports/<run-id>/ under the project (or the given root). */
export function runReportDir(root: string, runId: string): string {
  return join(root, "reports", runId);
}
