// A chart as the upgrade preview uses it: its version, default values and schema, parsed.

import { parse } from "yaml";
import { ChartError } from "../errors.ts";
import { isRecord } from "../repo/yaml-documents.ts";
import type { ChartFiles } from "./chart-files.ts";

export interface LoadedChart {
  name: string;
  version: string;
  /** The chart's values.yaml as text (commented-out keys are read from it too). */
  valuesText: string;
  /** The chart's default values. */
  values: Record<string, unknown>;
  /** values.schema.json, when the chart has one. */
  schema: Record<string, unknown> | undefined;
  /** Where it was read from, for the report. */
  origin: string;
  /** Whether it came from the local cache rather than the network. */
  fromCache: boolean;
}

export function parseChartFiles(files: ChartFiles, fromCache = false): LoadedChart {
  const chart = parseYamlMap(files.chartYaml, `${files.origin}: Chart.yaml`);
  const name = typeof chart.name === "string" ? chart.name : "";
  const version = chart.version === undefined ? "" : String(chart.version);
  if (!name || !version) {
    throw new ChartError("CC_CHART_UNREADABLE", `${files.origin}: Chart.yaml has no name or version`, {
      file: files.origin,
      hint: "pass an unmodified Helm chart",
    });
  }
  return {
    name,
    version,
    valuesText: files.valuesYaml,
    values: parseYamlMap(files.valuesYaml, `${files.origin}: values.yaml`),
    schema: files.schemaJson === undefined ? undefined : parseSchema(files.schemaJson, files.origin),
    origin: files.origin,
    fromCache,
  };
}

function parseYamlMap(text: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = parse(text, { maxAliasCount: -1 });
  } catch (error) {
    throw new ChartError("CC_CHART_UNREADABLE", `${what} is not valid YAML: ${message(error)}`);
  }
  if (value === null || value === undefined) return {};
  if (!isRecord(value)) throw new ChartError("CC_CHART_UNREADABLE", `${what} is not a YAML map`);
  return value;
}

function parseSchema(text: string, origin: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    if (isRecord(value)) return value;
  } catch (error) {
    throw new ChartError(
      "CC_CHART_UNREADABLE",
      `${origin}: values.schema.json is not valid JSON: ${message(error)}`,
    );
  }
  throw new ChartError("CC_CHART_UNREADABLE", `${origin}: values.schema.json is not a JSON object`);
}

function message(error: unknown): string {
  return error instanceof Error ? error.message.split("\n")[0]! : String(error);
}
