// Whether kustomize reads a plain (unquoted) scalar as the same value as this tool. This tool reads
// the repo as YAML 1.1 (yaml-parse-options.ts); kustomize reads it with go-yaml v3 and turns every
// object into JSON-like Go values before writing it out (kubectl kustomize v5.5.0 writes a plain
// `yes` back as the string "yes", `0o17` as 15, `2001-12-14` as "2001-12-14T00:00:00Z"). The rules
// for go-yaml v3 follow its resolve.go (go-yaml/yaml v3 branch: resolveMap holds true/True/TRUE,
// false/False/FALSE, ~/null/Null/NULL, .nan/.inf; a scalar starting with a digit or sign is tried
// as a timestamp, then strconv.ParseInt/ParseUint base 0 with `_` removed, then yamlStyleFloat,
// then 0b/0o; anything else is a string). Only the values both readers certainly agree on pass:
// words both read as strings, true/false/null spelled the YAML 1.2 way, decimal integers within
// JavaScript's exact range and plain decimal fractions Go's JSON writes back without an exponent.

import { resolvePlain } from "../yaml-block-subset.ts";
import type { PlainScalar } from "../yaml-syntax.ts";

const GO_WORDS = new Map<string, unknown>([
  ...["true", "True", "TRUE"].map((word) => [word, true] as const),
  ...["false", "False", "FALSE"].map((word) => [word, false] as const),
  ...["~", "null", "Null", "NULL"].map((word) => [word, null] as const),
]);
const GO_SPECIAL_FLOATS = /^(?:[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const GO_INT_BASE_0 = /^[-+]?(?:0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO]?[0-7]+|[1-9][0-9]*|0)$/;
const YAML_STYLE_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
const DECIMAL_INT = /^[-+]?(?:0|[1-9][0-9]*)$/;
const DECIMAL_FRACTION = /^[-+]?(?:0|[1-9][0-9]*)\.[0-9]+$/;

/** Whether go-yaml v3 resolves a plain scalar to something other than a string. */
export function goYamlNotString(text: string): boolean {
  if (text === "" || GO_WORDS.has(text) || GO_SPECIAL_FLOATS.test(text) || text === "<<") return true;
  const first = text[0]!;
  if (first === ".") return /^\.[0-9]+(?:[eE][-+]?[0-9]+)?$/.test(text);
  if (!/[-+0-9]/.test(first)) return false;
  // A date (YYYY-...) may be a timestamp: not modelled, counted as not a string.
  if (/^[0-9]{4}-/.test(text)) return true;
  const plain = text.replaceAll("_", "");
  return GO_INT_BASE_0.test(plain) || YAML_STYLE_FLOAT.test(plain) || /^-?0[bo]/.test(plain);
}

/** Why kustomize may read this plain scalar differently from this tool; undefined when both agree. */
export function scalarDisagreement(scalar: PlainScalar): string | undefined {
  const { text } = scalar;
  let ours: unknown;
  try {
    ours = resolvePlain(text);
  } catch {
    return `\`${text}\` is not read the same way by every YAML reader`;
  }
  if (!goYamlNotString(text)) {
    if (ours === text) return undefined;
    return `the unquoted \`${text}\` is ${describe(ours)} in YAML 1.1 (as this tool and Go's yaml.v2 read it) but the string "${text}" to kustomize (go-yaml v3)`;
  }
  if (scalar.key) return `the unquoted map key \`${text}\` is not a string to kustomize (go-yaml v3)`;
  if (GO_WORDS.has(text)) {
    if (ours === GO_WORDS.get(text)) return undefined;
  } else if (DECIMAL_INT.test(text)) {
    const value = Number(text);
    if (Number.isSafeInteger(value) && ours === value) return undefined;
  } else if (DECIMAL_FRACTION.test(text)) {
    const value = Number(text);
    // Go's JSON writes floats outside [1e-6, 1e21) with an exponent, which YAML 1.1 reads as text.
    const plainWritten = value === 0 || (Math.abs(value) >= 1e-6 && Math.abs(value) < 1e21);
    if (plainWritten && ours === value) return undefined;
  }
  return `the unquoted \`${text}\` may be read as another value by kustomize (go-yaml v3: ${describeGo(text)}) than by this tool (YAML 1.1: ${describe(ours)})`;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "string") return `the string "${value}"`;
  return `the ${typeof value} ${String(value)}`;
}

function describeGo(text: string): string {
  if (GO_WORDS.has(text)) return String(GO_WORDS.get(text));
  if (/^[0-9]{4}-/.test(text)) return "a timestamp";
  return "a number";
}
