// The structural OpenAPI v3 schema a CRD version carries (apiextensions.k8s.io/v1 JSONSchemaProps,
// the parts the API server acts on), and the field errors validation reports.

export interface ValidationRule {
  rule: string;
  message?: string;
  messageExpression?: string;
  reason?: string;
  fieldPath?: string;
  optionalOldSelf?: boolean;
}

export interface Schema {
  type?: "object" | "array" | "string" | "integer" | "number" | "boolean";
  description?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  items?: Schema;
  required?: string[];
  enum?: unknown[];
  default?: unknown;
  nullable?: boolean;
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  minProperties?: number;
  maxProperties?: number;
  multipleOf?: number;
  uniqueItems?: boolean;
  allOf?: Schema[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  not?: Schema;
  $ref?: string;
  "x-kubernetes-preserve-unknown-fields"?: boolean;
  "x-kubernetes-int-or-string"?: boolean;
  "x-kubernetes-embedded-resource"?: boolean;
  "x-kubernetes-list-type"?: "atomic" | "set" | "map";
  "x-kubernetes-list-map-keys"?: string[];
  "x-kubernetes-map-type"?: "atomic" | "granular";
  "x-kubernetes-validations"?: ValidationRule[];
}

/** One field error, as k8s.io/apimachinery pkg/util/validation/field.Error reports it. */
export interface FieldError {
  /** `spec.blocks[0].start` */
  field: string;
  /** StatusCause reason: FieldValueInvalid, FieldValueRequired, FieldValueNotSupported, … */
  reason: string;
  /** The whole line: `spec.mode: Unsupported value: "Slow": supported values: "Fast", "Safe"` */
  message: string;
}

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The schema of a child field of an object node (properties, else additionalProperties). */
export function propertySchema(schema: Schema | undefined, key: string): Schema | undefined {
  if (!schema) return undefined;
  const own = schema.properties?.[key];
  if (own) return own;
  if (isObject(schema.additionalProperties)) return schema.additionalProperties as Schema;
  return undefined;
}

/** Whether unknown fields of this object node are kept (preserve-unknown-fields, embedded, or a map). */
export function keepsUnknown(schema: Schema | undefined): boolean {
  if (!schema) return true;
  return (
    schema["x-kubernetes-preserve-unknown-fields"] === true ||
    schema.additionalProperties === true ||
    isObject(schema.additionalProperties)
  );
}

/** `[0]`, `.name` or `[key]` appended the way field.Path prints it. */
export function childPath(parent: string, key: string | number): string {
  if (typeof key === "number") return `${parent}[${key}]`;
  return parent === "" ? key : `${parent}.${key}`;
}

/** JSON text of a value as Go's %q / field.Invalid prints it (strings quoted, others as JSON). */
export function shown(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "object" && value !== null) return typeof value;
  return String(value);
}
