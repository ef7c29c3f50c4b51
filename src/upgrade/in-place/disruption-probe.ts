// A continuous probe running across the upgrade, reduced to what the upgrade report needs: how
// many requests (or ARP rounds) failed, the longest time without an answer, whether it recovered.

import type { ArpWatchReport } from "../../probes/arp-watch.ts";
import type { DisruptionSummary } from "../../probes/http-disruption.ts";

export interface DisruptionMeasure {
  /** e.g. `http gateway web/homelab` or `arp 192.168.5.30`. */
  name: string;
  kind: "http" | "arp";
  target: string;
  /** Requests sent (HTTP) or rounds probed (ARP). */
  total: number;
  failed: number;
  /** Longest time without a good answer, ms; undefined when fewer than two answers came. */
  longestGapMs: number | undefined;
  outages: number;
  /** The last request/round was answered. */
  recovered: boolean;
  /** Notable facts for the report (first error of each outage, MAC changes). */
  notes: string[];
}

/** Started before the upgrade; `stop` ends it and measures. */
export interface DisruptionProbe {
  name: string;
  stop(): Promise<DisruptionMeasure>;
}

export function measureFromHttp(name: string, target: string, summary: DisruptionSummary): DisruptionMeasure {
  return {
    name,
    kind: "http",
    target,
    total: summary.total,
    failed: summary.failed,
    longestGapMs: summary.longestGap?.ms,
    outages: summary.outages.length,
    recovered: summary.recovered,
    notes: summary.outages.map(
      (outage) =>
        `outage at +${(outage.fromMs / 1000).toFixed(1)}s for ${outage.durationMs} ms (${outage.failedRequests} failed): ${outage.firstError}`,
    ),
  };
}

export function measureFromArp(name: string, report: ArpWatchReport): DisruptionMeasure {
  const label = (macs: readonly string[]) =>
    macs.length === 0
      ? "nobody"
      : macs.map((mac) => (report.nodes[mac] ? `${mac} (${report.nodes[mac]})` : mac)).join(", ");
  return {
    name,
    kind: "arp",
    target: report.ip,
    total: report.rounds,
    failed: report.rounds - report.answeredRounds,
    longestGapMs: report.longestGap?.durationMs,
    outages: report.gaps.length,
    recovered: report.current.length > 0,
    notes: [
      ...report.changes.map(
        (change) => `+${(change.atMs / 1000).toFixed(1)}s: ${label(change.from)} → ${label(change.to)}`,
      ),
      ...report.overlaps.map(
        (overlap) => `several MACs answered at once for ${overlap.rounds} round(s): ${label(overlap.macs)}`,
      ),
    ],
  };
}

/** Whether the measure stays within the budget: recovered, and no gap longer than `maxGapMs`. */
export function withinBudget(measure: DisruptionMeasure, maxGapMs: number): boolean {
  return measure.recovered && (measure.longestGapMs ?? 0) <= maxGapMs && measure.total > 0;
}
