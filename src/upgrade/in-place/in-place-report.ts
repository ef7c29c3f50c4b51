// The in-place upgrade's outcome for people: phases with times, each probe's disruption, the
// LoadBalancer IP check and the suites' verdict.

import type { InPlaceBudgets, InPlaceResult } from "./in-place-sequence.ts";

export function renderInPlaceHuman(
  result: InPlaceResult,
  budgets: InPlaceBudgets,
  versions: { from: string; to: string },
): string {
  const out = [`In-place upgrade ${versions.from} → ${versions.to}`];
  for (const phase of result.phases) {
    const mark = phase.status === "ok" ? "✔" : phase.status === "skipped" ? "–" : "✖";
    out.push(
      `  ${mark} ${phase.phase.padEnd(18)} ${phase.status === "skipped" ? "skipped" : `${(phase.durationMs / 1000).toFixed(1)}s`}`,
    );
  }
  out.push("", `Disruption (budget: longest gap ≤ ${budgets.maxGapMs} ms, recovered):`);
  if (result.disruption.length === 0) out.push("  (no probe reported)");
  for (const measure of result.disruption) {
    const gap = measure.longestGapMs === undefined ? "n/a" : `${measure.longestGapMs} ms`;
    out.push(
      `  ${measure.name}: ${measure.failed}/${measure.total} failed, longest gap ${gap}, ${measure.outages} outage(s), ${measure.recovered ? "recovered" : "NOT recovered"}`,
    );
    for (const note of measure.notes) out.push(`      ${note}`);
  }
  out.push("", "LoadBalancer IPs:");
  if (result.lbIpChanges.length === 0)
    out.push(result.error === undefined ? "  unchanged" : "  not compared (the upgrade did not finish)");
  for (const change of result.lbIpChanges) {
    out.push(
      `  ${change.service} ${change.kind}: ${change.before.join(", ") || "none"} → ${change.after.join(", ") || "none"}`,
    );
  }
  if (result.suitesExitCode !== undefined)
    out.push("", `Suites after the upgrade: exit ${result.suitesExitCode}`);
  out.push(
    "",
    result.failures.length === 0
      ? "in-place upgrade passed"
      : `in-place upgrade FAILED:\n${result.failures.map((f) => `  - ${f}`).join("\n")}`,
  );
  return `${out.join("\n")}\n`;
}
