// Field sets as managedFields record them (FieldsV1, sigs.k8s.io/structured-merge-diff/fieldpath):
// a tree whose keys are path elements — `f:<field>`, `k:{"name":"x"}` for an associative-list
// element (its key fields, sorted), `v:<json>` for a set value — and `.` for the element itself.
// A field is owned when the tree has it as a leaf.

import { isObject } from "../schema/schema.ts";
import type { TypeNode } from "../types/type-node.ts";

export type FieldTree = { [element: string]: FieldTree };

/** Metadata fields no manager owns (structured-merge-diff ignores them; the server sets them). */
const UNMANAGED_METADATA = new Set([
  "name",
  "namespace",
  "uid",
  "resourceVersion",
  "generation",
  "creationTimestamp",
  "deletionTimestamp",
  "deletionGracePeriodSeconds",
  "managedFields",
  "selfLink",
]);

/** The fields `value` sets, typed by `type`. `ignore` drops top-level fields (status, apiVersion…). */
export function fieldsOf(value: unknown, type: TypeNode, ignoreTop: readonly string[] = []): FieldTree {
  const tree: FieldTree = {};
  if (!isObject(value)) return tree;
  for (const [key, child] of Object.entries(value)) {
    if (ignoreTop.includes(key) || key === "apiVersion" || key === "kind") continue;
    if (key === "metadata" && isObject(child)) {
      const meta: FieldTree = {};
      for (const [field, fieldValue] of Object.entries(child)) {
        if (UNMANAGED_METADATA.has(field)) continue;
        meta[`f:${field}`] = subtree(fieldValue, type.field("metadata")?.field(field));
      }
      if (Object.keys(meta).length > 0) tree["f:metadata"] = meta;
      continue;
    }
    tree[`f:${key}`] = subtree(child, type.field(key));
  }
  return sortTree(tree);
}

/** FieldsV1 lists the elements of a node sorted ("." first, then f:, k:, v: in byte order). */
export function sortTree(tree: FieldTree): FieldTree {
  const sorted: FieldTree = {};
  for (const key of Object.keys(tree).sort()) sorted[key] = sortTree(tree[key] ?? {});
  return sorted;
}

function subtree(value: unknown, type: TypeNode | undefined): FieldTree {
  if (value === null || value === undefined || !type) return {};
  if (Array.isArray(value)) {
    if (type.shape !== "list" || type.listType === "atomic" || value.length === 0) return {};
    const tree: FieldTree = {};
    for (const item of value) {
      if (type.listType === "set") tree[`v:${JSON.stringify(item)}`] = {};
      else if (isObject(item)) {
        const element: FieldTree = { ".": {} };
        Object.assign(element, subtree(item, type.items()));
        tree[keyElement(item, type.mapKeys)] = element;
      }
    }
    return tree;
  }
  if (isObject(value)) {
    if (type.atomicMap || Object.keys(value).length === 0) return {};
    const tree: FieldTree = {};
    for (const [key, child] of Object.entries(value)) tree[`f:${key}`] = subtree(child, type.field(key));
    return tree;
  }
  return {};
}

/** `k:{"containerPort":80,"protocol":"TCP"}`: the element's key fields, sorted by name. */
export function keyElement(item: Record<string, unknown>, keys: readonly string[]): string {
  const sorted = [...keys].sort();
  return `k:{${sorted.map((key) => `${JSON.stringify(key)}:${JSON.stringify(item[key])}`).join(",")}}`;
}

/** Every owned path (leaves, and `.` markers), as element arrays. */
export function leaves(tree: FieldTree, prefix: string[] = []): string[][] {
  const result: string[][] = [];
  for (const [element, child] of Object.entries(tree)) {
    const path = [...prefix, element];
    if (Object.keys(child).length === 0) result.push(path);
    else result.push(...leaves(child, path));
  }
  return result;
}

export function hasPath(tree: FieldTree, path: readonly string[]): boolean {
  let node: FieldTree | undefined = tree;
  for (const element of path) {
    node = node?.[element];
    if (!node) return false;
  }
  return Object.keys(node ?? {}).length === 0;
}

export function fromLeaves(paths: readonly (readonly string[])[]): FieldTree {
  const tree: FieldTree = {};
  for (const path of paths) {
    let node = tree;
    for (const element of path) {
      node[element] ??= {};
      node = node[element];
    }
  }
  return sortTree(tree);
}

/** `a` without the leaves of `b`. */
export function difference(a: FieldTree, b: FieldTree): FieldTree {
  return fromLeaves(leaves(a).filter((path) => !hasPath(b, path)));
}

export function union(a: FieldTree, b: FieldTree): FieldTree {
  return fromLeaves([...leaves(a), ...leaves(b)]);
}

export function isEmpty(tree: FieldTree): boolean {
  return Object.keys(tree).length === 0;
}

/** `.spec.containers[name="nginx"].image`: a path as conflict messages print it. */
export function printPath(path: readonly string[]): string {
  let text = "";
  for (const element of path) {
    if (element === ".") continue;
    if (element.startsWith("f:")) text += `.${element.slice(2)}`;
    else if (element.startsWith("k:")) {
      const key = JSON.parse(element.slice(2)) as Record<string, unknown>;
      text += `[${Object.entries(key)
        .map(([name, value]) => `${name}=${JSON.stringify(value)}`)
        .join(",")}]`;
    } else if (element.startsWith("v:")) text += `[=${element.slice(2)}]`;
  }
  return text;
}

/** The value at a path of `value` (undefined when absent). */
export function valueAt(value: unknown, path: readonly string[], type: TypeNode | undefined): unknown {
  let node: unknown = value;
  let nodeType = type;
  for (const element of path) {
    if (element === ".") continue;
    if (element.startsWith("f:")) {
      if (!isObject(node)) return undefined;
      const field = element.slice(2);
      node = node[field];
      nodeType = nodeType?.field(field);
    } else if (element.startsWith("k:")) {
      if (!Array.isArray(node)) return undefined;
      const key = JSON.parse(element.slice(2)) as Record<string, unknown>;
      node = node.find(
        (item) => isObject(item) && Object.entries(key).every(([name, v]) => item[name] === v),
      );
      nodeType = nodeType?.items();
    } else if (element.startsWith("v:")) {
      if (!Array.isArray(node)) return undefined;
      const wanted = element.slice(2);
      node = node.find((item) => JSON.stringify(item) === wanted);
      nodeType = nodeType?.items();
    }
    if (node === undefined) return undefined;
  }
  return node;
}

/** Removes the field, list element or set value at `path` from `value`, in place. */
export function removeAt(value: unknown, path: readonly string[]): void {
  const elements = path.filter((element) => element !== ".");
  const last = elements.at(-1);
  if (!last) return;
  const parent = valueAt(value, elements.slice(0, -1), undefined);
  if (last.startsWith("f:") && isObject(parent)) {
    delete parent[last.slice(2)];
  } else if ((last.startsWith("k:") || last.startsWith("v:")) && Array.isArray(parent)) {
    const target = valueAt(parent, [last], undefined);
    const index = parent.indexOf(target);
    if (index >= 0) parent.splice(index, 1);
  }
}
