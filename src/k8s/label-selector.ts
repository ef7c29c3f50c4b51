// Kubernetes LabelSelector semantics (matchLabels AND matchExpressions), as the API server, the
// kubelet's node selection and Cilium (pools' serviceSelector, L2 policies' selectors) apply them.

/** A LabelSelector as written in a manifest. */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

export type Labels = Record<string, string>;

/**
 * Whether the selector selects an object with these labels. An absent selector selects
 * everything, an empty one too (Kubernetes and Cilium agree); an unknown operator selects nothing.
 */
export function selectorMatches(selector: LabelSelector | undefined, labels: Labels): boolean {
  if (!selector) return true;
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[key] !== value) return false;
  }
  for (const expression of selector.matchExpressions ?? []) {
    const present = Object.hasOwn(labels, expression.key);
    const values = expression.values ?? [];
    switch (expression.operator) {
      case "In":
        if (!present || !values.includes(labels[expression.key] ?? "")) return false;
        break;
      case "NotIn":
        if (present && values.includes(labels[expression.key] ?? "")) return false;
        break;
      case "Exists":
        if (!present) return false;
        break;
      case "DoesNotExist":
        if (present) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** A selector-shaped map from a manifest, or undefined (then it selects everything). */
export function asLabelSelector(value: unknown): LabelSelector | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as LabelSelector)
    : undefined;
}

/** A readable form of a selector for messages: `zone=a, role in (x,y), !nolb`. */
export function describeSelector(selector: LabelSelector): string {
  const parts = Object.entries(selector.matchLabels ?? {}).map(([key, value]) => `${key}=${value}`);
  for (const expression of selector.matchExpressions ?? []) {
    const values = (expression.values ?? []).join(",");
    if (expression.operator === "In") parts.push(`${expression.key} in (${values})`);
    else if (expression.operator === "NotIn") parts.push(`${expression.key} notin (${values})`);
    else if (expression.operator === "Exists") parts.push(expression.key);
    else if (expression.operator === "DoesNotExist") parts.push(`!${expression.key}`);
    else parts.push(`${expression.key} ${expression.operator} (${values})`);
  }
  return parts.length > 0 ? parts.join(", ") : "(every node)";
}
