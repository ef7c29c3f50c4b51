import type { Finding } from "../finding.ts";

export interface FindingCounts {
  errors: number;
  warnings: number;
  info: number;
}

export function countFindings(findings: readonly Finding[]): FindingCounts {
  return {
    errors: findings.filter((f) => f.severity === "error").length,
    warnings: findings.filter((f) => f.severity === "warning").length,
    info: findings.filter((f) => f.severity === "info").length,
  };
}

/** `2 errors, 1 warning, 0 info`. */
export function describeCounts(counts: FindingCounts): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  return `${plural(counts.errors, "error")}, ${plural(counts.warnings, "warning")}, ${counts.info} info`;
}

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

/**
 * By file, then line, then severity (most severe first), then id: stable output for diffs. Plain
 * code-point order, the same on every machine; `localeCompare` would also load ICU's collator,
 * the slowest part of printing `check`'s report (~10 ms of its start-up).
 */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      byCodePoint(a.file, b.file) ||
      a.line - b.line ||
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      byCodePoint(a.id, b.id),
  );
}

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
