// The run's verdict from its report: what the summary leads with and the exit code (DESIGN.md):
// an environment/provisioning failure (3) outranks a conformance failure (1), which outranks a pass.

import { ExitCode } from "../errors.ts";
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
