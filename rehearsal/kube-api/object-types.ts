// The TypeNode, schema and generation rule of a served resource: built-in kinds from the
// generated models, custom resources from their CRD's schema for that version.

import type { CrdRegistry } from "./crd-registry.ts";
import type { Json } from "./object-store.ts";
import type { FakeResource } from "./resources.ts";
import type { Schema } from "./schema/schema.ts";
import { isObject } from "./schema/schema.ts";
import { modelNameFor, modelType } from "./types/model-types.ts";
import { schemaType } from "./types/schema-types.ts";
import type { TypeNode } from "./types/type-node.ts";

export interface ResourceType {
  type: TypeNode;
  /** Custom resources: the version's structural schema. */
  schema: Schema | undefined;
  custom: boolean;
}

export function resourceType(resource: FakeResource, crds: CrdRegistry): ResourceType {
  if (resource.crd !== undefined) {
    const info = crds.versionInfo(resource.group, resource.plural, resource.version);
    return { type: schemaType(info?.schema), schema: info?.schema, custom: true };
  }
  return { type: modelType(modelNameFor(resource.group, resource.kind)), schema: undefined, custom: false };
}

/** Paths of fields `value` has that `type` does not declare (`.spec.foo`), deepest first found. */
export function unknownFields(value: unknown, type: TypeNode | undefined, path = ""): string[] {
  if (!type || type.shape === "any" || value === null || value === undefined) return [];
  if (Array.isArray(value)) {
    if (type.shape !== "list") return [];
    return value.flatMap((item, index) => unknownFields(item, type.items(), `${path}[${index}]`));
  }
  if (!isObject(value) || type.shape !== "object") return [];
  const found: string[] = [];
  for (const [key, child] of Object.entries(value)) {
    const childType = type.field(key);
    const here = `${path}.${key}`;
    if (!childType) {
      if (!type.openFields) found.push(here);
      continue;
    }
    found.push(...unknownFields(child, childType, here));
  }
  return found;
}

/** Removes the fields unknownFields found (fieldValidation Ignore/Warn on create and update). */
export function dropFields(value: Json, paths: readonly string[]): void {
  for (const path of paths) {
    const parts = path.match(/\.[^.[]+|\[\d+\]/g) ?? [];
    let node: unknown = value;
    for (const part of parts.slice(0, -1)) {
      node = part.startsWith("[")
        ? (node as unknown[])[Number(part.slice(1, -1))]
        : (node as Json)[part.slice(1)];
      if (node === undefined || node === null) break;
    }
    const last = parts.at(-1);
    if (last && isObject(node)) delete node[last.slice(1)];
  }
}
