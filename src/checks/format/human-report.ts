// `--format human`: findings grouped by file, each with its line, severity, rule id and the
// message wrapped under it, then one summary line.
import type { Finding, Severity } from "../finding.ts";
import { countFindings, describeCounts, sortFindings } from "./finding-counts.ts";
import { plainStyle, type TerminalStyle } from "./terminal-style.ts";
import { wrapText } from "./wrap-text.ts";

export interface HumanReportOptions {
  durationMs: number;
  /** Terminal width; messages wrap to it (default 100). */
  width?: number;
  style?: TerminalStyle;
  /** A first line saying what was checked, e.g. `fixtures/homelab (chart cilium 1.18.11)`. */
  heading?: string;
}

const MARKERS: Record<Severity, string> = { error: "✖ error", warning: "▲ warning", info: "● info" };
const INDENT = "      ";

export function renderHumanReport(findings: readonly Finding[], options: HumanReportOptions): string {
  const style = options.style ?? plainStyle;
  const width = Math.max(40, options.width ?? 100);
  const out: string[] = [];
  if (options.heading) out.push(style.bold(options.heading), "");
  let currentFile: string | undefined;
  for (const finding of sortFindings(findings)) {
    if (finding.file !== currentFile) {
      if (currentFile !== undefined) out.push("");
      currentFile = finding.file;
      out.push(style.bold(style.cyan(finding.file || "(repo)")));
    }
    const marker = paint(style, finding.severity, MARKERS[finding.severity]);
    out.push(`  ${style.dim(`${finding.file}:${finding.line}`)}  ${marker}  ${style.dim(finding.id)}`);
    for (const line of wrapText(finding.message, width - INDENT.length)) out.push(`${INDENT}${line}`);
  }
  if (findings.length > 0) out.push("");
  const counts = countFindings(findings);
  const summary = `${describeCounts(counts)} in ${Math.round(options.durationMs)} ms`;
  out.push(
    counts.errors > 0
      ? style.red(style.bold(summary))
      : findings.length === 0
        ? `no findings: ${summary}`
        : summary,
  );
  return `${out.join("\n")}\n`;
}

function paint(style: TerminalStyle, severity: Severity, text: string): string {
  if (severity === "error") return style.red(text);
  if (severity === "warning") return style.yellow(text);
  return style.cyan(text);
}
