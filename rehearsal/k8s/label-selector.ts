// metav1.LabelSelector as apimachinery's LabelSelectorAsSelector evaluates it: matchLabels and
// matchExpressions (In, NotIn, Exists, DoesNotExist) AND-ed; an empty selector selects
// everything. An invalid operator or value list is an error, as the Go conversion returns one.

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

export type SelectorVerdict = { ok: true; matches: boolean } | { ok: false; error: string };

export function selectorMatches(selector: LabelSelector, labels: Record<string, string>): SelectorVerdict {
  const expressions = selector.matchExpressions ?? [];
  for (const { operator, values = [] } of expressions) {
    if (operator === "In" || operator === "NotIn") {
      if (values.length === 0)
        return {
          ok: false,
          error:
            "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty",
        };
    } else if (operator === "Exists" || operator === "DoesNotExist") {
      if (values.length > 0)
        return {
          ok: false,
          error: "values: Invalid value: for 'exists', 'doesnotexist' operators, values set must be empty",
        };
    } else {
      return { ok: false, error: `"${operator}" is not a valid label selector operator` };
    }
  }
  const labelsMatch = Object.entries(selector.matchLabels ?? {}).every(
    ([key, value]) => labels[key] === value,
  );
  const expressionsMatch = expressions.every(({ key, operator, values = [] }) => {
    const has = Object.hasOwn(labels, key);
    if (operator === "In") return has && values.includes(labels[key] as string);
    if (operator === "NotIn") return !(has && values.includes(labels[key] as string));
    if (operator === "Exists") return has;
    return !has;
  });
  return { ok: true, matches: labelsMatch && expressionsMatch };
}
