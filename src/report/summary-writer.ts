// summary.md: for the operator who opens it at 2 a.m. It leads with the verdict and what failed,
// then the per-suite table, the measured figures, connectivity counts, deviations, timings and
// links. Pure: model in, Markdown out (writing it is report-files.ts).

import { formatDuration } from "../console/format-duration.ts";
import { figureAmount } from "./figure-text.ts";
import { escapeInline, markdownTable } from "./markdown-table.ts";
import type { ReportCase, ReportModel, ReportSuite } from "./report-model.ts";
import {
  countCases,
  firstLine,
  problemCases,
  reportVerdict,
  suiteDurationMs,
  suiteVerdict,
  type Verdict,
  verdictExitCode,
  verdictParts,
  verdictSentence,
} from "./report-verdict.ts";

const HEADLINE: Record<Verdict, string> = {
  passed: "✅ PASSED",
  failed: "❌ FAILED",
  infrastructure: "⚠️ INFRASTRUCTURE FAILURE",
};

export function renderSummary(model: ReportModel): string {
  const verdict = reportVerdict(model);
  const out: string[] = [];
  out.push(`# ${HEADLINE[verdict]} — ${verdictSentence(model)}`, "");
  out.push(partsLine(model), "");
  out.push(runLine(model), "");

  const problems = problemCases(model);
  if (problems.length > 0) {
    out.push("## What failed", "");
    out.push(
      markdownTable(
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
      markdownTable(
        ["Severity", "Rule", "Where", "Message"],
        model.findings.map((f) => [f.severity, f.id, `${f.file}:${f.line}`, firstLine(f.message)]),
      ),
    );
    out.push("");
  }

  if (model.suites.length > 0) {
    out.push("## Suites", "");
    out.push(
      markdownTable(
        ["Suite", "Result", "Passed", "Failed", "Skipped", "Duration"],
        model.suites.map((suite) => {
          const counts = countCases(suite.cases);
          return [
            suite.title,
            suiteBadge(suite),
            String(counts.passed),
            String(counts.failed + counts.broken),
            String(counts.skipped),
            duration(suiteDurationMs(suite)),
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
      markdownTable(
        ["Suite", "Case", "Figure", "Value", "Limit", "Note"],
        figures.map(({ suite, testCase, figure }) => [
          suite.title,
          testCase.name,
          figure.name,
          figureAmount(figure.value, figure.unit),
          figure.limit === undefined
            ? "—"
            : `${figureAmount(figure.limit, figure.unit)}${figure.value > figure.limit ? " ❌" : " ✅"}`,
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
      markdownTable(
        ["Key", "Repo value", "kind value", "Why"],
        model.deviations.map((d) => [d.key, d.repoValue, d.kindValue, d.reason]),
      ),
    );
    out.push("");
  }

  if (model.phases.length > 0) {
    out.push("## Phase timings", "");
    out.push(
      markdownTable(
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

/** Both halves of the run on one line, each with its own verdict (the exit code combines them). */
function partsLine(model: ReportModel): string {
  const parts = verdictParts(model);
  const staticText =
    parts.staticErrors > 0
      ? `❌ ${parts.staticErrors} error(s), ${parts.staticWarnings} warning(s)`
      : `✅ no error${parts.staticWarnings ? `, ${parts.staticWarnings} warning(s)` : ""}`;
  const live = parts.live;
  let liveText: string;
  if (!live) liveText = "⏭️ not run";
  else if (live.verdict === "infrastructure")
    liveText =
      live.counts.passed > 0
        ? `⚠️ infrastructure failure; ${live.counts.passed} of ${live.counts.total} checks passed`
        : "⚠️ not proven (infrastructure failure)";
  else if (live.verdict === "failed")
    liveText = `❌ ${live.counts.failed + live.counts.broken} of ${live.counts.total} checks failed`;
  else
    liveText = `✅ ${live.counts.passed} checks passed${live.counts.skipped ? `, ${live.counts.skipped} skipped` : ""}`;
  return `**Static check:** ${staticText} · **Live (kind):** ${liveText}`;
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

/** The console's duration format (one format for every output). */
export const duration = formatDuration;
