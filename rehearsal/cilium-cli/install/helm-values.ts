// The values a Helm install renders with, as cilium-cli and Helm build them: the `-f` files
// merged in order (pkg/cli/values mergeMaps: maps merge recursively, anything else is replaced),
// then each `--set` applied on top; cilium-cli's own defaults under the user's
// (internal/helm MergeVals: user values win); finally coalesced over the chart's defaults
// (chartutil CoalesceValues: a user `null` deletes the default, maps merge, other values win).

import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { type HelmValue, parseSetInto } from "./helm-strvals.ts";

export type ValueMap = Record<string, HelmValue>;

export class ValuesError extends Error {
  override readonly name = "ValuesError";
}

function isMap(value: unknown): value is ValueMap {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Helm's mergeMaps: b over a, recursively for maps. */
export function mergeMaps(a: ValueMap, b: ValueMap): ValueMap {
  const out: ValueMap = { ...a };
  for (const [key, value] of Object.entries(b)) {
    const existing = out[key];
    out[key] = isMap(value) && isMap(existing) ? mergeMaps(existing, value) : value;
  }
  return out;
}

export interface UserValueOptions {
  valueFiles: readonly string[];
  sets: readonly string[];
  setStrings?: readonly string[];
}

/** values.Options.MergeValues. Files are YAML read the way sigs.k8s.io/yaml reads them (YAML 1.1). */
export function userValues(
  options: UserValueOptions,
  readFile: (path: string) => string = (path) => readFileSync(path, "utf8"),
): ValueMap {
  let base: ValueMap = {};
  for (const file of options.valueFiles) {
    let text: string;
    try {
      text = readFile(file);
    } catch (error) {
      throw new ValuesError(
        `open ${file}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file or directory" : (error as Error).message}`,
      );
    }
    let parsed: unknown;
    try {
      parsed = parse(text, { version: "1.1" }) ?? {};
    } catch (error) {
      throw new ValuesError(`failed to parse ${file}: ${(error as Error).message}`);
    }
    if (!isMap(parsed))
      throw new ValuesError(
        `failed to parse ${file}: error unmarshaling JSON: json: cannot unmarshal into Go value of type map[string]interface {}`,
      );
    base = mergeMaps(base, parsed);
  }
  for (const set of options.sets) {
    try {
      parseSetInto(set, base);
    } catch (error) {
      throw new ValuesError(`failed parsing --set data: ${(error as Error).message}`);
    }
  }
  for (const set of options.setStrings ?? []) {
    try {
      parseSetInto(set, base, true);
    } catch (error) {
      throw new ValuesError(`failed parsing --set-string data: ${(error as Error).message}`);
    }
  }
  return base;
}

/** chartutil.CoalesceValues(chart defaults, user values). */
export function coalesce(defaults: ValueMap, user: ValueMap): ValueMap {
  const out: ValueMap = structuredClone(user);
  for (const [key, value] of Object.entries(defaults)) {
    if (!Object.hasOwn(out, key)) {
      out[key] = structuredClone(value);
      continue;
    }
    const mine = out[key];
    if (mine === null) {
      delete out[key];
    } else if (isMap(mine) && isMap(value)) {
      out[key] = coalesce(value, mine);
    }
  }
  return out;
}

/** `a.b.c` of a values tree, or undefined. */
export function valueAt(values: unknown, path: string): unknown {
  let node = values;
  for (const key of path.split(".")) {
    if (!isMap(node) || !Object.hasOwn(node, key)) return undefined;
    node = node[key];
  }
  return node;
}

export function hasValue(values: unknown, path: string): boolean {
  const parent = path.includes(".") ? valueAt(values, path.slice(0, path.lastIndexOf("."))) : values;
  return isMap(parent) && Object.hasOwn(parent, path.slice(path.lastIndexOf(".") + 1));
}
