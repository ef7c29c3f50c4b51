// `--format json`: exactly `{"findings":[{id,severity,message,file,line}...],"summary":{...}}`.
import type { Finding } from "../finding.ts";
import { countFindings, sortFindings } from "./finding-counts.ts";

export interface JsonReportSummary {
  /** The checked repo as the user named it. */
  repo: string;
  chart: string;
  chartVersion: string;
  durationMs: number;
}

export function renderJsonReport(findings: readonly Finding[], summary: JsonReportSummary): string {
  const report = {
    findings: sortFindings(findings).map(({ id, severity, message, file, line }) => ({
      id,
      severity,
      message,
      file,
      line,
    })),
    summary: { ...countFindings(findings), ...summary },
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
