// The gathered compatibility table as Markdown, for the job summary and the artifact: the verdict
// per version and suite, then the measured figures side by side, then where each row came from.

import type { CompatibilityTable, SuiteCell, VersionRow } from "./compatibility-table.ts";
import { figureAmount } from "./figure-text.ts";
import { markdownTable } from "./markdown-table.ts";
import type { Figure } from "./report-model.ts";
import type { Verdict } from "./report-verdict.ts";
import { duration } from "./summary-writer.ts";

const BADGE: Record<Verdict | "skipped", string> = {
  passed: "✅",
  failed: "❌",
  infrastructure: "⚠️",
  skipped: "⏭️",
};

const HEADLINE: Record<Verdict, string> = {
  passed: "every version passed",
  failed: "some versions fail",
  infrastructure: "some versions could not be judged",
};

export function renderCompatibilityMarkdown(table: CompatibilityTable): string {
  const out: string[] = [`# Cilium compatibility: ${HEADLINE[table.verdict]}`, ""];
  out.push(
    markdownTable(
      ["Cilium", "Verdict", "Static checks", ...table.suites.map((suite) => suite.title), "Took"],
      table.rows.map((row) => [
        versionLabel(row),
        row.report ? `${BADGE[row.report.verdict]} ${row.report.verdict}` : "⚠️ no report",
        row.report ? (row.report.staticErrors === 0 ? "✅" : `❌ ${row.report.staticErrors} error(s)`) : "—",
        ...table.suites.map((suite) => suiteCell(row.report?.suites[suite.name])),
        row.report?.durationMs === undefined ? "—" : duration(row.report.durationMs),
      ]),
    ),
    "",
  );
  if (table.figures.length > 0) {
    out.push("## Measured figures", "");
    out.push(
      markdownTable(
        ["Figure", ...table.rows.map((row) => row.version)],
        table.figures.map((key) => [key, ...table.rows.map((row) => figureCell(row.report?.figures[key]))]),
      ),
      "",
    );
  }
  out.push("## Reports", "");
  for (const row of table.rows) {
    out.push(
      row.report
        ? `- ${row.version}: run \`${row.report.runId}\`, ${row.report.file}`
        : `- ${row.version}: no report.json came back (the job ended before writing one)`,
    );
  }
  return `${out.join("\n")}\n`;
}

function versionLabel(row: VersionRow): string {
  return row.roles.length > 0 ? `${row.version} (${row.roles.join(", ")})` : row.version;
}

function suiteCell(cell: SuiteCell | undefined): string {
  if (cell === undefined) return "—";
  if (cell.verdict === "skipped") return `${BADGE.skipped} skipped`;
  return `${BADGE[cell.verdict]} ${cell.passed}/${cell.ran}`;
}

function figureCell(figure: Figure | undefined): string {
  if (figure === undefined) return "—";
  const value = figureAmount(figure.value, figure.unit);
  if (figure.limit === undefined) return value;
  return `${value} ${figure.value > figure.limit ? "❌" : "✅"} (limit ${figureAmount(figure.limit, figure.unit)})`;
}
