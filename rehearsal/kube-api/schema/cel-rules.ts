// x-kubernetes-validations: the CEL rules of a CRD schema, evaluated where the value is, with
// `self` the value and `oldSelf` the previous one on updates (transition rules are skipped on
// create unless optionalOldSelf), as k8s.io/apiextensions-apiserver pkg/apiserver/schema/cel does.
//
// Evaluated with @marcbachmann/cel-js (standard CEL, macros, strings extension) plus the
// Kubernetes library functions registered below (isIP, isCIDR, ip(), cidr() and the list helpers
// in kubernetes/kubernetes staging/src/k8s.io/apiserver/pkg/cel/library). A rule that calls a
// Kubernetes function this server does not implement (url(), quantity(), authorizer, …) cannot be
// evaluated: it is skipped and recorded in `unevaluatedRules` (the server is then kinder than a
// real one for that rule, and says so).

import { Environment } from "@marcbachmann/cel-js";
import { type FieldError, isObject, propertySchema, type Schema, type ValidationRule } from "./schema.ts";
import { fieldError } from "./validate.ts";

/** Rules skipped because they use a function this server cannot evaluate, with the reason. */
export const unevaluatedRules = new Map<string, string>();

const environment = new Environment({
  unlistedVariablesAreDyn: true,
  enableOptionalTypes: true,
  homogeneousAggregateLiterals: false,
})
  .registerFunction("isIP(string): bool", (text: string) => parseIp(text) !== undefined)
  .registerFunction("isCIDR(string): bool", (text: string) => isCidr(text));

type Program = (context: Record<string, unknown>) => unknown;
const programs = new Map<string, Program | Error>();

function compile(rule: string): Program | Error {
  let program = programs.get(rule);
  if (!program) {
    try {
      const parsed = environment.parse(rule);
      program = (context) => parsed(context);
    } catch (error) {
      program = error instanceof Error ? error : new Error(String(error));
    }
    programs.set(rule, program);
  }
  return program;
}

/** Every rule failure in `value` (and `old`, for transition rules) under `schema`. */
export function evaluateRules(
  value: unknown,
  schema: Schema | undefined,
  path: string,
  old: unknown = undefined,
): FieldError[] {
  if (!schema || value === undefined) return [];
  const errors: FieldError[] = [];
  for (const rule of schema["x-kubernetes-validations"] ?? []) {
    const failure = evaluate(rule, value, schema, path, old);
    if (failure) errors.push(failure);
  }
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      errors.push(
        ...evaluateRules(item, schema.items, `${path}[${index}]`, correlatedItem(old, item, index, schema)),
      );
    }
  } else if (isObject(value)) {
    for (const [key, child] of Object.entries(value)) {
      const oldChild = isObject(old) ? old[key] : undefined;
      errors.push(
        ...evaluateRules(child, propertySchema(schema, key), path === "" ? key : `${path}.${key}`, oldChild),
      );
    }
  }
  return errors;
}

function evaluate(
  rule: ValidationRule,
  value: unknown,
  schema: Schema,
  path: string,
  old: unknown,
): FieldError | undefined {
  const usesOld = /\boldSelf\b/.test(rule.rule);
  if (usesOld && old === undefined && !rule.optionalOldSelf) return undefined;
  const program = compile(rule.rule);
  if (program instanceof Error) {
    unevaluatedRules.set(rule.rule, program.message.split("\n")[0] ?? program.message);
    return undefined;
  }
  let result: unknown;
  try {
    result = program({
      self: toCel(value, schema),
      ...(usesOld ? { oldSelf: old === undefined ? undefined : toCel(old, schema) } : {}),
    });
  } catch (error) {
    const text = error instanceof Error ? (error.message.split("\n")[0] ?? error.message) : String(error);
    if (/no matching overload|Unknown function|unknown function/i.test(text)) {
      unevaluatedRules.set(rule.rule, text);
      return undefined;
    }
    return ruleFailure(rule, path, value, `${text} evaluating rule: ${rule.rule}`);
  }
  if (result === true) return undefined;
  return ruleFailure(rule, path, value, rule.message ?? `failed rule: ${rule.rule}`);
}

function ruleFailure(rule: ValidationRule, path: string, value: unknown, message: string): FieldError {
  const field = rule.fieldPath
    ? `${path}${rule.fieldPath.startsWith("[") ? "" : "."}${rule.fieldPath.replace(/^\./, "")}`
    : path;
  switch (rule.reason) {
    case "FieldValueForbidden":
      return fieldError(field, "FieldValueForbidden", `Forbidden: ${message}`);
    case "FieldValueRequired":
      return fieldError(field, "FieldValueRequired", `Required value: ${message}`);
    case "FieldValueDuplicate":
      return fieldError(field, "FieldValueDuplicate", `Duplicate value: ${message}`);
    default: {
      const type = Array.isArray(value)
        ? "array"
        : isObject(value)
          ? "object"
          : typeof value === "string"
            ? JSON.stringify(value)
            : String(value);
      return fieldError(
        field,
        "FieldValueInvalid",
        `Invalid value: ${type === "array" || type === "object" ? `"${type}"` : type}: ${message}`,
      );
    }
  }
}

// List items are correlated with the old list by map keys (list-type map) or, for sets, by value.
function correlatedItem(old: unknown, item: unknown, index: number, schema: Schema): unknown {
  if (!Array.isArray(old)) return undefined;
  const keys = schema["x-kubernetes-list-map-keys"];
  if (schema["x-kubernetes-list-type"] === "map" && keys && isObject(item)) {
    return old.find((candidate) => isObject(candidate) && keys.every((key) => candidate[key] === item[key]));
  }
  if (schema["x-kubernetes-list-type"] === "set") {
    return old.find((candidate) => JSON.stringify(candidate) === JSON.stringify(item));
  }
  void index; // atomic lists: items have no identity across versions, so no transition rules
  return undefined;
}

/** JSON → CEL values: integers (by schema, or integral JSON numbers) become int64 (BigInt). */
function toCel(value: unknown, schema: Schema | undefined): unknown {
  if (typeof value === "number") {
    if (schema?.type === "number") return value;
    return Number.isInteger(value) ? BigInt(value) : value;
  }
  if (Array.isArray(value)) return value.map((item) => toCel(item, schema?.items));
  if (isObject(value)) {
    const result: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) result[key] = toCel(child, propertySchema(schema, key));
    return result;
  }
  return value;
}

function parseIp(text: string): string | undefined {
  if (/^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/.test(text)) return text;
  if (/^[0-9a-f:]+$/i.test(text) && text.includes(":") && (text.match(/::/g) ?? []).length <= 1) return text;
  return undefined;
}

function isCidr(text: string): boolean {
  const [ip, bits, ...rest] = text.split("/");
  if (rest.length > 0 || ip === undefined || bits === undefined || !/^\d+$/.test(bits)) return false;
  if (!parseIp(ip)) return false;
  return Number(bits) <= (ip.includes(":") ? 128 : 32);
}
