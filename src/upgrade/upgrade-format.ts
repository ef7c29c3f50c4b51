// Renders the upgrade preview: human (grouped by category, each finding at file:line with its fix),
// JSON, and JUnit (one test case per category, through the report layer's JUnit writer).

import type { Severity } from "../checks/finding.ts";
import { countFindings, describeCounts, sortFindings } from "../checks/format/finding-counts.ts";
import { plainStyle, type TerminalStyle } from "../checks/format/terminal-style.ts";
import { wrapText } from "../checks/format/wrap-text.ts";
import { renderJunit } from "../report/junit-writer.ts";
import type { ReportCase, ReportModel } from "../report/report-model.ts";
import { UPGRADE_CATEGORIES, type UpgradeFinding } from "./upgrade-finding.ts";
import type { UpgradeReport } from "./upgrade-report.ts";

const MARKERS: Record<Severity, string> = { error: "✖ error", warning: "▲ warning", info: "● info" };
const INDENT = "      ";

export function renderUpgradeHuman(
  report: UpgradeReport,
  options: { width?: number; style?: TerminalStyle } = {},
): string {
  const style = options.style ?? plainStyle;
  const width = Math.max(40, options.width ?? 100);
  const out: string[] = [
    style.bold(
      `Upgrade preview for ${report.repo}: cilium ${report.current.version} → ${report.candidate.version}`,
    ),
    `  current:   ${describeChart(report.current)}`,
    `  candidate: ${describeChart(report.candidate)}`,
    "",
  ];
  for (const category of UPGRADE_CATEGORIES) {
    const findings = sortFindings(report.findings.filter((f) => f.category === category.id));
    const mark = findings.some((f) => f.severity === "error")
      ? style.red("✖")
      : findings.some((f) => f.severity === "warning")
        ? style.yellow("▲")
        : "✔";
    out.push(
      `${mark} ${style.bold(category.title)}${findings.length === 0 ? style.dim(" — nothing changes") : ""}`,
    );
    for (const finding of findings) {
      const marker = paint(style, finding.severity, MARKERS[finding.severity]);
      out.push(`  ${style.dim(`${finding.file}:${finding.line}`)}  ${marker}  ${style.dim(finding.id)}`);
      for (const line of wrapText(finding.message, width - INDENT.length)) out.push(`${INDENT}${line}`);
    }
  }
  const counts = countFindings(report.findings);
  const summary = `${describeCounts(counts)} in ${Math.round(report.durationMs)} ms`;
  out.push(
    "",
    counts.errors > 0
      ? style.red(style.bold(`${summary}: the upgrade would break something — fix the errors first`))
      : `${summary}: no blocker found`,
  );
  return `${out.join("\n")}\n`;
}

export function renderUpgradeJson(report: UpgradeReport): string {
  const json = {
    repo: report.repo,
    current: report.current,
    candidate: report.candidate,
    findings: (sortFindings(report.findings) as UpgradeFinding[]).map(
      ({ id, category, severity, message, file, line }) => ({
        id,
        category,
        severity,
        message,
        file,
        line,
      }),
    ),
    summary: { ...countFindings(report.findings), durationMs: Math.round(report.durationMs) },
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

export function renderUpgradeJunit(report: UpgradeReport, timestamp: string): string {
  const cases: ReportCase[] = UPGRADE_CATEGORIES.map((category) => {
    const findings = sortFindings(report.findings.filter((f) => f.category === category.id));
    const text = (severity: Severity[]) =>
      findings
        .filter((f) => severity.includes(f.severity))
        .map((f) => `${f.severity} ${f.id} at ${f.file}:${f.line}\n${f.message}`)
        .join("\n\n");
    const errors = findings.filter((f) => f.severity === "error");
    const details = text(["warning", "info"]);
    const name = `${category.id}: ${category.title}`;
    if (errors.length === 0)
      return { name, status: "passed", durationMs: 0, ...(details ? { details } : {}) };
    const first = errors[0]!;
    return {
      name,
      status: "failed",
      durationMs: 0,
      failureMessage: `${errors.length} error${errors.length === 1 ? "" : "s"}, first at ${first.file}:${first.line}`,
      failureText: text(["error"]),
      ...(details ? { details } : {}),
    };
  });
  const model: ReportModel = {
    schemaVersion: 1,
    run: {
      runId: `upgrade-${report.current.version}-to-${report.candidate.version}`,
      startedAt: timestamp,
      versions: { chart: report.candidate.version },
      command: `upgrade --to ${report.candidate.version}`,
    },
    deviations: [],
    phases: [],
    findings: [],
    suites: [
      {
        name: "upgrade-preview",
        title: `Upgrade preview ${report.current.version} → ${report.candidate.version}`,
        source: "static-checks",
        cases,
      },
    ],
  };
  return renderJunit(model);
}

function describeChart(chart: UpgradeReport["current"]): string {
  const schema = chart.hasSchema ? "with values.schema.json" : "no values.schema.json";
  return `${chart.version} from ${chart.origin}${chart.fromCache ? " (cached)" : ""}, ${schema}`;
}

function paint(style: TerminalStyle, severity: Severity, text: string): string {
  if (severity === "error") return style.red(text);
  if (severity === "warning") return style.yellow(text);
  return style.cyan(text);
}
