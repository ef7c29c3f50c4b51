// Reads Chart.yaml, values.yaml and values.schema.json out of a chart archive (`.tgz`) or an
// unpacked chart folder, without extracting anything to disk.

import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { list } from "tar";
import { ChartError } from "../errors.ts";
import { CHART_FILE_NAMES, type ChartFiles } from "./chart-files.ts";

const WANTED = new Set<string>(Object.values(CHART_FILE_NAMES));

/**
 * A Helm archive holds `<chart>/Chart.yaml` and friends (subcharts sit deeper, under
 * `<chart>/charts/`, and are ignored). `chartName` picks the top folder when there are several.
 */
export async function readChartArchive(file: string, chartName = "cilium"): Promise<ChartFiles> {
  const found = new Map<string, Map<string, string>>();
  try {
    await list({
      file,
      onReadEntry: (entry) => {
        const parts = entry.path.replace(/^\.\//, "").split("/");
        const [top, name] = parts;
        if (parts.length !== 2 || top === undefined || name === undefined || !WANTED.has(name)) return;
        const chunks: Buffer[] = [];
        entry.on("data", (chunk: Buffer) => chunks.push(chunk));
        entry.on("end", () => {
          const files = found.get(top) ?? new Map<string, string>();
          files.set(name, Buffer.concat(chunks).toString("utf8"));
          found.set(top, files);
        });
      },
    });
  } catch (error) {
    throw new ChartError("CC_CHART_UNREADABLE", `${file} is not a readable chart archive: ${reason(error)}`, {
      file,
      hint: "pass a Helm chart .tgz (as `helm pull cilium/cilium --version X` writes it) or an unpacked chart folder",
    });
  }
  const top = found.has(chartName) ? chartName : [...found.keys()][0];
  const files = top === undefined ? undefined : found.get(top);
  return completeChartFiles(files, file, `${top ?? chartName}/`);
}

/** An unpacked chart: the folder holding Chart.yaml, or its parent holding `<chartName>/Chart.yaml`. */
export function readChartFolder(folder: string, chartName = "cilium"): ChartFiles {
  const root = existsSync(path.join(folder, CHART_FILE_NAMES.chart)) ? folder : path.join(folder, chartName);
  const files = new Map<string, string>();
  for (const name of WANTED) {
    const target = path.join(root, name);
    if (existsSync(target)) files.set(name, readFileSync(target, "utf8"));
  }
  return completeChartFiles(files, folder, `${path.relative(folder, root) || "."}/`);
}

/** A local chart given on the command line: a `.tgz` file or a folder. */
export async function readLocalChart(location: string, chartName = "cilium"): Promise<ChartFiles> {
  let isFolder: boolean;
  try {
    isFolder = statSync(location).isDirectory();
  } catch {
    throw new ChartError("CC_CHART_UNREADABLE", `no chart at ${location}`, {
      file: location,
      hint: "pass the path of a chart .tgz or of an unpacked chart folder",
    });
  }
  return isFolder ? readChartFolder(location, chartName) : readChartArchive(location, chartName);
}

function completeChartFiles(
  files: Map<string, string> | undefined,
  origin: string,
  inside: string,
): ChartFiles {
  const chartYaml = files?.get(CHART_FILE_NAMES.chart);
  const valuesYaml = files?.get(CHART_FILE_NAMES.values);
  if (chartYaml === undefined || valuesYaml === undefined) {
    const missing = [
      chartYaml === undefined ? CHART_FILE_NAMES.chart : "",
      valuesYaml === undefined ? CHART_FILE_NAMES.values : "",
    ]
      .filter(Boolean)
      .map((name) => `${inside}${name}`);
    throw new ChartError(
      "CC_CHART_UNREADABLE",
      `${origin} is not a Helm chart: no ${missing.join(" and no ")}`,
      {
        file: origin,
        hint: "pass a Helm chart .tgz or the folder that holds Chart.yaml and values.yaml",
      },
    );
  }
  return { chartYaml, valuesYaml, schemaJson: files?.get(CHART_FILE_NAMES.schema), origin };
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
