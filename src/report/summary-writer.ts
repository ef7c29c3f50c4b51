// summary.md: for the operator who opens it at 2 a.m. It leads with the verdict and what failed,
// then the per-suite table, the measured figures, connectivity counts, deviations, timings and
// links. Pure: model in, Markdown out (writing it is report-files.ts).

import type { ReportCase, ReportModel, ReportSuite } from "./report-model.ts";
import {
  countCases,
  firstLine,
  problemCases,
  reportVerdict,
  suiteVerdict,
  type Verdict,
  verdictExitCode,
} from "./report-verdict.ts";

const HEADLINE: Record<Verdict, string> = {
  passed: "✅ PASSED",
  failed: "❌ FAILED",
  infrastructure: "⚠️ INFRASTRUCTURE FAILURE",
};

export function renderSummary(model: ReportModel): string {
  const verdict = reportVerdict(model);
  const out: string[] = [];
  out.push(`# ${HEADLINE[verdict]} — ${verdictSentence(model, verdict)}`, "");
  out.push(runLine(model), "");

  const problems = problemCases(model);
  if (problems.length > 0) {
    out.push("## What failed", "");
    out.push(
      table(
        ["Suite", "Case", "Why (first line)"],
        problems.map(({ suite, testCase }) => [
          suite.title,
          `${testCase.infrastructure ? "⚠️ " : ""}${testCase.name}`,
          firstLine(testCase.failureMessage ?? testCase.failureText) || "(no message)",
        ]),
      ),
    );
    out.push("");
    out.push(...infrastructureDetails(problems));
  }

  const errors = model.findings.filter((f) => f.severity === "error");
  if (model.findings.length > 0) {
    out.push("## Static checks", "");
    const warnings = model.findings.filter((f) => f.severity === "warning").length;
    out.push(
      `${errors.length} error(s), ${warnings} warning(s), ${model.findings.length - errors.length - warnings} note(s).`,
      "",
    );
    out.push(
      table(
        ["Severity", "Rule", "Where", "Message"],
        model.findings.map((f) => [f.severity, f.id, `${f.file}:${f.line}`, firstLine(f.message)]),
      ),
    );
    out.push("");
  }

  if (model.suites.length > 0) {
    out.push("## Suites", "");
    out.push(
      table(
        ["Suite", "Result", "Passed", "Failed", "Skipped", "Duration"],
        model.suites.map((suite) => {
          const counts = countCases(suite.cases);
          return [
            suite.title,
            suiteBadge(suite),
            String(counts.passed),
            String(counts.failed + counts.broken),
            String(counts.skipped),
            duration(suite.cases.reduce((sum, c) => sum + c.durationMs, 0)),
          ];
        }),
      ),
    );
    out.push("");
  }

  const figures = model.suites.flatMap((suite) =>
    suite.cases.flatMap((testCase) =>
      (testCase.figures ?? []).map((figure) => ({ suite, testCase, figure })),
    ),
  );
  if (figures.length > 0) {
    out.push("## Figures (failover, convergence)", "");
    out.push(
      table(
        ["Suite", "Case", "Figure", "Value", "Limit", "Note"],
        figures.map(({ suite, testCase, figure }) => [
          suite.title,
          testCase.name,
          figure.name,
          `${figure.value} ${figure.unit}`,
          figure.limit === undefined
            ? "—"
            : `${figure.limit} ${figure.unit}${figure.value > figure.limit ? " ❌" : " ✅"}`,
          figure.note ?? "",
        ]),
      ),
    );
    out.push("");
  }

  const connectivity = model.suites.find((suite) => suite.source === "connectivity");
  if (connectivity) out.push(...connectivitySection(connectivity), "");

  if (model.deviations.length > 0) {
    out.push("## Deviations from the repo (forced by kind)", "");
    out.push(
      table(
        ["Key", "Repo value", "kind value", "Why"],
        model.deviations.map((d) => [d.key, d.repoValue, d.kindValue, d.reason]),
      ),
    );
    out.push("");
  }

  if (model.phases.length > 0) {
    out.push("## Phase timings", "");
    out.push(
      table(
        ["Phase", "Duration", "Status"],
        model.phases.map((p) => [
          p.phase,
          duration(p.durationMs),
          p.status === "ok" ? "ok" : p.status === "failed" ? "❌ failed" : "skipped",
        ]),
      ),
    );
    out.push("");
  }

  const attachments = model.suites.flatMap((suite) =>
    suite.cases.flatMap((testCase) => (testCase.attachments ?? []).map((a) => ({ suite, testCase, a }))),
  );
  if (attachments.length > 0) {
    out.push("## Attachments", "");
    for (const { suite, testCase, a } of attachments) {
      out.push(
        `- ${suite.title} › ${escapeInline(testCase.name)}: [${escapeInline(a.name)}](${encodeURI(a.path)})`,
      );
    }
    out.push("");
  }

  out.push(
    `Exit code ${verdictExitCode(verdict)}. Full report: \`npm run report -- --run-dir reports/${model.run.runId}\` (Allure HTML), \`junit.xml\` for CI.`,
    "",
  );
  return out.join("\n");
}

