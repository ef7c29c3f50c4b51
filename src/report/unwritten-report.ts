// When the report folder cannot be written, the run's verdict and why it failed still reach the
// terminal (and the CI log): one line per failed or broken case, its first line only.

import type { ReportModel } from "./report-model.ts";
import { firstLine, problemCases, type Verdict } from "./report-verdict.ts";

export function renderUnwrittenReport(model: ReportModel, verdict: Verdict): string {
  const problems = problemCases(model).map(
    ({ suite, testCase }) =>
      `  ✖ ${suite.title} / ${testCase.name}: ${firstLine(testCase.failureMessage ?? testCase.failureText) || testCase.status}`,
  );
  const lines = [
    `run ${model.run.runId}: ${verdict} — the report could not be written, so here is what it would have said:`,
    ...(problems.length > 0 ? problems : ["  (no failed case)"]),
  ];
  return `${lines.join("\n")}\n`;
}
