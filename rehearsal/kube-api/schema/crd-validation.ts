// Validation of a CustomResourceDefinition itself (k8s.io/apiextensions-apiserver
// pkg/apis/apiextensions/validation/validation.go and pkg/apiserver/schema/validation.go):
// name = <plural>.<group>, names, scope, exactly one storage version, a structural schema per
// version (every field typed, no $ref, items for arrays, root metadata limited to name and
// generateName, int-or-string untyped, list-map keys), valid defaults, and the API approval
// annotation for *.k8s.io / *.kubernetes.io groups.

import { crdName, specOf } from "../crd-registry.ts";
import type { Json } from "../object-store.ts";
import { applyDefaults, prune } from "./prune-and-default.ts";
import { type FieldError, isObject, type Schema } from "./schema.ts";
import { fieldError, validateValue } from "./validate.ts";

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function validateCrd(crd: Json): FieldError[] {
  const errors: FieldError[] = [];
  const spec = specOf(crd);
  const names = spec.names ?? {};
  const group = String(spec.group ?? "");
  if (!group) errors.push(fieldError("spec.group", "FieldValueRequired", "Required value"));
  else if (!group.includes(".")) {
    errors.push(
      fieldError(
        "spec.group",
        "FieldValueInvalid",
        `Invalid value: ${JSON.stringify(group)}: should be a domain with at least one dot`,
      ),
    );
  }
  const expected = `${names.plural ?? ""}.${group}`;
  if (crdName(crd) !== expected) {
    errors.push(
      fieldError(
        "metadata.name",
        "FieldValueInvalid",
        `Invalid value: ${JSON.stringify(crdName(crd))}: must be spec.names.plural+"."+spec.group`,
      ),
    );
  }
  for (const [field, value] of [
    ["plural", names.plural],
    ["singular", names.singular ?? names.plural],
  ] as const) {
    if (!value) errors.push(fieldError(`spec.names.${field}`, "FieldValueRequired", "Required value"));
    else if (!DNS_LABEL.test(value)) {
      errors.push(
        fieldError(
          `spec.names.${field}`,
          "FieldValueInvalid",
          `Invalid value: ${JSON.stringify(value)}: a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
        ),
      );
    }
  }
  if (!names.kind) errors.push(fieldError("spec.names.kind", "FieldValueRequired", "Required value"));
  if (spec.scope !== "Namespaced" && spec.scope !== "Cluster") {
    errors.push(
      fieldError(
        "spec.scope",
        "FieldValueNotSupported",
        `Unsupported value: ${JSON.stringify(spec.scope ?? "")}: supported values: "Cluster", "Namespaced"`,
      ),
    );
  }
  const versions = spec.versions ?? [];
  if (versions.length === 0)
    errors.push(
      fieldError(
        "spec.versions",
        "FieldValueInvalid",
        "Invalid value: null: must have exactly one version marked as storage version",
      ),
    );
  else if (versions.filter((version) => version.storage).length !== 1) {
    errors.push(
      fieldError(
        "spec.versions",
        "FieldValueInvalid",
        `Invalid value: ${JSON.stringify(versions.map(() => "object"))}: must have exactly one version marked as storage version`,
      ),
    );
  }
  for (const [index, version] of versions.entries()) {
    const path = `spec.versions[${index}].schema.openAPIV3Schema`;
    const schema = version.schema?.openAPIV3Schema;
    if (!schema) {
      errors.push(fieldError(path, "FieldValueRequired", "Required value: schemas are required"));
      continue;
    }
    errors.push(...structuralErrors(schema, path, true));
    errors.push(...defaultErrors(schema, path));
  }
  if (/(^|\.)(k8s\.io|kubernetes\.io)$/.test(group)) {
    const annotations = ((crd.metadata as Json | undefined)?.annotations ?? {}) as Record<string, string>;
    if (!annotations["api-approved.kubernetes.io"]) {
      errors.push(
        fieldError(
          "metadata.annotations[api-approved.kubernetes.io]",
          "FieldValueRequired",
          'Required value: protected groups must have approval annotation "api-approved.kubernetes.io", see https://github.com/kubernetes/enhancements/pull/1111',
        ),
      );
    }
  }
  return errors;
}

function structuralErrors(schema: Schema, path: string, root: boolean): FieldError[] {
  const errors: FieldError[] = [];
  if (schema.$ref !== undefined)
    errors.push(fieldError(`${path}.$ref`, "FieldValueForbidden", "Forbidden: $ref is not supported"));
  const intOrString = schema["x-kubernetes-int-or-string"] === true;
  const preserve = schema["x-kubernetes-preserve-unknown-fields"] === true;
  if (intOrString && schema.type !== undefined) {
    errors.push(
      fieldError(
        `${path}.type`,
        "FieldValueForbidden",
        "Forbidden: must be empty if x-kubernetes-int-or-string is true",
      ),
    );
  }
  if (!schema.type && !intOrString && !preserve) {
    errors.push(
      fieldError(
        `${path}.type`,
        "FieldValueRequired",
        "Required value: must not be empty for specified object fields",
      ),
    );
  }
  if (root && schema.type !== "object") {
    errors.push(
      fieldError(
        `${path}.type`,
        "FieldValueInvalid",
        `Invalid value: ${JSON.stringify(schema.type ?? "")}: must be object at the root`,
      ),
    );
  }
  if (
    schema.properties &&
    schema.additionalProperties !== undefined &&
    schema.additionalProperties !== false
  ) {
    errors.push(
      fieldError(
        `${path}.additionalProperties`,
        "FieldValueForbidden",
        "Forbidden: additionalProperties and properties are mutual exclusive",
      ),
    );
  }
  if (schema.type === "array" && !schema.items) {
    errors.push(fieldError(`${path}.items`, "FieldValueRequired", "Required value: must be specified"));
  }
  const listType = schema["x-kubernetes-list-type"];
  const mapKeys = schema["x-kubernetes-list-map-keys"];
  if (mapKeys && listType !== "map") {
    errors.push(
      fieldError(
        `${path}.x-kubernetes-list-map-keys`,
        "FieldValueForbidden",
        'Forbidden: must only be set if x-kubernetes-list-type is "map"',
      ),
    );
  }
  if (listType === "map") {
    if (!mapKeys?.length)
      errors.push(
        fieldError(
          `${path}.x-kubernetes-list-map-keys`,
          "FieldValueRequired",
          'Required value: must not be empty if x-kubernetes-list-type is "map"',
        ),
      );
    for (const key of mapKeys ?? []) {
      const keySchema = schema.items?.properties?.[key];
      if (!keySchema) {
        errors.push(
          fieldError(
            `${path}.x-kubernetes-list-map-keys`,
            "FieldValueInvalid",
            `Invalid value: ${JSON.stringify(mapKeys)}: entries must all be names of item properties`,
          ),
        );
      } else if (!schema.items?.required?.includes(key) && keySchema.default === undefined) {
        errors.push(
          fieldError(
            `${path}.items.properties[${key}]`,
            "FieldValueRequired",
            "Required value: this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property",
          ),
        );
      }
    }
  }
  if (root && schema.properties?.metadata) {
    const metadata = schema.properties.metadata;
    const extra = Object.keys(metadata.properties ?? {}).filter(
      (key) => key !== "name" && key !== "generateName",
    );
    if (extra.length > 0 || (metadata.type !== undefined && metadata.type !== "object")) {
      errors.push(
        fieldError(
          `${path}.properties[metadata]`,
          "FieldValueForbidden",
          "Forbidden: must not specify anything other than name and generateName, but metadata is implicitly specified",
        ),
      );
    }
  }
  for (const [key, child] of Object.entries(schema.properties ?? {})) {
    errors.push(...structuralErrors(child, `${path}.properties[${key}]`, false));
  }
  if (schema.items) errors.push(...structuralErrors(schema.items, `${path}.items`, false));
  if (isObject(schema.additionalProperties)) {
    errors.push(
      ...structuralErrors(schema.additionalProperties as Schema, `${path}.additionalProperties`, false),
    );
  }
  return errors;
}

/** A default must validate against its own schema and survive pruning (validation.go validateDefaults). */
function defaultErrors(schema: Schema, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const visit = (node: Schema, at: string) => {
    if (node.default !== undefined) {
      const value = structuredClone(node.default);
      const pruned = prune(value, node, "", false);
      applyDefaults(value, node);
      if (pruned.length > 0) {
        errors.push(
          fieldError(
            `${at}.default`,
            "FieldValueInvalid",
            `Invalid value: "object": must not have unknown fields, got: ${pruned.join(", ")}`,
          ),
        );
      }
      for (const error of validateValue(value, node, `${at}.default`)) errors.push(error);
    }
    for (const [key, child] of Object.entries(node.properties ?? {}))
      visit(child, `${at}.properties[${key}]`);
    if (node.items) visit(node.items, `${at}.items`);
  };
  visit(schema, path);
  return errors;
}