function verdictSentence(model: ReportModel, verdict: Verdict): string {
  const cases = model.suites.flatMap((suite) => suite.cases);
  const counts = countCases(cases);
  if (verdict === "infrastructure") {
    const first = problemCases(model).find(
      ({ suite, testCase }) => testCase.infrastructure || suite.source === "provisioning",
    );
    const why = first ? firstLine(first.testCase.failureMessage ?? first.testCase.failureText) : "";
    // A first line that introduces a list ("… (3 problems):") points at the details section.
    const headline = why.endsWith(":") ? `${why.slice(0, -1)} (details below)` : why;
    return `nothing was proven: ${headline || "the environment failed"}`;
  }
  if (verdict === "failed") {
    const failedSuites = model.suites.filter((suite) => suiteVerdict(suite) !== "passed").map((s) => s.title);
    const bad = counts.failed + counts.broken;
    const errors = model.findings.filter((f) => f.severity === "error").length;
    const parts: string[] = [];
    if (bad > 0) parts.push(`${bad} of ${counts.total} checks failed (${failedSuites.join(", ")})`);
    if (errors > 0) parts.push(`${errors} static-check error(s)`);
    return parts.join("; ");
  }
  return `all ${counts.passed} checks passed${counts.skipped ? ` (${counts.skipped} skipped)` : ""}`;
}

/**
 * An infrastructure failure's first line rarely says enough (preflight lists every missing tool
 * with its fix on the lines after it), so its whole text goes below the table, verbatim.
 */
function infrastructureDetails(problems: ReturnType<typeof problemCases>): string[] {
  const lines: string[] = [];
  for (const { testCase } of problems) {
    const text = (testCase.failureText ?? testCase.failureMessage ?? "").trim();
    if (!testCase.infrastructure || !text.includes("\n")) continue;
    const fence = text.includes("```") ? "~~~" : "```";
    lines.push(`### ⚠️ ${escapeInline(testCase.name)}`, "", fence, text, fence, "");
  }
  return lines;
}

function runLine(model: ReportModel): string {
  const v = model.run.versions;
  const parts = [
    v.cilium && `Cilium ${v.cilium}`,
    v.chart && v.chart !== v.cilium && `chart ${v.chart}`,
    v.kind && `kind ${v.kind}`,
    v.nodeImage && `node image \`${v.nodeImage}\``,
    v.gatewayApi && `Gateway API ${v.gatewayApi}`,
    v.ciliumCli && `cilium-cli ${v.ciliumCli}`,
    `run \`${model.run.runId}\``,
    model.run.finishedAt &&
      `took ${duration(Date.parse(model.run.finishedAt) - Date.parse(model.run.startedAt))}`,
  ];
  return parts.filter(Boolean).join(" · ");
}

function connectivitySection(suite: ReportSuite): string[] {
  const counts = countCases(suite.cases);
  const lines = ["## cilium connectivity test", ""];
  lines.push(
    `${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped of ${counts.total} tests${counts.broken ? `; ${counts.broken} could not run (infrastructure)` : ""}.`,
  );
  const failed = suite.cases.filter((c: ReportCase) => c.status === "failed");
  if (failed.length > 0) {
    lines.push(
      "",
      ...failed.map(
        (c) => `- **${escapeInline(c.name)}**: ${escapeInline(firstLine(c.failureMessage ?? c.failureText))}`,
      ),
    );
  }
  return lines;
}

function suiteBadge(suite: ReportSuite): string {
  const verdict = suiteVerdict(suite);
  if (verdict === "infrastructure") return "⚠️ infrastructure";
  if (verdict === "failed") return "❌ failed";
  return suite.cases.every((c) => c.status === "skipped") ? "⏭️ skipped" : "✅ passed";
}

export function duration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const totalSeconds = ms / 1000;
  if (totalSeconds < 60) return `${totalSeconds.toFixed(1)} s`;
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = Math.round(totalSeconds % 60);
  return `${minutes}m ${String(seconds).padStart(2, "0")}s`;
}

function table(headers: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map(escapeCell).join(" | ")} |`;
  return [line(headers), `| ${headers.map(() => "---").join(" | ")} |`, ...rows.map(line)].join("\n");
}

/** A table cell: one line, no pipe that would split the column. */
function escapeCell(value: string): string {
  return escapeInline(value)
    .replace(/\|/g, "\\|")
    .replace(/\s*\n\s*/g, " ");
}

/** Inline text: no HTML the viewer would render. */
function escapeInline(value: string): string {
  return value.replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
