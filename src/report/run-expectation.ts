// Checks a finished run's report against what was expected of it: the project's own live CI runs
// the seed repo, whose pool deliberately ends on the LAN's broadcast address (a static error it is
// meant to show), and expects the live part to pass. The static error must neither fail that job
// nor disappear unnoticed; a live failure must fail it.

import type { ReportModel } from "./report-model.ts";
import { reportVerdict, type Verdict, verdictExitCode, verdictParts } from "./report-verdict.ts";

export interface RunExpectation {
  /** Ids of the static-check errors the repo is expected to have (any order). */
  staticErrors: readonly string[];
  /** What the live half must come to. */
  live: Verdict;
}

export interface ExpectationResult {
  ok: boolean;
  /** One line per thing that differs; empty when ok. */
  problems: string[];
  /** One line saying what the run came to. */
  summary: string;
}

export function checkRunExpectation(
  model: ReportModel,
  exitCode: number,
  expected: RunExpectation,
): ExpectationResult {
  const problems: string[] = [];
  const parts = verdictParts(model);
  const errors = [...new Set(model.findings.filter((f) => f.severity === "error").map((f) => f.id))].sort();
  const wanted = [...new Set(expected.staticErrors)].sort();
  if (JSON.stringify(errors) !== JSON.stringify(wanted)) {
    problems.push(
      `static-check errors: expected [${wanted.join(", ")}], the run found [${errors.join(", ")}]`,
    );
  }
  const live = parts.live?.verdict ?? "not run";
  if (live !== expected.live) {
    const failed = parts.live?.failedSuites.length ? ` (${parts.live.failedSuites.join(", ")})` : "";
    problems.push(`live part: expected ${expected.live}, it was ${live}${failed}`);
  }
  const reported = verdictExitCode(reportVerdict(model));
  if (exitCode !== reported) {
    problems.push(`exit code ${exitCode} does not match the report's verdict (${reported})`);
  }
  const summary = `static errors [${errors.join(", ")}], live ${live}, exit ${exitCode}`;
  return { ok: problems.length === 0, problems, summary };
}
