// LIST and WATCH query parameters as kube-apiserver reads them: label selectors; field selectors
// limited to the labels each resource supports (400 otherwise: `field label not supported: x` for
// kinds with field label conversion funcs and custom resources, `"x" is not a known field
// selector: only "metadata.name", "metadata.namespace"` for the others —
// k8s.io/apimachinery pkg/runtime DefaultMetaV1FieldSelectorConversion); and limit/continue
// paging, with a 410 Expired for a continue token older than the compacted history.

import type { Json } from "./object-store.ts";
import type { FakeResource } from "./resources.ts";
import { matchesLabels, parseLabelSelector } from "./selectors.ts";
import { StatusError } from "./status.ts";

export interface Selectors {
  matches(object: Json): boolean;
  /** Whether any selector was given (the server omits remainingItemCount then). */
  any: boolean;
}

interface FieldTerm {
  label: string;
  op: "=" | "!=";
  value: string;
}

export function selectorsFor(resource: FakeResource, query: URLSearchParams): Selectors {
  let labels: ReturnType<typeof parseLabelSelector>;
  try {
    labels = parseLabelSelector(query.get("labelSelector") ?? "");
  } catch (error) {
    throw new StatusError(400, "BadRequest", (error as Error).message);
  }
  const fields = parseFieldSelector(query.get("fieldSelector") ?? "");
  const supported = new Set([
    "metadata.name",
    ...(resource.namespaced ? ["metadata.namespace"] : []),
    ...(resource.fieldSelectors ?? []),
  ]);
  for (const term of fields) {
    if (supported.has(term.label)) continue;
    if (resource.conversionFuncs || resource.crd !== undefined) {
      throw new StatusError(400, "BadRequest", `field label not supported: ${term.label}`);
    }
    throw new StatusError(
      400,
      "BadRequest",
      `"${term.label}" is not a known field selector: only "metadata.name", "metadata.namespace"`,
    );
  }
  return {
    any: labels.length > 0 || fields.length > 0,
    matches: (object) =>
      matchesLabels(
        labels,
        ((object.metadata as Json | undefined)?.labels ?? {}) as Record<string, string>,
      ) && fields.every((term) => (fieldValue(object, term.label) === term.value) === (term.op === "=")),
  };
}

function parseFieldSelector(text: string): FieldTerm[] {
  if (text.trim() === "") return [];
  return splitUnescaped(text, ",").map((raw) => {
    const match = /^([^=!]+?)\s*(==|!=|=)\s*(.*)$/.exec(raw.trim());
    if (!match)
      throw new StatusError(400, "BadRequest", `invalid selector: '${raw}'; can't understand '${raw}'`);
    const [, label = "", op, value = ""] = match;
    return { label: label.trim(), op: op === "!=" ? "!=" : "=", value: value.replace(/\\(.)/g, "$1") };
  });
}

function splitUnescaped(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = "";
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (char === "\\") {
      current += char + (text[index + 1] ?? "");
      index += 1;
    } else if (char === separator) {
      parts.push(current);
      current = "";
    } else current += char;
  }
  parts.push(current);
  return parts;
}

/** The value a field label selects: a dotted path; booleans and numbers as their text. */
function fieldValue(object: Json, label: string): string {
  if (label === "source") {
    // Events: `source` is source.component (pkg/registry/core/event/strategy.go).
    const source = object.source as Json | undefined;
    return String(source?.component ?? "");
  }
  const value = label.split(".").reduce<unknown>((node, key) => (node as Json | undefined)?.[key], object);
  if (value === undefined || value === null)
    return label === "spec.hostNetwork" || label === "spec.unschedulable" ? "false" : "";
  return String(value);
}

interface ContinueToken {
  rv: number;
  start: string;
}

export function encodeContinue(rv: number, start: string): string {
  return Buffer.from(JSON.stringify({ v: "meta.k8s.io/v1", rv, start })).toString("base64");
}

export function decodeContinue(token: string): ContinueToken {
  try {
    const parsed = JSON.parse(Buffer.from(token, "base64").toString("utf8")) as {
      v?: string;
      rv?: number;
      start?: string;
    };
    if (parsed.v !== "meta.k8s.io/v1" || typeof parsed.rv !== "number" || typeof parsed.start !== "string")
      throw new Error();
    return { rv: parsed.rv, start: parsed.start };
  } catch {
    throw new StatusError(
      400,
      "BadRequest",
      "continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)",
    );
  }
}

/** storage.ErrExpired's message for a continue token older than the compacted history. */
export function expiredContinue(): StatusError {
  return new StatusError(
    410,
    "Expired",
    "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.",
  );
}
