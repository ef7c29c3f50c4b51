// The inverse of Kubernetes LabelSelector matching (src/k8s/label-selector.ts), as the suites need
// it: labels a Service must carry to be selected by the repo's pool or L2 policy, and labels that
// a selector does NOT select (for "a Service the policy does not select").

import { type LabelSelector, type Labels, selectorMatches } from "../k8s/label-selector.ts";

/** A value for a key that a NotIn list excludes: deterministic, and a valid label value. */
function valueOutside(values: readonly string[]): string {
  let candidate = "cc-conformance";
  for (let i = 2; values.includes(candidate); i += 1) candidate = `cc-conformance-${i}`;
  return candidate;
}

/** Labels that the selector selects, or undefined when none can (contradictory expressions). */
export function labelsSelectedBy(selector: LabelSelector | undefined): Labels | undefined {
  const labels: Labels = { ...(selector?.matchLabels ?? {}) };
  for (const expression of selector?.matchExpressions ?? []) {
    if (expression.operator === "In" && labels[expression.key] === undefined) {
      const first = expression.values?.[0];
      if (first === undefined) return undefined;
      labels[expression.key] = first;
    } else if (expression.operator === "Exists" && labels[expression.key] === undefined) {
      labels[expression.key] = "true";
    } else if (expression.operator === "NotIn" && labels[expression.key] === undefined) {
      // Absent satisfies NotIn; nothing to add.
    }
  }
  return selectorMatches(selector, labels) ? labels : undefined;
}

/**
 * Labels close to `base` that the selector does NOT select, or undefined when the selector
 * selects everything (absent or empty): then "a Service it does not select" cannot exist.
 */
export function labelsNotSelectedBy(
  selector: LabelSelector | undefined,
  base: Labels = {},
): Labels | undefined {
  if (!selector) return undefined;
  const requiredKeys = [
    ...Object.keys(selector.matchLabels ?? {}),
    ...(selector.matchExpressions ?? [])
      .filter((e) => e.operator === "In" || e.operator === "Exists")
      .map((e) => e.key),
  ];
  for (const key of requiredKeys) {
    const labels = { ...base };
    delete labels[key];
    if (!selectorMatches(selector, labels)) return labels;
  }
  for (const expression of selector.matchExpressions ?? []) {
    const labels = { ...base };
    if (expression.operator === "DoesNotExist") labels[expression.key] = "true";
    else if (expression.operator === "NotIn" && expression.values?.[0] !== undefined) {
      labels[expression.key] = expression.values[0];
    } else continue;
    if (!selectorMatches(selector, labels)) return labels;
  }
  const wrongValue = Object.keys(selector.matchLabels ?? {})[0];
  if (wrongValue !== undefined) {
    const labels = { ...base, [wrongValue]: valueOutside([selector.matchLabels?.[wrongValue] ?? ""]) };
    if (!selectorMatches(selector, labels)) return labels;
  }
  return undefined;
}
