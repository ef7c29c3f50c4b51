// Kubernetes LabelSelector validation, as the API server and Cilium's selector parser apply it.
import type { YamlPath } from "../repo/infra-model.ts";
import { quoteExcerpt } from "../repo/quote-excerpt.ts";

export interface SelectorProblem {
  /** Path relative to the selector. */
  path: YamlPath;
  message: string;
}

const OPERATORS = ["In", "NotIn", "Exists", "DoesNotExist"] as const;
const NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Problems of a label key (`app.kubernetes.io/name`), or undefined when it is valid. */
export function labelKeyProblem(key: string): string | undefined {
  const slash = key.indexOf("/");
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) {
    return `the prefix ${quoteExcerpt(prefix)} is not a DNS subdomain (lowercase letters, digits, "-" and ".")`;
  }
  if (name.length === 0 || name.length > 63 || !NAME.test(name)) {
    return `${quoteExcerpt(name)} must be 1–63 characters of letters, digits, "-", "_" or ".", starting and ending with a letter or digit`;
  }
  return undefined;
}

export function labelValueProblem(value: unknown): string | undefined {
  if (typeof value !== "string") {
    return `${quoteExcerpt(value)} is a ${typeof value}, not a string: quote it (YAML reads unquoted true/yes/1 as non-strings and the API server rejects them)`;
  }
  if (value.length > 63 || !VALUE.test(value)) {
    return `${quoteExcerpt(value)} is not a valid label value (at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit)`;
  }
  return undefined;
}

/** Validates a LabelSelector object; an undefined selector is valid (it selects everything). */
export function labelSelectorProblems(selector: unknown): SelectorProblem[] {
  if (selector === undefined || selector === null) return [];
  if (typeof selector !== "object" || Array.isArray(selector)) {
    return [{ path: [], message: "a selector must be a map with matchLabels and/or matchExpressions" }];
  }
  const problems: SelectorProblem[] = [];
  const record = selector as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (key !== "matchLabels" && key !== "matchExpressions") {
      problems.push({
        path: [key],
        message: `unknown field ${quoteExcerpt(key)} (only matchLabels and matchExpressions exist): the API server drops it, and a selector left empty selects everything`,
      });
    }
  }
  const { matchLabels, matchExpressions } = record;
  if (matchLabels !== undefined && matchLabels !== null) {
    if (typeof matchLabels !== "object" || Array.isArray(matchLabels)) {
      problems.push({ path: ["matchLabels"], message: "matchLabels must be a map of label key to value" });
    } else {
      for (const [key, value] of Object.entries(matchLabels)) {
        const keyProblem = labelKeyProblem(key);
        if (keyProblem) problems.push({ path: ["matchLabels", key], message: `label key: ${keyProblem}` });
        const valueProblem = labelValueProblem(value);
        if (valueProblem)
          problems.push({ path: ["matchLabels", key], message: `label value: ${valueProblem}` });
      }
    }
  }
  if (matchExpressions !== undefined && matchExpressions !== null) {
    if (!Array.isArray(matchExpressions)) {
      problems.push({ path: ["matchExpressions"], message: "matchExpressions must be a list" });
    } else {
      for (const [index, expression] of matchExpressions.entries()) {
        problems.push(...expressionProblems(expression, index));
      }
    }
  }
  return problems;
}

function expressionProblems(expression: unknown, index: number): SelectorProblem[] {
  const at = (...rest: (string | number)[]): YamlPath => ["matchExpressions", index, ...rest];
  if (typeof expression !== "object" || expression === null || Array.isArray(expression)) {
    return [
      { path: at(), message: "each matchExpressions item must be a map with key, operator and values" },
    ];
  }
  const { key, operator, values } = expression as Record<string, unknown>;
  const problems: SelectorProblem[] = [];
  if (typeof key !== "string") {
    problems.push({ path: at(), message: "the expression has no `key`" });
  } else {
    const keyProblem = labelKeyProblem(key);
    if (keyProblem) problems.push({ path: at("key"), message: `label key: ${keyProblem}` });
  }
  if (!OPERATORS.includes(operator as (typeof OPERATORS)[number])) {
    const hint = typeof operator === "string" ? closestOperator(operator) : undefined;
    problems.push({
      path: at("operator"),
      message: `operator ${quoteExcerpt(operator)} is not one of In, NotIn, Exists, DoesNotExist${hint ? ` (did you mean ${hint}?)` : ""}`,
    });
    return problems;
  }
  const list = values === undefined || values === null ? [] : values;
  if (!Array.isArray(list)) {
    problems.push({ path: at("values"), message: "values must be a list of strings" });
    return problems;
  }
  if ((operator === "In" || operator === "NotIn") && list.length === 0) {
    problems.push({ path: at("operator"), message: `operator ${operator} needs a non-empty values list` });
  }
  if ((operator === "Exists" || operator === "DoesNotExist") && list.length > 0) {
    problems.push({
      path: at("values"),
      message: `operator ${operator} takes no values: remove the values list`,
    });
  }
  for (const [valueIndex, value] of list.entries()) {
    const valueProblem = labelValueProblem(value);
    if (valueProblem) problems.push({ path: at("values", valueIndex), message: `value: ${valueProblem}` });
  }
  return problems;
}

function closestOperator(text: string): string | undefined {
  const lower = text.toLowerCase().replace(/[^a-z]/g, "");
  return OPERATORS.find((operator) => operator.toLowerCase() === lower);
}
