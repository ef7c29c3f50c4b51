import { removedKeysFor } from "../../compat/compat-for.ts";
import { chartFacts } from "../chart-facts.ts";
import type { DocumentedRule } from "../documented-rule.ts";
import type { Finding } from "../finding.ts";
import { atValue } from "../finding-location.ts";
import { showValue } from "../helm-values.ts";

export const removedValuesKey: DocumentedRule = {
  id: "removed-values-key",
  title: "Values keys the pinned chart no longer has (e.g. `externalIPs.enabled` from 1.17.6/1.18)",
  severities: ["warning"],
  why: "Helm silently ignores keys the chart dropped: the line looks like it does something and does nothing.",
  check(model) {
    const facts = chartFacts(model);
    if (!facts) return [];
    const findings: Finding[] = [];
    for (const removed of removedKeysFor(facts.compat, facts.version)) {
      if (!model.values.has(removed.key)) continue;
      findings.push({
        id: "removed-values-key",
        severity: "warning",
        message: `${removed.key}: ${showValue(model.values.get(removed.key))} is silently ignored by chart ${facts.version.text}: the key was removed in ${removed.removedIn}. ${capitalise(removed.replacement)}.`,
        ...atValue(model, removed.key),
      });
    }
    return findings;
  },
};

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
