// Validation of a custom resource against its structural schema, in the words the API server uses
// (k8s.io/apiextensions-apiserver pkg/apiserver/validation, on kube-openapi's validate package):
// types, nullable, enum, required, formats, patterns, bounds, list-type set/map uniqueness.
// CEL rules (x-kubernetes-validations) are evaluated by cel-rules.ts.

import { type FieldError, isObject, propertySchema, type Schema, shown } from "./schema.ts";

export function fieldError(field: string, reason: string, detail: string): FieldError {
  return { field, reason, message: `${field}: ${detail}` };
}

const invalid = (field: string, value: unknown, why: string) =>
  fieldError(field, "FieldValueInvalid", `Invalid value: ${shown(value)}: ${why}`);

/** Every error of `value` against `schema`, depth first, at `path`. */
export function validateValue(value: unknown, schema: Schema | undefined, path: string): FieldError[] {
  if (!schema) return [];
  if (value === null) {
    // nullable: null is allowed; otherwise null for a typed field is a type error.
    if (schema.nullable || schema["x-kubernetes-preserve-unknown-fields"]) return [];
    if (!schema.type && !schema["x-kubernetes-int-or-string"]) return [];
    return [
      invalid(path, "null", `${path} in body must be of type ${schema.type ?? "integer,string"}: "null"`),
    ];
  }
  const errors: FieldError[] = [];
  const typeError = checkType(value, schema, path);
  if (typeError) return [typeError];
  if (schema.enum && !schema.enum.some((allowed) => JSON.stringify(allowed) === JSON.stringify(value))) {
    const supported = schema.enum.map((allowed) => shown(allowed)).join(", ");
    errors.push(
      fieldError(
        path,
        "FieldValueNotSupported",
        `Unsupported value: ${shown(value)}: supported values: ${supported}`,
      ),
    );
  }
  if (typeof value === "string") errors.push(...checkString(value, schema, path));
  if (typeof value === "number") errors.push(...checkNumber(value, schema, path));
  if (Array.isArray(value)) {
    errors.push(...checkArray(value, schema, path));
    for (const [index, item] of value.entries())
      errors.push(...validateValue(item, schema.items, `${path}[${index}]`));
  }
  if (isObject(value)) {
    for (const key of schema.required ?? []) {
      if (!(key in value))
        errors.push(fieldError(`${path}.${key}`.replace(/^\./, ""), "FieldValueRequired", "Required value"));
    }
    const count = Object.keys(value).length;
    if (schema.maxProperties !== undefined && count > schema.maxProperties) {
      errors.push(
        fieldError(
          path,
          "FieldValueTooMany",
          `Too many: ${count}: must have at most ${schema.maxProperties} items`,
        ),
      );
    }
    if (schema.minProperties !== undefined && count < schema.minProperties) {
      errors.push(
        invalid(path, count, `${path} in body should have at least ${schema.minProperties} properties`),
      );
    }
    if (!schema["x-kubernetes-embedded-resource"] || path !== "") {
      for (const [key, child] of Object.entries(value)) {
        const childSchema = propertySchema(schema, key);
        if (childSchema)
          errors.push(...validateValue(child, childSchema, path === "" ? key : `${path}.${key}`));
      }
    }
  }
  return errors;
}

function checkType(value: unknown, schema: Schema, path: string): FieldError | undefined {
  // kube-openapi's InvalidType: the "value" shown is the JSON type found, as in
  // `spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"`.
  const mustBe = (type: string) =>
    invalid(
      path,
      jsonType(value),
      `${path} in body must be of type ${type}: ${JSON.stringify(jsonType(value))}`,
    );
  if (schema["x-kubernetes-int-or-string"]) {
    if (typeof value === "string" || (typeof value === "number" && Number.isInteger(value))) return undefined;
    return mustBe("integer,string");
  }
  switch (schema.type) {
    case "object":
      return isObject(value) ? undefined : mustBe("object");
    case "array":
      return Array.isArray(value) ? undefined : mustBe("array");
    case "string":
      return typeof value === "string" ? undefined : mustBe("string");
    case "integer":
      return typeof value === "number" && Number.isInteger(value) ? undefined : mustBe("integer");
    case "number":
      return typeof value === "number" ? undefined : mustBe("number");
    case "boolean":
      return typeof value === "boolean" ? undefined : mustBe("boolean");
    default:
      return undefined;
  }
}

