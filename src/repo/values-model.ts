// Helm values merged the way Flux merges them, keeping where each value was written.
// Flux's MergeMaps: maps merge key by key, recursively; anything else (lists, scalars, null)
// replaces. A null stays in the merged values as Flux leaves it: Helm then drops the chart's
// default for that key.
import { RepoError } from "../errors.ts";
import type { SourceLocation, ValuesLayer, ValuesModel, YamlPath } from "./infra-model.ts";
import { quoteExcerpt } from "./quote-excerpt.ts";
import { isRecord, parseYamlDocuments } from "./yaml-documents.ts";

/** One layer of values as read from the repo, before merging. */
export interface ValuesLayerInput {
  layer: ValuesLayer;
  /** The layer's values; placed under `layer.targetPath` when that is set. */
  values: unknown;
  /** Line in `layer.file` of a path relative to `values`. */
  lineOf(path: YamlPath): number;
}

interface PlacedLayer {
  input: ValuesLayerInput;
  prefix: readonly string[];
  root: Record<string, unknown>;
}

/**
 * Merges layers in order (later wins). `fallback` is where a path points when no layer sets it
 * or any of its ancestors (usually the HelmRelease).
 */
export function valuesModelFromLayers(
  inputs: readonly ValuesLayerInput[],
  fallback: SourceLocation,
): ValuesModel {
  const placed = inputs.map(placeLayer);
  let merged: Record<string, unknown> = {};
  for (const layer of placed) merged = mergeValues(merged, layer.root);

  const locateSegments = (segments: readonly string[]): SourceLocation => {
    for (let depth = segments.length; depth > 0; depth--) {
      const prefix = segments.slice(0, depth);
      for (let index = placed.length - 1; index >= 0; index--) {
        const layer = placed[index]!;
        if (lookup(layer.root, prefix).found === prefix.length) return lineIn(layer, prefix);
      }
    }
    const first = placed.find((layer) => !layer.input.layer.unread);
    return first ? { file: first.input.layer.file, line: first.input.lineOf([]) } : fallback;
  };

  return {
    merged,
    layers: placed.map((layer) => layer.input.layer),
    get(path) {
      const found = lookup(merged, splitPath(path));
      return found.found === found.segments.length ? found.value : undefined;
    },
    has(path) {
      const found = lookup(merged, splitPath(path));
      return found.found === found.segments.length;
    },
    unreadLayersFor(path) {
      const segments = lookup(merged, splitPath(path)).segments;
      let setter = -1;
      placed.forEach((layer, index) => {
        if (!layer.input.layer.unread && lookup(layer.root, segments).found === segments.length)
          setter = index;
      });
      return placed
        .slice(setter + 1)
        .filter((layer) => layer.input.layer.unread && overlaps(layer.prefix, segments))
        .map((layer) => layer.input.layer);
    },
    locate(path) {
      const found = lookup(merged, splitPath(path));
      return locateSegments(found.segments.slice(0, found.found));
    },
    leafPaths() {
      return leaves(merged, []).map((segments) => ({
        path: segments.join("."),
        location: locateSegments(segments),
      }));
    },
  };
}

/** A values file on its own (e.g. `values.yaml`) as a one-layer model. */
export function valuesModelFromYaml(text: string, file: string): ValuesModel {
  const input = valuesLayerFromYaml(text, file, `values file ${file}`);
  return valuesModelFromLayers([input], { file, line: 1 });
}

/** Reads a values document; anything but a map (or an empty file) is CC_REPO_VALUES_INVALID. */
export function valuesLayerFromYaml(
  text: string,
  file: string,
  description: string,
  lineOffset = 0,
): ValuesLayerInput {
  const [document] = parseYamlDocuments(text, file);
  const values = document?.value ?? {};
  if (!isRecord(values)) {
    const line = (document?.line ?? 1) + lineOffset;
    throw new RepoError(
      "CC_REPO_VALUES_INVALID",
      `${file}:${line}: Helm values must be a map of keys, but ${description} holds ${describe(values)}`,
      {
        file,
        line,
        hint: "write the values as `key: value` lines at the top level, as in the chart's values.yaml",
      },
    );
  }
  return {
    layer: { description, file },
    values,
    lineOf: (path) => (document ? document.lineOf(path) : 1) + lineOffset,
  };
}

export function mergeValues(
  base: Record<string, unknown>,
  overlay: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overlay)) {
    const existing = out[key];
    out[key] = isRecord(value) && isRecord(existing) ? mergeValues(existing, value) : value;
  }
  return out;
}

/** Splits a Helm-style `--set` path (`a.b\.c` keeps the dot in `b.c`). */
export function splitPath(path: string): string[] {
  return path === "" ? [] : path.split(/(?<!\\)\./).map((part) => part.replace(/\\\./g, "."));
}

function placeLayer(input: ValuesLayerInput): PlacedLayer {
  const prefix = input.layer.targetPath ? splitPath(input.layer.targetPath) : [];
  let root: unknown = input.values;
  for (const key of [...prefix].reverse()) root = { [key]: root };
  return { input, prefix, root: isRecord(root) ? root : {} };
}

/** Whether a layer placed under `prefix` can write `segments` (one is a prefix of the other). */
function overlaps(prefix: readonly string[], segments: readonly string[]): boolean {
  const shared = Math.min(prefix.length, segments.length);
  return prefix.slice(0, shared).every((key, index) => key === segments[index]);
}

function lineIn(layer: PlacedLayer, segments: readonly string[]): SourceLocation {
  const inside = segments.slice(layer.prefix.length);
  return { file: layer.input.layer.file, line: layer.input.lineOf(inside) };
}

interface Lookup {
  /** The path as keys of the object (a key may itself contain dots). */
  segments: string[];
  /** How many of `segments` exist. */
  found: number;
  value: unknown;
}

/**
 * Follows path parts through maps (and list indexes). A key that contains dots (an annotation
 * such as `prometheus.io/scrape`) is matched by joining parts when the single part is absent.
 */
function lookup(root: unknown, parts: readonly string[]): Lookup {
  const segments: string[] = [];
  let node: unknown = root;
  let index = 0;
  while (index < parts.length) {
    const step = nextStep(node, parts, index);
    if (!step) {
      return { segments: [...segments, ...parts.slice(index)], found: segments.length, value: undefined };
    }
    segments.push(step.key);
    node = step.value;
    index += step.width;
  }
  return { segments, found: segments.length, value: node };
}

function nextStep(
  node: unknown,
  parts: readonly string[],
  index: number,
): { key: string; value: unknown; width: number } | undefined {
  if (Array.isArray(node)) {
    const part = parts[index]!;
    const position = Number(part);
    if (!/^\d+$/.test(part) || position >= node.length) return undefined;
    return { key: part, value: node[position], width: 1 };
  }
  if (!isRecord(node)) return undefined;
  for (let width = 1; index + width <= parts.length; width++) {
    const key = parts.slice(index, index + width).join(".");
    if (Object.hasOwn(node, key)) return { key, value: node[key], width };
  }
  return undefined;
}

function leaves(node: unknown, path: string[]): string[][] {
  if (!isRecord(node) || (Object.keys(node).length === 0 && path.length > 0)) return [path];
  return Object.entries(node).flatMap(([key, value]) => leaves(value, [...path, key]));
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  if (value === null) return "null";
  return `a ${typeof value} (${quoteExcerpt(value)})`;
}
