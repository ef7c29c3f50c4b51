// What a run's report says, as data. The writers (JUnit, summary.md, Allure results) all render
// this one model, so they cannot disagree. Written as reports/<run-id>/report.json.

import type { Finding, Severity } from "../checks/finding.ts";
import type { RunVersions } from "../cluster/run-context.ts";

/** Allure's statuses: `broken` is an error that is not an assertion (the test could not decide). */
export type CaseStatus = "passed" | "failed" | "skipped" | "broken";

export interface AttachmentRef {
  name: string;
  /** Relative to the report directory (reports/<run-id>/). */
  path: string;
  contentType: string;
}

/** A measured number worth a line in the summary, e.g. the L2 failover time. */
export interface Figure {
  name: string;
  value: number;
  unit: "ms" | "s" | "count" | "%";
  /** The budget it was held to, same unit. */
  limit?: number;
  note?: string;
}

export interface ReportCase {
  name: string;
  status: CaseStatus;
  durationMs: number;
  /**
   * When the case started (ISO 8601), where the source says: vitest's start of the test, or
   * cilium-cli's JUnit timestamp plus the durations of the tests before it. Without it the reports
   * place the case right after the one before.
   */
  startedAt?: string;
  /** One line: what failed. */
  failureMessage?: string;
  /** The rest: failed actions, last observation, stack for a bug. */
  failureText?: string;
  skipReason?: string;
  /** The failure means the environment broke, not that a promise failed (exit 3, not 1). */
  infrastructure?: boolean;
  /** Non-failure detail worth keeping (a warning finding, a note). */
  details?: string;
  /** A static-check rule's case: the highest severity among its findings. */
  severity?: Severity;
  attachments?: AttachmentRef[];
  figures?: Figure[];
  parameters?: Record<string, string>;
}

export type SuiteSource = "vitest" | "connectivity" | "static-checks" | "provisioning";

export interface ReportSuite {
  /** Stable id, e.g. `l2-announcements`. */
  name: string;
  /** For people, e.g. "L2 announcements". */
  title: string;
  source: SuiteSource;
  cases: ReportCase[];
  /** Measured time of the whole suite, when it is not the sum of its cases (the static rules run together). */
  durationMs?: number;
}

/** A change the harness made to the repo's values so they work on kind (DESIGN.md "deviation"). */
export interface Deviation {
  key: string;
  repoValue: string;
  kindValue: string;
  reason: string;
}

export interface PhaseTiming {
  phase: string;
  durationMs: number;
  status: "ok" | "failed" | "skipped";
}

export interface RunMetadata {
  runId: string;
  startedAt: string;
  finishedAt?: string;
  versions: Partial<RunVersions>;
  /** The harness command, e.g. `run --offline`. */
  command?: string;
}

export interface ReportModel {
  schemaVersion: 1;
  run: RunMetadata;
  deviations: Deviation[];
  phases: PhaseTiming[];
  suites: ReportSuite[];
  findings: Finding[];
}

export function emptyReport(run: RunMetadata): ReportModel {
  return { schemaVersion: 1, run, deviations: [], phases: [], suites: [], findings: [] };
}
