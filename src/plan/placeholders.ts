// `up` knows some values only while it runs (the control plane's IP, where it writes files).
// The plan carries tokens for them; this replaces the tokens everywhere in a plain JSON value.

import { PLACEHOLDERS, type PlaceholderName } from "./run-plan.ts";

export type PlaceholderValues = Record<PlaceholderName, string>;

/** Returns a deep copy of `value` with every placeholder token replaced. */
export function resolvePlaceholders<T>(value: T, values: PlaceholderValues): T {
  return replaceIn(value, values) as T;
}

function replaceIn(value: unknown, values: PlaceholderValues): unknown {
  if (typeof value === "string") return replaceTokens(value, values);
  if (Array.isArray(value)) return value.map((item) => replaceIn(item, values));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, replaceIn(item, values)]));
  }
  return value;
}

function replaceTokens(text: string, values: PlaceholderValues): string {
  let out = text;
  for (const name of Object.keys(PLACEHOLDERS) as PlaceholderName[]) {
    out = out.replaceAll(PLACEHOLDERS[name], values[name]);
  }
  return out;
}

/** Placeholder tokens still present in a value (after resolving, this must be empty). */
export function unresolvedPlaceholders(value: unknown): string[] {
  const found = new Set<string>();
  const tokens = Object.values(PLACEHOLDERS);
  const visit = (item: unknown): void => {
    if (typeof item === "string") {
      for (const token of tokens) if (item.includes(token)) found.add(token);
    } else if (Array.isArray(item)) item.forEach(visit);
    else if (item !== null && typeof item === "object") Object.values(item).forEach(visit);
  };
  visit(value);
  return [...found].sort();
}
