// Where a chart comes from (a local archive/folder, or a Helm repository) and loading it from there.

import { ChartError } from "../errors.ts";
import { readChartArchive, readLocalChart } from "./chart-archive.ts";
import type { ChartCache } from "./chart-cache.ts";
import { downloadChart } from "./chart-download.ts";
import { type LoadedChart, parseChartFiles } from "./loaded-chart.ts";

export type ChartLocation = { kind: "local"; path: string } | { kind: "repo"; repoUrl: string };

export async function loadChart(
  location: ChartLocation,
  chart: string,
  version: string,
  cache: ChartCache,
): Promise<LoadedChart> {
  if (location.kind === "local") {
    const loaded = parseChartFiles(await readLocalChart(location.path, chart));
    assertVersion(loaded, version, location.path);
    return loaded;
  }
  const downloaded = await downloadChart({ repoUrl: location.repoUrl, chart, version, cache });
  const files = await readChartArchive(downloaded.archive, chart);
  const loaded = parseChartFiles({ ...files, origin: downloaded.url }, downloaded.fromCache);
  assertVersion(loaded, version, downloaded.url);
  return loaded;
}

function assertVersion(loaded: LoadedChart, version: string, origin: string): void {
  if (loaded.version.replace(/^v/, "") === version.replace(/^v/, "")) return;
  throw new ChartError(
    "CC_CHART_VERSION_MISMATCH",
    `${origin} holds chart ${loaded.name} ${loaded.version}, not ${version}`,
    { file: origin, hint: "pass the chart of that version, or make --from/--to match the chart you pass" },
  );
}
