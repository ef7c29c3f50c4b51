// Writes a run's report: report.json (the model), junit.xml, summary.md and the Allure results of
// the suites vitest did not produce; appends summary.md to $GITHUB_STEP_SUMMARY when it is set.

import { appendFile, mkdir, writeFile } from "node:fs/promises";
import { writeAllureResults } from "./allure-writer.ts";
import { renderJunit } from "./junit-writer.ts";
import type { ReportModel } from "./report-model.ts";
import { type ReportPaths, reportPaths } from "./report-paths.ts";
import { renderSummary } from "./summary-writer.ts";

export interface WriteReportInput {
  reportDir: string;
  model: ReportModel;
  /** The CLI's env: only GITHUB_STEP_SUMMARY is read. */
  env: Record<string, string | undefined>;
  uuid?: () => string;
}

export async function writeReport(input: WriteReportInput): Promise<ReportPaths> {
  const paths = reportPaths(input.reportDir);
  await mkdir(paths.dir, { recursive: true });
  const summary = renderSummary(input.model);
  await writeFile(paths.model, `${JSON.stringify(input.model, null, 2)}\n`);
  await writeFile(paths.junit, renderJunit(input.model));
  await writeFile(paths.summary, summary);
  await writeAllureResults({
    resultsDir: paths.allureResults,
    reportDir: paths.dir,
    model: input.model,
    ...(input.uuid ? { uuid: input.uuid } : {}),
  });
  const stepSummary = input.env.GITHUB_STEP_SUMMARY;
  if (stepSummary) await appendFile(stepSummary, `${summary}\n`);
  return paths;
}
