// `run`'s static checks on the console, before any cluster work: the findings as `check` prints
// them (file:line, severity, rule, the message), so a static error — which makes the run exit 1 —
// is on screen, not only in summary.md. With --quiet, the errors only.

import type { Finding } from "../checks/finding.ts";
import { renderHumanReport } from "../checks/format/human-report.ts";
import type { TerminalStyle } from "../checks/format/terminal-style.ts";

export interface StaticFindingsOptions {
  heading: string;
  durationMs: number;
  quiet: boolean;
  style: TerminalStyle;
  width: number;
}

export function renderStaticFindings(findings: readonly Finding[], options: StaticFindingsOptions): string {
  const shown = options.quiet ? findings.filter((finding) => finding.severity === "error") : findings;
  return renderHumanReport(shown, {
    durationMs: options.durationMs,
    heading: options.heading,
    style: options.style,
    width: options.width,
  }).replace(/\n$/, "");
}
