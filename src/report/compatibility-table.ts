// The nightly version matrix, gathered: one report.json per Cilium version tried (each a `run`
// with --cilium-version) becomes one table, version × suite, with the figures the suites measured
// (failover time, convergence) side by side. Versions the matrix asked for but that left no
// report (the job died before writing one) are rows too. Pure: reports in, table out.

import { compareVersions, parseCiliumVersion } from "../compat/cilium-version.ts";
import type { Figure, ReportModel } from "./report-model.ts";
import { countCases, reportVerdict, suiteVerdict, type Verdict } from "./report-verdict.ts";

export interface GatheredReport {
  /** Where it was read, for the table's footnotes. */
  file: string;
  model: ReportModel;
}

export interface SuiteCell {
  verdict: Verdict | "skipped";
  passed: number;
  /** Cases that ran (skipped ones left out). */
  ran: number;
}

export interface VersionRow {
  version: string;
  /** From `versions --format json`, when given: pinned, newest-patch, newer-minor. */
  roles: string[];
  /** Undefined when no report came back for this version. */
  report?: {
    file: string;
    runId: string;
    verdict: Verdict;
    staticErrors: number;
    suites: Record<string, SuiteCell>;
    figures: Record<string, Figure>;
    durationMs: number | undefined;
  };
}

export interface CompatibilityTable {
  rows: VersionRow[];
  /** Suite ids with their titles, in the order they first appear. */
  suites: { name: string; title: string }[];
  /** Figure keys (`<suite title> › <figure name>`), in the order they first appear. */
  figures: string[];
  /** Worst verdict over all rows; a missing report counts as an infrastructure failure. */
  verdict: Verdict;
}

export function compatibilityTable(
  reports: readonly GatheredReport[],
  expected: readonly { version: string; roles: readonly string[] }[] = [],
): CompatibilityTable {
  const suites: { name: string; title: string }[] = [];
  const figures: string[] = [];
  const rows = new Map<string, VersionRow>();
  for (const { version, roles } of expected)
    rows.set(normal(version), { version: normal(version), roles: [...roles] });
  for (const { file, model } of reports) {
    const version = normal(model.run.versions.chart ?? model.run.versions.cilium ?? "unknown");
    const row = rows.get(version) ?? { version, roles: [] };
    const cells: Record<string, SuiteCell> = {};
    const measured: Record<string, Figure> = {};
    for (const suite of model.suites) {
      // The static checks have their own column (errors counted from the findings).
      if (suite.source === "static-checks") continue;
      if (!suites.some((known) => known.name === suite.name))
        suites.push({ name: suite.name, title: suite.title });
      const counts = countCases(suite.cases);
      const skippedOnly = counts.total > 0 && counts.skipped === counts.total;
      cells[suite.name] = {
        verdict: skippedOnly ? "skipped" : suiteVerdict(suite),
        passed: counts.passed,
        ran: counts.total - counts.skipped,
      };
      for (const testCase of suite.cases) {
        for (const figure of testCase.figures ?? []) {
          const key = `${suite.title} › ${figure.name}`;
          if (!figures.includes(key)) figures.push(key);
          measured[key] = figure;
        }
      }
    }
    const started = Date.parse(model.run.startedAt);
    const finished = model.run.finishedAt ? Date.parse(model.run.finishedAt) : Number.NaN;
    row.report = {
      file,
      runId: model.run.runId,
      verdict: reportVerdict(model),
      staticErrors: model.findings.filter((finding) => finding.severity === "error").length,
      suites: cells,
      figures: measured,
      durationMs: Number.isFinite(finished - started) ? finished - started : undefined,
    };
    rows.set(version, row);
  }
  const sorted = [...rows.values()].sort(byVersion);
  return { rows: sorted, suites, figures, verdict: worst(sorted) };
}

function normal(version: string): string {
  return version.replace(/^v/, "");
}

function byVersion(a: VersionRow, b: VersionRow): number {
  const [left, right] = [parseCiliumVersion(a.version), parseCiliumVersion(b.version)];
  if (left && right) return compareVersions(left, right);
  return a.version < b.version ? -1 : a.version > b.version ? 1 : 0;
}

function worst(rows: readonly VersionRow[]): Verdict {
  const verdicts = rows.map((row) => row.report?.verdict ?? "infrastructure");
  if (verdicts.includes("infrastructure")) return "infrastructure";
  if (verdicts.includes("failed")) return "failed";
  return "passed";
}
