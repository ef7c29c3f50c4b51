// The repo's merged values against the candidate chart's values.schema.json, as Helm checks them
// before an install or upgrade: a type error there makes Helm refuse the whole release.

import { Ajv, type ErrorObject } from "ajv";
import { showValue } from "../checks/helm-values.ts";
import type { ValuesModel } from "../repo/infra-model.ts";
import { isRecord } from "../repo/yaml-documents.ts";
import type { UpgradeFinding } from "./upgrade-finding.ts";

export interface SchemaProblem {
  /** Dotted values key (list items by index: `tolerations.0.operator`). */
  key: string;
  /** JSON types the schema allows there, when the problem is a type. */
  expectedTypes: string[];
  /** Other schema complaints at the key (enum, minimum…), in ajv's words. */
  other: string[];
  value: unknown;
}

/** Problems per key, in values order. Chart schemas are draft-07; unknown formats are allowed. */
export function schemaProblems(
  schema: Record<string, unknown>,
  merged: Record<string, unknown>,
): SchemaProblem[] {
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
  let validate: ReturnType<Ajv["compile"]>;
  try {
    validate = ajv.compile(withoutSchemaUri(schema));
  } catch (error) {
    return [
      {
        key: "",
        expectedTypes: [],
        other: [
          `the chart's values.schema.json does not compile: ${error instanceof Error ? error.message : String(error)}`,
        ],
        value: undefined,
      },
    ];
  }
  const values = withoutNulls(merged);
  if (validate(values)) return [];
  const byKey = new Map<string, SchemaProblem>();
  for (const error of validate.errors ?? []) {
    const key = dottedKey(error.instancePath);
    const problem = byKey.get(key) ?? {
      key,
      expectedTypes: [],
      other: [],
      value: valueAt(values, error.instancePath),
    };
    byKey.set(key, problem);
    addError(problem, error);
  }
  return [...byKey.values()].filter(
    (problem) => problem.expectedTypes.length > 0 || problem.other.length > 0,
  );
}

export function schemaFindings(
  problems: readonly SchemaProblem[],
  values: ValuesModel,
  candidate: string,
): UpgradeFinding[] {
  return problems.map((problem) => {
    const what = problem.expectedTypes.length
      ? `must be ${problem.expectedTypes.join(" or ")}`
      : problem.other.join("; ");
    const fix = fixFor(problem);
    return {
      id: "upgrade-values-schema",
      category: "values-schema",
      severity: "error",
      message: `${problem.key || "(the values)"} is ${showValue(problem.value)} (${describeType(problem.value)}), but the values.schema.json of chart ${candidate} says it ${what}: Helm refuses the upgrade and Flux reports the schema error.${fix ? ` Write ${fix}.` : ""}`,
      ...values.locate(problem.key),
    };
  });
}

function addError(problem: SchemaProblem, error: ErrorObject): void {
  if (error.keyword === "type") {
    const types = ([] as unknown[]).concat(error.params.type).map(String);
    for (const type of types) if (!problem.expectedTypes.includes(type)) problem.expectedTypes.push(type);
    return;
  }
  // anyOf/oneOf only repeat what their branches said.
  if (error.keyword === "anyOf" || error.keyword === "oneOf") return;
  const text = error.message ?? error.keyword;
  if (!problem.other.includes(text)) problem.other.push(text);
}

function fixFor(problem: SchemaProblem): string | undefined {
  const types = problem.expectedTypes.filter((type) => type !== "null");
  const value = problem.value;
  if (types.includes("boolean") && (value === "true" || value === "false"))
    return `\`${problem.key}: ${value}\` (unquoted)`;
  if (types.includes("integer")) {
    const number = Number(value);
    if (Number.isFinite(number))
      return `\`${problem.key}: ${Math.max(1, Math.ceil(number))}\` (a whole number)`;
  }
  if (types.length === 1 && types[0] === "string" && value !== undefined)
    return `\`${problem.key}: "${String(value)}"\` (quoted)`;
  return undefined;
}

function describeType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "number") return Number.isInteger(value) ? "an integer" : "a fractional number";
  if (typeof value === "object") return "a map";
  return `a ${typeof value}`;
}

/** `/hubble/relay/enabled` → `hubble.relay.enabled` (JSON pointer escapes undone). */
function dottedKey(pointer: string): string {
  return pointer
    .split("/")
    .slice(1)
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
    .join(".");
}

function valueAt(root: unknown, pointer: string): unknown {
  let node = root;
  for (const part of pointer.split("/").slice(1)) {
    const key = part.replace(/~1/g, "/").replace(/~0/g, "~");
    if (Array.isArray(node)) node = node[Number(key)];
    else if (isRecord(node)) node = node[key];
    else return undefined;
  }
  return node;
}

/** Helm drops keys set to null before validating (null means "remove the chart's default"). */
function withoutNulls(values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value === null) continue;
    out[key] = isRecord(value) ? withoutNulls(value) : value;
  }
  return out;
}

/** Ajv knows draft-07 by default; a `$schema` it has no meta-schema for would make it throw. */
function withoutSchemaUri(schema: Record<string, unknown>): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = schema;
  return rest;
}
