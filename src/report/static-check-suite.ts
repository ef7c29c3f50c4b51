// The static checks as a report suite: one case per rule, as `check --format junit` has always
// counted them, so every output (console, JUnit, summary.md, report.json, Allure) shows the same
// cases. A rule that found an error is a failed case; a rule that found only warnings or notes
// passes (they do not change the exit code) but carries them, with its highest severity visible.

import type { CheckRule, Finding, Severity } from "../checks/finding.ts";
import { sortFindings } from "../checks/format/finding-counts.ts";
import { findingHeadline } from "./finding-headline.ts";
import type { ReportCase, ReportSuite } from "./report-model.ts";

export const STATIC_CHECKS_SUITE = "static-checks";
export const STATIC_CHECKS_TITLE = "Static checks of the repo";

export type RuleSummary = Pick<CheckRule, "id" | "title" | "emits">;

interface RuleFindings {
  id: string;
  title: string | undefined;
  findings: Finding[];
}

/** Each rule with the findings it emitted; a finding no rule claims gets a case of its own id. */
export function findingsByRule(findings: readonly Finding[], rules: readonly RuleSummary[]): RuleFindings[] {
  const sorted = sortFindings(findings);
  const claimed = new Set<Finding>();
  const byRule: RuleFindings[] = rules.map((rule) => {
    const ids = new Set([rule.id, ...(rule.emits ?? [])]);
    const own = sorted.filter((finding) => ids.has(finding.id));
    for (const finding of own) claimed.add(finding);
    return { id: rule.id, title: rule.title, findings: own };
  });
  const orphans = new Map<string, Finding[]>();
  for (const finding of sorted) {
    if (!claimed.has(finding)) orphans.set(finding.id, [...(orphans.get(finding.id) ?? []), finding]);
  }
  for (const [id, own] of orphans) byRule.push({ id, title: undefined, findings: own });
  return byRule;
}

const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

export function highestSeverity(findings: readonly Finding[]): Severity | undefined {
  let highest: Severity | undefined;
  for (const finding of findings) {
    if (!highest || SEVERITY_RANK[finding.severity] > SEVERITY_RANK[highest]) highest = finding.severity;
  }
  return highest;
}

/** `error pool-overlap at infra/pool.yaml:9` + the message: one block per finding. */
export function describeFinding(finding: Finding): string {
  return `${finding.severity} ${finding.id} at ${finding.file}:${finding.line}\n${finding.message}`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

function ruleCase(rule: RuleFindings): ReportCase {
  const name = rule.title ? `${rule.id}: ${rule.title}` : rule.id;
  const severity = highestSeverity(rule.findings);
  const base = { name, durationMs: 0, ...(severity ? { severity } : {}) };
  const errors = rule.findings.filter((finding) => finding.severity === "error");
  const others = rule.findings.filter((finding) => finding.severity !== "error");
  const details = others.length > 0 ? { details: others.map(describeFinding).join("\n\n") } : {};
  if (errors.length === 0) return { ...base, status: "passed", ...details };
  const first = errors[0] as Finding;
  const more = errors.length > 1 ? ` (+${plural(errors.length - 1, "more error")})` : "";
  return {
    ...base,
    status: "failed",
    failureMessage: `${first.file}:${first.line}: ${findingHeadline(first.message)}${more}`,
    failureText: errors.map(describeFinding).join("\n\n"),
    ...details,
  };
}

export function staticCheckSuite(
  findings: readonly Finding[],
  rules: readonly RuleSummary[],
  durationMs?: number,
): ReportSuite {
  return {
    name: STATIC_CHECKS_SUITE,
    title: STATIC_CHECKS_TITLE,
    source: "static-checks",
    cases: findingsByRule(findings, rules).map(ruleCase),
    ...(durationMs === undefined ? {} : { durationMs: Math.round(durationMs) }),
  };
}
