// Field ownership as kube-apiserver's field manager keeps it (k8s.io/apiserver
// pkg/endpoints/handlers/fieldmanager, on sigs.k8s.io/structured-merge-diff merge.Updater):
// - apply: the applied configuration is merged into the live object (associative lists by key,
//   sets by value, atomic lists and maps replaced); fields the same manager applied before and
//   omits now are removed unless another manager owns them; a field another manager owns with a
//   different value is a conflict (409) unless forced, which takes it over; the same value is
//   shared ownership, not a conflict;
// - update (create, PUT, merge patch, status writes): the writer owns every field it changed,
//   which no other manager owns any more.

import type { Json } from "../object-store.ts";
import { isObject } from "../schema/schema.ts";
import type { TypeNode } from "../types/type-node.ts";
import {
  difference,
  type FieldTree,
  fieldsOf,
  fromLeaves,
  hasPath,
  isEmpty,
  keyElement,
  leaves,
  printPath,
  removeAt,
  union,
  valueAt,
} from "./field-set.ts";

export interface ManagedEntry {
  manager: string;
  operation: "Apply" | "Update";
  apiVersion: string;
  time: string;
  fieldsType: "FieldsV1";
  fieldsV1: FieldTree;
  subresource?: string;
}

export interface Conflict {
  /** How conflict messages name the manager: `"flux"`, or `"flux" using apps/v1` for updaters. */
  manager: string;
  path: string;
}

export interface WriteContext {
  manager: string;
  apiVersion: string;
  type: TypeNode;
  now: string;
  /** `status` for the status subresource. */
  subresource?: string;
  /** Top-level fields this endpoint ignores (`status` on the main resource, all but status on /status). */
  ignoreTop: readonly string[];
}

export function entriesOf(object: Json | undefined): ManagedEntry[] {
  const raw = (object?.metadata as Json | undefined)?.managedFields;
  if (!Array.isArray(raw)) return [];
  return raw.filter(isObject).map((entry) => ({
    manager: String(entry.manager ?? ""),
    operation: entry.operation === "Apply" ? "Apply" : "Update",
    apiVersion: String(entry.apiVersion ?? ""),
    time: String(entry.time ?? ""),
    fieldsType: "FieldsV1",
    fieldsV1: (isObject(entry.fieldsV1) ? entry.fieldsV1 : {}) as FieldTree,
    ...(entry.subresource ? { subresource: String(entry.subresource) } : {}),
  }));
}

function sameIdentity(
  entry: ManagedEntry,
  manager: string,
  operation: string,
  subresource?: string,
): boolean {
  return (
    entry.manager === manager &&
    entry.operation === operation &&
    (entry.subresource ?? "") === (subresource ?? "")
  );
}

/** fieldmanager/internal/conflict.go printManager. */
function printManager(entry: ManagedEntry): string {
  let text = JSON.stringify(entry.manager);
  if (entry.subresource) text += ` with subresource ${JSON.stringify(entry.subresource)}`;
  if (entry.operation === "Update") text += ` using ${entry.apiVersion}`;
  return text;
}

export type ApplyResult =
  | { object: Json; entries: ManagedEntry[]; changed: boolean }
  | { conflicts: Conflict[] };

export function apply(
  live: Json | undefined,
  applied: Json,
  force: boolean,
  context: WriteContext,
): ApplyResult {
  const entries = entriesOf(live);
  const appliedSet = fieldsOf(applied, context.type, context.ignoreTop);
  const mine = entries.find((entry) => sameIdentity(entry, context.manager, "Apply", context.subresource));
  const others = entries.filter((entry) => entry !== mine);
  const conflicts: { entry: ManagedEntry; path: string[] }[] = [];
  for (const path of leaves(appliedSet)) {
    if (path.at(-1) === ".") continue;
    for (const entry of others) {
      if (!hasPath(entry.fieldsV1, path)) continue;
      const liveValue = valueAt(live, path, context.type);
      const appliedValue = valueAt(applied, path, context.type);
      if (JSON.stringify(liveValue) !== JSON.stringify(appliedValue)) conflicts.push({ entry, path });
    }
  }
  if (conflicts.length > 0 && !force) {
    return {
      conflicts: conflicts.map(({ entry, path }) => ({
        manager: printManager(entry),
        path: printPath(path),
      })),
    };
  }
  const merged = mergeApplied(live ?? {}, stripIgnored(applied, context.ignoreTop), context.type) as Json;
  // Fields this manager applied before and leaves out now go, unless someone else owns them.
  if (mine) {
    for (const path of leaves(difference(mine.fieldsV1, appliedSet))) {
      const target = path.at(-1) === "." ? path.slice(0, -1) : path;
      const ownedElsewhere = others.some((entry) => ownsUnder(entry.fieldsV1, target));
      if (!ownedElsewhere && !ownsUnder(appliedSet, target)) removeAt(merged, target);
    }
  }
  const taken = fromLeaves(conflicts.map(({ path }) => path));
  const next: ManagedEntry[] = [];
  for (const entry of others) {
    const fields = force ? difference(entry.fieldsV1, taken) : entry.fieldsV1;
    if (!isEmpty(fields)) next.push({ ...entry, fieldsV1: fields });
  }
  const unchangedSet =
    mine !== undefined &&
    JSON.stringify(leaves(mine.fieldsV1).sort()) === JSON.stringify(leaves(appliedSet).sort());
  if (!isEmpty(appliedSet)) {
    next.push({
      manager: context.manager,
      operation: "Apply",
      apiVersion: context.apiVersion,
      time: unchangedSet && mine ? mine.time : context.now,
      fieldsType: "FieldsV1",
      fieldsV1: appliedSet,
      ...(context.subresource ? { subresource: context.subresource } : {}),
    });
  }
  const changed = !sameContent(live, merged) || !unchangedSet || conflicts.length > 0;
  return { object: merged, entries: orderLike(entries, next), changed };
}

