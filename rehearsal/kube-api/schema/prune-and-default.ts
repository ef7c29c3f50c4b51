// Pruning and defaulting of custom resources (k8s.io/apiextensions-apiserver
// pkg/apiserver/schema/pruning and schema/defaulting): fields the schema does not declare are
// dropped unless x-kubernetes-preserve-unknown-fields keeps them; absent fields with a `default`
// get it (also inside list items and map values), after pruning, top-level metadata untouched.

import { isObject, keepsUnknown, propertySchema, type Schema } from "./schema.ts";

/** Removes undeclared fields in place; returns their paths (for SSA, these are errors instead). */
export function prune(value: unknown, schema: Schema | undefined, path = "", root = true): string[] {
  if (!schema) return [];
  const removed: string[] = [];
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries())
      removed.push(...prune(item, schema.items, `${path}[${index}]`, false));
    return removed;
  }
  if (!isObject(value)) return removed;
  // An embedded resource keeps apiVersion, kind and metadata (the metadata itself is pruned as ObjectMeta).
  const embedded = schema["x-kubernetes-embedded-resource"] === true;
  for (const key of Object.keys(value)) {
    const here = path === "" ? key : `${path}.${key}`;
    if ((root || embedded) && (key === "apiVersion" || key === "kind" || key === "metadata")) continue;
    const child = propertySchema(schema, key);
    if (!child) {
      if (!keepsUnknown(schema)) {
        delete value[key];
        removed.push(here);
      }
      continue;
    }
    removed.push(...prune(value[key], child, here, false));
  }
  return removed;
}

/** Applies `default`s in place. */
export function applyDefaults(value: unknown, schema: Schema | undefined): void {
  if (!schema) return;
  if (Array.isArray(value)) {
    for (const item of value) applyDefaults(item, schema.items);
    return;
  }
  if (!isObject(value)) return;
  for (const [key, child] of Object.entries(schema.properties ?? {})) {
    if (value[key] === undefined && child.default !== undefined) value[key] = structuredClone(child.default);
    else if (value[key] === null && child.default !== undefined && !child.nullable) {
      // A null for a non-nullable field with a default is defaulted (defaulting/algorithm.go).
      value[key] = structuredClone(child.default);
    }
  }
  for (const [key, child] of Object.entries(value)) {
    applyDefaults(child, propertySchema(schema, key));
  }
}
