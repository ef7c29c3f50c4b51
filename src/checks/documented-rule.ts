import type { CheckRule, Severity } from "./finding.ts";

/** A rule with what docs/checks.md says about it; the table is generated from these fields. */
export interface DocumentedRule extends CheckRule {
  /** Severities the rule can report, most severe first. */
  severities: readonly Severity[];
  /** Why it matters, one sentence. */
  why: string;
}
