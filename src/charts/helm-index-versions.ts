// Every version of one chart that a Helm repository index lists. Cilium's index is several MB
// (each entry carries its CRD and image lists as annotations), which the YAML parser needs seconds
// for. Helm writes index.yaml one way (helm/helm pkg/repo index.go WriteFile → sigs.k8s.io/yaml:
// keys sorted, two-space indent, list items not indented under their key), so in that layout a
// line scan finds each entry's `version:` at the entry's key indent, below the `  <chart>:` key of
// `entries:`. The scan checks its own reading — one version per entry, no stray key at that
// indent — and any index it cannot read that way (JSON, other indentation, anchors) is parsed as
// YAML instead, with the same result.

import { parse } from "yaml";
import { ChartError, EnvironmentError } from "../errors.ts";
import { isRecord } from "../repo/yaml-documents.ts";

export interface IndexedVersion {
  version: string;
  /** `deprecated: true` in the index. */
  deprecated: boolean;
}

export interface ChartVersions {
  versions: IndexedVersion[];
  /** How the index was read: the line scan of Helm's own layout, or a full YAML parse. */
  readAs: "helm-layout" | "yaml";
}

/** The versions of `chart` in an index file; `origin` names it in messages. */
export function chartVersionsInIndex(text: string, chart: string, origin: string): ChartVersions {
  const scanned = scanHelmLayout(text, chart);
  if (scanned === "no-chart") throw noSuchChart(chart, origin);
  if (scanned !== undefined) return { versions: scanned, readAs: "helm-layout" };
  return { versions: parseAsYaml(text, chart, origin), readAs: "yaml" };
}

/** The line scan; undefined when the text is not in Helm's layout, "no-chart" when it is but lacks the chart. */
export function scanHelmLayout(text: string, chart: string): IndexedVersion[] | "no-chart" | undefined {
  const lines = text.split("\n");
  const entriesAt = lines.indexOf("entries:");
  if (entriesAt < 0) return undefined;
  let start = -1;
  for (let i = entriesAt + 1; i < lines.length; i += 1) {
    const line = lines[i]!;
    if (line !== "" && !line.startsWith(" ")) break; // the next top-level key: entries ended
    if (line === `  ${chart}:` || line === `  "${chart}":`) {
      start = i + 1;
      break;
    }
  }
  if (start < 0) return "no-chart";
  const versions: IndexedVersion[] = [];
  let entries = 0;
  let current: { version?: string; deprecated: boolean } | undefined;
  const finish = () => {
    if (current?.version !== undefined)
      versions.push({ version: current.version, deprecated: current.deprecated });
  };
  for (let i = start; i < lines.length; i += 1) {
    const line = lines[i]!;
    if (line === "") continue;
    if (line.startsWith("  - ")) {
      finish();
      entries += 1;
      current = { deprecated: false };
      if (!readKey(line.slice(4), current)) return undefined;
      continue;
    }
    if (line.startsWith("    - ")) continue; // an item of a list value (keywords, urls), not indented under its key
    if (line.startsWith("    ") && !line.startsWith("     ")) {
      if (current === undefined || !readKey(line.slice(4), current)) return undefined;
      continue;
    }
    if (line.startsWith("     ")) continue; // inside an entry's value (annotations, lists, block text)
    break; // the next chart (`  other:`) or top-level key
  }
  finish();
  return versions.length === entries && entries > 0 ? versions : undefined;
}

/** One `key: value` at an entry's own indent; false when it does not look like Helm wrote it. */
function readKey(text: string, entry: { version?: string; deprecated: boolean }): boolean {
  const match = /^([A-Za-z][A-Za-z0-9]*):(?: (.*))?$/.exec(text);
  if (!match) return false;
  const [, key, raw] = match;
  const value = unquote(raw ?? "");
  if (key === "version") {
    if (entry.version !== undefined || value === "") return false;
    entry.version = value;
  } else if (key === "deprecated") {
    entry.deprecated = value === "true";
  }
  return true;
}

function unquote(value: string): string {
  const trimmed = value.trim();
  if (/^"(?:[^"\\]|\\.)*"$/.test(trimmed)) return JSON.parse(trimmed) as string;
  if (/^'(?:[^']|'')*'$/.test(trimmed)) return trimmed.slice(1, -1).replaceAll("''", "'");
  return trimmed;
}

function parseAsYaml(text: string, chart: string, origin: string): IndexedVersion[] {
  let index: unknown;
  try {
    index = parse(text, { maxAliasCount: -1 });
  } catch (error) {
    throw notAnIndex(origin, error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error));
  }
  if (!isRecord(index) || !isRecord(index.entries)) throw notAnIndex(origin, "it has no `entries:` map");
  const entries = index.entries[chart];
  if (!Array.isArray(entries)) throw noSuchChart(chart, origin);
  return entries
    .filter(isRecord)
    .filter((entry) => entry.version !== undefined && entry.version !== null)
    .map((entry) => ({ version: String(entry.version), deprecated: entry.deprecated === true }));
}

function notAnIndex(origin: string, why: string): EnvironmentError {
  return new EnvironmentError("CC_ENV_DOWNLOAD_FAILED", `${origin} is not a Helm repository index: ${why}`, {
    hint: "pass --index with the repository's index.yaml (a file or its URL), e.g. https://helm.cilium.io/index.yaml",
  });
}

function noSuchChart(chart: string, origin: string): ChartError {
  return new ChartError("CC_CHART_VERSION_UNKNOWN", `${origin} has no chart named "${chart}"`, {
    hint: "check --index: the Cilium charts are at https://helm.cilium.io/",
  });
}
