// Checks a finished run's report against what was expected of it: the project's own live CI runs
// the seed repo, whose pool ends on the LAN's broadcast address and whose Pi-hole Services share an
// address across two L2 Leases (its two static errors; the second also fails two live cases). Those
// must neither fail that job nor disappear unnoticed; any other failure must fail it.

import type { ReportModel } from "./report-model.ts";
import { isProblem, reportVerdict, type Verdict, verdictExitCode, verdictParts } from "./report-verdict.ts";

export interface RunExpectation {
  /** Ids of the static-check errors the repo is expected to have (any order). */
  staticErrors: readonly string[];
  /** What the live half must come to. */
  live: Verdict;
  /**
   * With live "failed": each text is part of the name of exactly one failed live case, and every
   * failed live case contains one of them (so a new failure, or an expected one that passed, shows).
   */
  failedCases?: readonly string[];
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
  if (expected.failedCases) problems.push(...failedCaseProblems(model, expected.failedCases));
  const reported = verdictExitCode(reportVerdict(model));
  if (exitCode !== reported) {
    problems.push(`exit code ${exitCode} does not match the report's verdict (${reported})`);
  }
  const summary = `static errors [${errors.join(", ")}], live ${live}, exit ${exitCode}`;
  return { ok: problems.length === 0, problems, summary };
}

function failedCaseProblems(model: ReportModel, wanted: readonly string[]): string[] {
  const failed = model.suites
    .filter((suite) => suite.source !== "static-checks")
    .flatMap((suite) =>
      suite.cases.filter((c) => isProblem(c.status)).map((c) => `${suite.title} › ${c.name}`),
    );
  const problems: string[] = [];
  for (const text of wanted) {
    const matching = failed.filter((name) => name.includes(text));
    if (matching.length !== 1) {
      problems.push(`expected exactly one failed live case naming "${text}", found ${matching.length}`);
    }
  }
  for (const name of failed) {
    if (!wanted.some((text) => name.includes(text))) problems.push(`unexpected failed live case: ${name}`);
  }
  return problems;
}