function jsonType(value: unknown): string {
  if (Array.isArray(value)) return "array";
  if (value === null) return "null";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function checkString(value: string, schema: Schema, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const length = [...value].length;
  if (schema.maxLength !== undefined && length > schema.maxLength) {
    errors.push(
      fieldError(path, "FieldValueTooLong", `Too long: may not be more than ${schema.maxLength} bytes`),
    );
  }
  if (schema.minLength !== undefined && length < schema.minLength) {
    errors.push(invalid(path, value, `${path} in body should be at least ${schema.minLength} chars long`));
  }
  if (schema.pattern !== undefined && !safeRegExp(schema.pattern).test(value)) {
    errors.push(invalid(path, value, `${path} in body should match '${schema.pattern}'`));
  }
  const format = schema.format ? FORMATS[schema.format] : undefined;
  if (format && !format.test(value)) {
    errors.push(
      invalid(path, value, `${path} in body must be of type ${schema.format}: ${JSON.stringify(value)}`),
    );
  }
  return errors;
}

function checkNumber(value: number, schema: Schema, path: string): FieldError[] {
  const errors: FieldError[] = [];
  if (schema.maximum !== undefined) {
    const over = schema.exclusiveMaximum ? value >= schema.maximum : value > schema.maximum;
    if (over) {
      errors.push(
        invalid(
          path,
          value,
          `${path} in body should be less than ${schema.exclusiveMaximum ? "" : "or equal to "}${schema.maximum}`,
        ),
      );
    }
  }
  if (schema.minimum !== undefined) {
    const under = schema.exclusiveMinimum ? value <= schema.minimum : value < schema.minimum;
    if (under) {
      errors.push(
        invalid(
          path,
          value,
          `${path} in body should be greater than ${schema.exclusiveMinimum ? "" : "or equal to "}${schema.minimum}`,
        ),
      );
    }
  }
  if (schema.multipleOf !== undefined && value % schema.multipleOf !== 0) {
    errors.push(invalid(path, value, `${path} in body should be a multiple of ${schema.multipleOf}`));
  }
  return errors;
}

function checkArray(value: unknown[], schema: Schema, path: string): FieldError[] {
  const errors: FieldError[] = [];
  if (schema.maxItems !== undefined && value.length > schema.maxItems) {
    errors.push(
      fieldError(
        path,
        "FieldValueTooMany",
        `Too many: ${value.length}: must have at most ${schema.maxItems} items`,
      ),
    );
  }
  if (schema.minItems !== undefined && value.length < schema.minItems) {
    errors.push(invalid(path, "array", `${path} in body should have at least ${schema.minItems} items`));
  }
  const listType = schema["x-kubernetes-list-type"];
  if (listType === "set" || schema.uniqueItems) {
    const seen = new Set<string>();
    for (const [index, item] of value.entries()) {
      const key = JSON.stringify(item);
      if (seen.has(key))
        errors.push(
          fieldError(`${path}[${index}]`, "FieldValueDuplicate", `Duplicate value: ${JSON.stringify(item)}`),
        );
      seen.add(key);
    }
  }
  if (listType === "map") {
    const keys = schema["x-kubernetes-list-map-keys"] ?? [];
    const seen = new Set<string>();
    for (const [index, item] of value.entries()) {
      if (!isObject(item)) continue;
      const key = JSON.stringify(keys.map((name) => item[name]));
      if (seen.has(key)) {
        const shownKey = `map[${keys.map((name) => `${name}:${String(item[name])}`).join(" ")}]`;
        errors.push(fieldError(`${path}[${index}]`, "FieldValueDuplicate", `Duplicate value: ${shownKey}`));
      }
      seen.add(key);
    }
  }
  return errors;
}

const regexpCache = new Map<string, RegExp>();
function safeRegExp(pattern: string): RegExp {
  let compiled = regexpCache.get(pattern);
  if (!compiled) {
    compiled = new RegExp(pattern, "u");
    regexpCache.set(pattern, compiled);
  }
  return compiled;
}

/** The formats kube-openapi's strfmt registry checks that the harness's CRDs use. */
const FORMATS: Record<string, RegExp> = {
  "date-time": /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/i,
  ipv4: /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/,
  hostname: /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/i,
};
