// Kubernetes LabelSelector semantics (matchLabels AND matchExpressions), and the inverse the
// suites need: labels a Service must carry to be selected by the repo's pool or L2 policy, and
// labels that a selector does NOT select (for "a Service the policy does not select").

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

export type Labels = Record<string, string>;

/** An absent selector selects everything; an empty one too (Kubernetes and Cilium agree). */
export function selectorMatches(selector: LabelSelector | undefined, labels: Labels): boolean {
  if (!selector) return true;
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[key] !== value) return false;
  }
  for (const expression of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, expression.key);
    const values = expression.values ?? [];
    switch (expression.operator) {
      case "In":
        if (!has || !values.includes(labels[expression.key] ?? "")) return false;
        break;
      case "NotIn":
        if (has && values.includes(labels[expression.key] ?? "")) return false;
        break;
      case "Exists":
        if (!has) return false;
        break;
      case "DoesNotExist":
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

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

export function asLabelSelector(value: unknown): LabelSelector | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as LabelSelector)
    : undefined;
}