/** Ownership after a non-apply write by `context.manager`: it owns what it changed. */
export function trackUpdate(live: Json | undefined, updated: Json, context: WriteContext): ManagedEntry[] {
  const entries = entriesOf(live);
  const before = fieldsOf(live, context.type, context.ignoreTop);
  const after = fieldsOf(updated, context.type, context.ignoreTop);
  const changedPaths = leaves(after).filter(
    (path) =>
      !hasPath(before, path) ||
      (path.at(-1) !== "." &&
        JSON.stringify(valueAt(live, path, context.type)) !==
          JSON.stringify(valueAt(updated, path, context.type))),
  );
  const removed = difference(before, after);
  const changed = fromLeaves(changedPaths);
  const lost = union(changed, removed);
  const next: ManagedEntry[] = [];
  let mine: ManagedEntry | undefined;
  for (const entry of entries) {
    if (sameIdentity(entry, context.manager, "Update", context.subresource)) {
      mine = entry;
      continue;
    }
    const fields = difference(entry.fieldsV1, lost);
    if (!isEmpty(fields)) next.push({ ...entry, fieldsV1: fields });
  }
  const owned = difference(union(mine?.fieldsV1 ?? {}, changed), removed);
  if (!isEmpty(owned)) {
    next.push({
      manager: context.manager,
      operation: "Update",
      apiVersion: context.apiVersion,
      time: isEmpty(changed) && mine ? mine.time : context.now,
      fieldsType: "FieldsV1",
      fieldsV1: owned,
      ...(context.subresource ? { subresource: context.subresource } : {}),
    });
  }
  return orderLike(entries, next);
}

function ownsUnder(tree: FieldTree, prefix: readonly string[]): boolean {
  let node: FieldTree | undefined = tree;
  for (const element of prefix) {
    node = node?.[element];
    if (!node) return false;
  }
  return true;
}

function stripIgnored(applied: Json, ignoreTop: readonly string[]): Json {
  const copy: Json = { ...applied };
  for (const key of ignoreTop) delete copy[key];
  return copy;
}

/** The applied configuration merged into the live object. */
export function mergeApplied(live: unknown, applied: unknown, type: TypeNode | undefined): unknown {
  if (isObject(applied) && isObject(live) && type?.shape !== "scalar" && !type?.atomicMap) {
    const result: Json = structuredClone(live);
    for (const [key, value] of Object.entries(applied)) {
      const childType = key === "metadata" ? type?.field("metadata") : type?.field(key);
      result[key] = mergeApplied(live[key], value, childType);
    }
    return result;
  }
  if (Array.isArray(applied) && Array.isArray(live) && type?.shape === "list") {
    if (type.listType === "map") {
      const result = structuredClone(live);
      for (const item of applied) {
        if (!isObject(item)) continue;
        const key = keyElement(item, type.mapKeys);
        const index = result.findIndex(
          (candidate) => isObject(candidate) && keyElement(candidate, type.mapKeys) === key,
        );
        if (index >= 0) result[index] = mergeApplied(result[index], item, type.items());
        else result.push(structuredClone(item));
      }
      return result;
    }
    if (type.listType === "set") {
      const result = structuredClone(live);
      for (const item of applied) {
        if (!result.some((candidate) => JSON.stringify(candidate) === JSON.stringify(item)))
          result.push(structuredClone(item));
      }
      return result;
    }
  }
  return structuredClone(applied);
}

function sameContent(a: Json | undefined, b: Json): boolean {
  if (!a) return false;
  const strip = (object: Json) => {
    const copy = structuredClone(object);
    const meta = copy.metadata as Json | undefined;
    if (meta) delete meta.managedFields;
    return JSON.stringify(canonical(copy));
  };
  return strip(a) === strip(b);
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, canonical(value[key])]),
  );
}

/** Keeps the entries in their previous order, new ones last (the server appends). */
function orderLike(before: ManagedEntry[], after: ManagedEntry[]): ManagedEntry[] {
  const index = (entry: ManagedEntry) =>
    before.findIndex((old) => sameIdentity(old, entry.manager, entry.operation, entry.subresource));
  return [...after].sort((a, b) => {
    const ia = index(a);
    const ib = index(b);
    return (ia < 0 ? Number.MAX_SAFE_INTEGER : ia) - (ib < 0 ? Number.MAX_SAFE_INTEGER : ib);
  });
}

/** Whether two field trees hold the same leaves. */
export function sameFields(a: FieldTree, b: FieldTree): boolean {
  return JSON.stringify(leaves(a).sort()) === JSON.stringify(leaves(b).sort());
}
