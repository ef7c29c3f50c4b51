// ObjectMeta validation (k8s.io/apimachinery pkg/api/validation/objectmeta.go, pkg/util/validation):
// the name rule of each kind (namespaces: RFC 1123 label; services: RFC 1035 label; RBAC: a path
// segment; everything else: RFC 1123 subdomain), label keys and values, annotation keys.

import type { FieldError } from "../schema/schema.ts";
import { fieldError } from "../schema/validate.ts";

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

const LABEL_HELP =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const SUBDOMAIN_HELP =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const DNS1035_HELP =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

export type NameRule = "label" | "subdomain" | "dns1035" | "path-segment";

/** The name rule of a kind (kubernetes/kubernetes pkg/apis/<group>/validation ValidateXName). */
export function nameRuleFor(group: string, kind: string): NameRule {
  if (group === "" && kind === "Namespace") return "label";
  if (group === "" && kind === "Service") return "dns1035";
  if (group === "rbac.authorization.k8s.io") return "path-segment";
  return "subdomain";
}

export function nameErrors(name: unknown, rule: NameRule, path = "metadata.name"): FieldError[] {
  if (typeof name !== "string" || name === "") {
    return [fieldError(path, "FieldValueRequired", "Required value: name or generateName is required")];
  }
  const invalid = (why: string) => [
    fieldError(path, "FieldValueInvalid", `Invalid value: ${JSON.stringify(name)}: ${why}`),
  ];
  switch (rule) {
    case "label":
      if (name.length > 63) return invalid("must be no more than 63 characters");
      return LABEL.test(name) ? [] : invalid(LABEL_HELP);
    case "dns1035":
      if (name.length > 63) return invalid("must be no more than 63 characters");
      return DNS1035.test(name) ? [] : invalid(DNS1035_HELP);
    case "path-segment":
      if (name === "." || name === "..") return invalid(`may not be '${name}'`);
      return /[/%]/.test(name) ? invalid(`may not contain '${name.includes("/") ? "/" : "%"}'`) : [];
    default:
      if (name.length > 253) return invalid("must be no more than 253 characters");
      return SUBDOMAIN.test(name) ? [] : invalid(SUBDOMAIN_HELP);
  }
}

/** Label keys are qualified names, values at most 63 characters of a restricted alphabet. */
export function labelErrors(labels: unknown): FieldError[] {
  if (labels === undefined || labels === null) return [];
  const errors: FieldError[] = [];
  for (const [key, value] of Object.entries(labels as Record<string, unknown>)) {
    errors.push(...qualifiedNameErrors(key, "metadata.labels"));
    if (typeof value !== "string") {
      errors.push(
        fieldError(
          `metadata.labels`,
          "FieldValueInvalid",
          `Invalid value: ${JSON.stringify(value)}: must be a string`,
        ),
      );
    } else if (value.length > 63) {
      errors.push(
        fieldError(
          "metadata.labels",
          "FieldValueInvalid",
          `Invalid value: ${JSON.stringify(value)}: must be no more than 63 characters`,
        ),
      );
    } else if (!LABEL_VALUE.test(value)) {
      errors.push(
        fieldError(
          "metadata.labels",
          "FieldValueInvalid",
          `Invalid value: ${JSON.stringify(value)}: a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
        ),
      );
    }
  }
  return errors;
}

export function annotationErrors(annotations: unknown): FieldError[] {
  if (annotations === undefined || annotations === null) return [];
  const errors: FieldError[] = [];
  let total = 0;
  for (const [key, value] of Object.entries(annotations as Record<string, unknown>)) {
    errors.push(...qualifiedNameErrors(key.toLowerCase(), "metadata.annotations"));
    total += key.length + String(value).length;
  }
  if (total > 256 * 1024) {
    errors.push(
      fieldError("metadata.annotations", "FieldValueTooLong", "Too long: may not be more than 262144 bytes"),
    );
  }
  return errors;
}

function qualifiedNameErrors(key: string, path: string): FieldError[] {
  const slash = key.indexOf("/");
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  const invalid = (why: string) => [
    fieldError(path, "FieldValueInvalid", `Invalid value: ${JSON.stringify(key)}: ${why}`),
  ];
  if (prefix !== undefined && (prefix.length === 0 || prefix.length > 253 || !SUBDOMAIN.test(prefix))) {
    return invalid(`prefix part ${SUBDOMAIN_HELP}`);
  }
  if (name.length === 0) return invalid("name part must be non-empty");
  if (name.length > 63) return invalid("name part must be no more than 63 characters");
  if (!NAME_PART.test(name)) {
    return invalid(
      "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    );
  }
  return [];
}
