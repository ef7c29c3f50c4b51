// Kustomize patches, as far as this tool renders them in-process: strategic merge patches with
// JSON-merge semantics (maps merge key by key, `null` deletes, lists replace, `$patch: delete` and
// `$patch: replace` on a map), which is exactly what kustomize does for kinds it has no OpenAPI
// schema for — the CRDs the checks read (HelmRelease, pools, L2 policies, Gateways); and RFC 6902
// JSON patches (add, remove, replace, move, copy, test). Built-in kinds' list merge keys
// (containers by name, ports by port) are not modelled: such a list is replaced.
// kustomize: api/filters/patchstrategicmerge, api/filters/patchjson6902.

import { isRecord } from "../yaml-documents.ts";

export type JsonObject = Record<string, unknown>;

/** Applies a strategic merge patch; undefined when it says `$patch: delete` for the whole object. */
export function strategicMerge(target: unknown, patch: unknown): unknown {
  if (!isRecord(patch)) return structuredClone(patch);
  const directive = patch.$patch;
  if (directive === "delete") return undefined;
  if (directive === "replace") {
    const { $patch: _, ...rest } = patch;
    return structuredClone(rest);
  }
  const base: JsonObject = isRecord(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (key === "$patch") continue;
    if (value === null) {
      delete base[key];
      continue;
    }
    const merged = isRecord(value) ? strategicMerge(base[key], value) : structuredClone(value);
    if (merged === undefined) delete base[key];
    else base[key] = merged;
  }
  return base;
}

export interface JsonPatchOperation {
  op: string;
  path: string;
  value?: unknown;
  from?: string;
}

/** RFC 6902 on a copy of `target`; throws with the failing operation. */
export function applyJsonPatch(target: JsonObject, operations: readonly unknown[]): JsonObject {
  let document: unknown = structuredClone(target);
  operations.forEach((raw, index) => {
    if (!isRecord(raw) || typeof raw.op !== "string" || typeof raw.path !== "string") {
      throw new Error(`operation ${index} needs op and path`);
    }
    const operation = raw as unknown as JsonPatchOperation;
    document = applyOperation(document, operation, index);
  });
  if (!isRecord(document)) throw new Error("the patch replaced the whole object with a non-object");
  return document;
}

function applyOperation(document: unknown, operation: JsonPatchOperation, index: number): unknown {
  const where = `operation ${index} (${operation.op} ${operation.path})`;
  switch (operation.op) {
    case "add":
      return setAt(document, pointer(operation.path), structuredClone(operation.value), "add", where);
    case "replace":
      getAt(document, pointer(operation.path), where);
      return setAt(document, pointer(operation.path), structuredClone(operation.value), "replace", where);
    case "remove":
      return removeAt(document, pointer(operation.path), where);
    case "move": {
      const value = getAt(document, pointer(operation.from ?? ""), where);
      return setAt(
        removeAt(document, pointer(operation.from ?? ""), where),
        pointer(operation.path),
        value,
        "add",
        where,
      );
    }
    case "copy":
      return setAt(
        document,
        pointer(operation.path),
        structuredClone(getAt(document, pointer(operation.from ?? ""), where)),
        "add",
        where,
      );
    case "test":
      if (
        JSON.stringify(getAt(document, pointer(operation.path), where)) !== JSON.stringify(operation.value)
      ) {
        throw new Error(`${where}: test failed`);
      }
      return document;
    default:
      throw new Error(`${where}: unknown op`);
  }
}

function pointer(path: string): string[] {
  if (path === "") return [];
  if (!path.startsWith("/")) throw new Error(`JSON pointer ${path} must start with /`);
  return path
    .slice(1)
    .split("/")
    .map((token) => token.replaceAll("~1", "/").replaceAll("~0", "~"));
}

function getAt(document: unknown, tokens: readonly string[], where: string): unknown {
  let node = document;
  for (const token of tokens) {
    if (Array.isArray(node) && /^\d+$/.test(token) && Number(token) < node.length) node = node[Number(token)];
    else if (isRecord(node) && Object.hasOwn(node, token)) node = node[token];
    else throw new Error(`${where}: path not found`);
  }
  return node;
}

function setAt(
  document: unknown,
  tokens: readonly string[],
  value: unknown,
  mode: "add" | "replace",
  where: string,
): unknown {
  if (tokens.length === 0) return value;
  const parent = getAt(document, tokens.slice(0, -1), where);
  const last = tokens.at(-1) as string;
  if (Array.isArray(parent)) {
    const position = last === "-" ? parent.length : Number(last);
    if (!/^\d+$/.test(last) && last !== "-") throw new Error(`${where}: bad array index`);
    if (position > parent.length) throw new Error(`${where}: index out of range`);
    if (mode === "add") parent.splice(position, 0, value);
    else parent[position] = value;
  } else if (isRecord(parent)) {
    parent[last] = value;
  } else {
    throw new Error(`${where}: parent is not a map or list`);
  }
  return document;
}

function removeAt(document: unknown, tokens: readonly string[], where: string): unknown {
  const parent = getAt(document, tokens.slice(0, -1), where);
  const last = tokens.at(-1) as string;
  if (Array.isArray(parent) && /^\d+$/.test(last) && Number(last) < parent.length)
    parent.splice(Number(last), 1);
  else if (isRecord(parent) && Object.hasOwn(parent, last)) delete parent[last];
  else throw new Error(`${where}: path not found`);
  return document;
}

export interface PatchTarget {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  labelSelector?: string;
  annotationSelector?: string;
}

/** Whether an object matches a kustomize patch target (name and namespace are regular expressions). */
export function matchesTarget(object: JsonObject, target: PatchTarget): boolean {
  const apiVersion = typeof object.apiVersion === "string" ? object.apiVersion : "";
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/", 2) : ["", apiVersion];
  const metadata = isRecord(object.metadata) ? object.metadata : {};
  const whole = (pattern: string, value: string) => new RegExp(`^(?:${pattern})$`).test(value);
  if (target.group !== undefined && target.group !== group) return false;
  if (target.version !== undefined && target.version !== version) return false;
  if (target.kind !== undefined && target.kind !== object.kind) return false;
  if (target.name !== undefined && !whole(target.name, String(metadata.name ?? ""))) return false;
  if (target.namespace !== undefined && !whole(target.namespace, String(metadata.namespace ?? "")))
    return false;
  if (target.labelSelector !== undefined && !selects(target.labelSelector, metadata.labels)) return false;
  if (target.annotationSelector !== undefined && !selects(target.annotationSelector, metadata.annotations))
    return false;
  return true;
}

/** `a=b,c!=d,e` (equality-based selectors, what patch targets use in practice). */
function selects(selector: string, labels: unknown): boolean {
  const map = isRecord(labels) ? labels : {};
  return selector
    .split(",")
    .map((term) => term.trim())
    .filter(Boolean)
    .every((term) => {
      const notEqual = /^([^!=]+)!=(.*)$/.exec(term);
      if (notEqual) return map[notEqual[1]!.trim()] !== notEqual[2]!.trim();
      const equal = /^([^=]+)==?(.*)$/.exec(term);
      if (equal) return map[equal[1]!.trim()] === equal[2]!.trim();
      return Object.hasOwn(map, term);
    });
}
