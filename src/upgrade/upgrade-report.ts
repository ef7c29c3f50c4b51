// The static preview's result as data, rendered as human text, JSON or JUnit.

import type { LoadedChart } from "../charts/loaded-chart.ts";
import type { UpgradeFinding } from "./upgrade-finding.ts";

export interface ChartSummary {
  version: string;
  /** Archive path, folder or download URL. */
  origin: string;
  hasSchema: boolean;
  fromCache: boolean;
}

export interface UpgradeReport {
  /** The repo as the user named it. */
  repo: string;
  current: ChartSummary;
  candidate: ChartSummary;
  findings: UpgradeFinding[];
  durationMs: number;
}

export function chartSummary(chart: LoadedChart): ChartSummary {
  return {
    version: chart.version,
    origin: chart.origin,
    hasSchema: chart.schema !== undefined,
    fromCache: chart.fromCache,
  };
}

export function hasErrors(report: UpgradeReport): boolean {
  return report.findings.some((finding) => finding.severity === "error");
}
