// "Did you mean …?" for a values key the chart does not have: the closest existing key, by edit
// distance over the dotted path below the deepest ancestor that exists, or — for a key that moved —
// by its last segment when that name is rare enough in the chart to mean something.

import { editDistance } from "../text/edit-distance.ts";
import type { ChartKeys } from "./chart-keys.ts";

export function nearestKey(keys: ChartKeys, segments: readonly string[]): string | undefined {
  const ancestor = deepestExisting(keys, segments);
  const relative = segments.slice(ancestor).join(".");
  const byPath = best(
    keys
      .allPaths()
      .filter((path) => path.length > ancestor && startsWith(path, segments.slice(0, ancestor)))
      .filter((path) => path.length - ancestor <= segments.length - ancestor + 1)
      .map((path) => ({ path, distance: distance(relative, path.slice(ancestor).join(".")) })),
    threshold(relative),
  );
  if (byPath) return byPath;

  const last = segments[segments.length - 1] ?? "";
  if (last.length < 4) return undefined;
  const sameName = keys
    .allPaths()
    .filter((path) => distance(last, path[path.length - 1] ?? "") <= (last.length >= 8 ? 1 : 0));
  // A common name (`enabled`, `image`) says nothing about where the key went.
  if (sameName.length === 0 || sameName.length > 3) return undefined;
  return best(
    sameName.map((path) => ({ path, distance: distance(segments.join("."), path.join(".")) })),
    Number.POSITIVE_INFINITY,
  );
}

/** How many leading segments of the path exist in the chart. */
function deepestExisting(keys: ChartKeys, segments: readonly string[]): number {
  for (let depth = segments.length - 1; depth > 0; depth--) {
    if (keys.find(segments.slice(0, depth))) return depth;
  }
  return 0;
}

function startsWith(path: readonly string[], prefix: readonly string[]): boolean {
  return prefix.every((segment, index) => path[index] === segment);
}

/** Case-insensitive edit distance; a difference in case alone still counts a little. */
function distance(a: string, b: string): number {
  const folded = editDistance(a.toLowerCase(), b.toLowerCase());
  return folded === 0 && a !== b ? 0.5 : folded;
}

function threshold(text: string): number {
  if (text.length <= 4) return 1;
  if (text.length <= 12) return 2;
  return 3;
}

function best(
  candidates: { path: readonly string[]; distance: number }[],
  limit: number,
): string | undefined {
  const sorted = candidates
    .filter((candidate) => candidate.distance <= limit)
    .sort(
      (a, b) =>
        a.distance - b.distance ||
        a.path.join(".").length - b.path.join(".").length ||
        a.path.join(".").localeCompare(b.path.join(".")),
    );
  return sorted[0]?.path.join(".");
}
