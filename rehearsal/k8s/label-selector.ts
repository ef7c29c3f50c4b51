// metav1.LabelSelectorAsSelector as Cilium calls it (pkg/k8s/slim/k8s/apis/meta/v1/helpers.go,
// from kubernetes/apimachinery pkg/apis/meta/v1/helpers.go + pkg/labels/selector.go): a selector
// is compiled first, and an invalid one is an error (Cilium turns it into a policy or pool
// condition), never a selector that silently matches nothing. An empty selector matches
// everything; matchLabels and matchExpressions are ANDed.

export interface LabelSelector {
  matchLabels?: Record<string, string> | null;
  matchExpressions?: { key: string; operator: string; values?: string[] | null }[] | null;
}

export type Labels = Readonly<Record<string, string>>;

export type CompiledSelector = (labels: Labels) => boolean;

export class LabelSelectorError extends Error {
  override readonly name = "LabelSelectorError";
}

// pkg/util/validation: qualified names (optional DNS prefix + "/" + name) and label values.
const NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const PREFIX = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function validKey(key: string): boolean {
  const slash = key.indexOf("/");
  const [prefix, name] = slash < 0 ? [undefined, key] : [key.slice(0, slash), key.slice(slash + 1)];
  if (prefix !== undefined && (prefix.length === 0 || prefix.length > 253 || !PREFIX.test(prefix)))
    return false;
  return name.length > 0 && name.length <= 63 && NAME.test(name);
}

function validValue(value: string): boolean {
  return value === "" || (value.length <= 63 && NAME.test(value));
}

function requireKey(key: string): void {
  if (!validKey(key)) {
    throw new LabelSelectorError(
      `key: Invalid value: ${JSON.stringify(key)}: name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`,
    );
  }
}

function requireValue(value: string, index = 0): void {
  if (!validValue(value)) {
    throw new LabelSelectorError(
      `values[${index}]: Invalid value: ${JSON.stringify(value)}: a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`,
    );
  }
}

/** How Go's %#v prints a []string (field.Invalid's value): `[]string{"a", "b"}`. */
function goStrings(values: readonly string[]): string {
  return `[]string{${values.map((value) => JSON.stringify(value)).join(", ")}}`;
}

/** Throws LabelSelectorError with apimachinery's message when the selector is invalid. */
export function compileLabelSelector(selector: LabelSelector | null | undefined): CompiledSelector {
  if (!selector) return () => true;
  const checks: CompiledSelector[] = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    requireKey(key);
    requireValue(value);
    checks.push((labels) => labels[key] === value);
  }
  for (const expression of selector.matchExpressions ?? []) {
    const { key, operator } = expression;
    const values = expression.values ?? [];
    requireKey(key);
    switch (operator) {
      case "In":
      case "NotIn": {
        if (values.length === 0) {
          throw new LabelSelectorError(
            "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty",
          );
        }
        values.forEach(requireValue);
        const set = new Set(values);
        checks.push(
          operator === "In"
            ? (labels) => Object.hasOwn(labels, key) && set.has(labels[key]!)
            : (labels) => !Object.hasOwn(labels, key) || !set.has(labels[key]!),
        );
        break;
      }
      case "Exists":
      case "DoesNotExist":
        if (values.length > 0) {
          throw new LabelSelectorError(
            `values: Invalid value: ${goStrings(values)}: values set must be empty for exists and does not exist`,
          );
        }
        checks.push(
          operator === "Exists"
            ? (labels) => Object.hasOwn(labels, key)
            : (labels) => !Object.hasOwn(labels, key),
        );
        break;
      default:
        throw new LabelSelectorError(`${JSON.stringify(operator)} is not a valid label selector operator`);
    }
  }
  return (labels) => checks.every((check) => check(labels));
}

export type SelectorVerdict = { ok: true; matches: boolean } | { ok: false; error: string };

/** Compiles and applies in one step; an invalid selector is a verdict carrying apimachinery's message. */
export function selectorMatches(selector: LabelSelector | null | undefined, labels: Labels): SelectorVerdict {
  try {
    return { ok: true, matches: compileLabelSelector(selector)(labels) };
  } catch (error) {
    if (error instanceof LabelSelectorError) return { ok: false, error: error.message };
    throw error;
  }
}
