// The run's verdict from its report: what the summary leads with and the exit code (DESIGN.md):
// an environment/provisioning failure (3) outranks a conformance failure (1), which outranks a pass.

import { ExitCode } from "../errors.ts";
import { failureHeadline } from "./failure-headline.ts";
import type { CaseStatus, ReportCase, ReportModel, ReportSuite } from "./report-model.ts";

export type Verdict = "passed" | "failed" | "infrastructure";

export interface CaseCounts {
  total: number;
  passed: number;
  failed: number;
  broken: number;
  skipped: number;
}

export function countCases(cases: readonly ReportCase[]): CaseCounts {
  const counts: CaseCounts = { total: cases.length, passed: 0, failed: 0, broken: 0, skipped: 0 };
  for (const c of cases) counts[c.status] += 1;
  return counts;
}

/** The suite's measured time, else the sum of its cases'. */
export function suiteDurationMs(suite: ReportSuite): number {
  return suite.durationMs ?? suite.cases.reduce((sum, testCase) => sum + testCase.durationMs, 0);
}

export function isProblem(status: CaseStatus): boolean {
  return status === "failed" || status === "broken";
}

export function suiteVerdict(suite: ReportSuite): Verdict {
  if (suite.cases.some((c) => isProblem(c.status) && (c.infrastructure || suite.source === "provisioning"))) {
    return "infrastructure";
  }
  if (suite.cases.some((c) => isProblem(c.status))) return "failed";
  return "passed";
}

export function reportVerdict(model: ReportModel): Verdict {
  const verdicts = model.suites.map(suiteVerdict);
  if (verdicts.includes("infrastructure")) return "infrastructure";
  if (verdicts.includes("failed")) return "failed";
  if (model.findings.some((finding) => finding.severity === "error")) return "failed";
  return "passed";
}

/**
 * The run's two halves, each judged on its own, for the summary: the static check of the repo
 * (its findings) and the live part (every suite but the static-check one). The exit code stays
 * the combined verdict above; the summary shows both so neither hides the other (docs/reports.md).
 */
export interface VerdictParts {
  staticErrors: number;
  staticWarnings: number;
  /** undefined when nothing live ran (static check only, --fail-fast, a repo that cannot be installed). */
  live: { verdict: Verdict; counts: CaseCounts; failedSuites: string[] } | undefined;
}

export function verdictParts(model: ReportModel): VerdictParts {
  const live = model.suites.filter((suite) => suite.source !== "static-checks");
  return {
    staticErrors: model.findings.filter((finding) => finding.severity === "error").length,
    staticWarnings: model.findings.filter((finding) => finding.severity === "warning").length,
    live:
      live.length === 0
        ? undefined
        : {
            verdict: reportVerdict({ ...model, suites: live, findings: [] }),
            counts: countCases(live.flatMap((suite) => suite.cases)),
            failedSuites: live
              .filter((suite) => suiteVerdict(suite) !== "passed")
              .map((suite) => suite.title),
          },
  };
}

export function verdictExitCode(verdict: Verdict): ExitCode {
  if (verdict === "infrastructure") return ExitCode.environment;
  return verdict === "failed" ? ExitCode.conformanceFailed : ExitCode.pass;
}

/** Every failed or broken case with its suite, in report order. */
export function problemCases(model: ReportModel): { suite: ReportSuite; testCase: ReportCase }[] {
  return model.suites.flatMap((suite) =>
    suite.cases.filter((c) => isProblem(c.status)).map((testCase) => ({ suite, testCase })),
  );
}

export function firstLine(text: string | undefined): string {
  return (text ?? "").trim().split("\n")[0]?.trim() ?? "";
}

/**
 * The verdict in one sentence, after the headline: what the summary and the console lead with.
 * The static check and the live part are each named (the exit code combines them); an
 * infrastructure failure names its causes (failure-headline.ts).
 */
export function verdictSentence(model: ReportModel): string {
  const verdict = reportVerdict(model);
  const parts = verdictParts(model);
  const staticPart = parts.staticErrors > 0 ? `${parts.staticErrors} static-check error(s)` : "";
  if (verdict === "infrastructure") {
    const first = problemCases(model).find(
      ({ suite, testCase }) => testCase.infrastructure || suite.source === "provisioning",
    );
    const why = first ? failureHeadline(first.testCase.failureMessage ?? first.testCase.failureText) : "";
    const also = staticPart ? `; the static check also found ${parts.staticErrors} error(s)` : "";
    const cause = why || "the environment failed";
    const live = parts.live;
    // One suite's environment failing after others ran does not unprove what they proved.
    if (live && live.counts.passed > 0) {
      const where = first && first.suite.source !== "provisioning" ? ` (${first.suite.title})` : "";
      return `not everything was proven: ${cause}${where}; ${live.counts.passed} of ${live.counts.total} live checks passed${also}`;
    }
    return `nothing was proven: ${cause}${also}`;
  }
  if (verdict === "failed") {
    const sentence: string[] = [];
    const live = parts.live;
    if (live && live.verdict === "failed") {
      const bad = live.counts.failed + live.counts.broken;
      sentence.push(`${bad} of ${live.counts.total} checks failed (${live.failedSuites.join(", ")})`);
    }
    if (staticPart) sentence.push(staticPart);
    if (live && live.verdict === "passed") sentence.push(`the ${live.counts.passed} live checks passed`);
    return sentence.join("; ");
  }
  const counts = countCases(model.suites.flatMap((suite) => suite.cases));
  return `all ${counts.passed} checks passed${counts.skipped ? ` (${counts.skipped} skipped)` : ""}`;
}
