// Gets the current and the candidate chart for a preview: from local files when given
// (--chart-from/--chart-to, for air-gapped runners), otherwise from the Helm repository (cached).

import path from "node:path";
import { ChartCache } from "../charts/chart-cache.ts";
import { chartRepoFor } from "../charts/chart-repo.ts";
import { type ChartLocation, loadChart } from "../charts/chart-source.ts";
import type { LoadedChart } from "../charts/loaded-chart.ts";
import type { InfraModel } from "../repo/infra-model.ts";
import { versionSide } from "./preview-upgrade.ts";

export interface ChartOptions {
  /** Candidate version (`--to`). */
  to: string;
  /** Current version (`--from`); the repo's pin by default. */
  from?: string | undefined;
  chartFrom?: string | undefined;
  chartTo?: string | undefined;
  chartRepo?: string | undefined;
  cacheDir: string;
}

export interface ResolvedCharts {
  current: LoadedChart;
  candidate: LoadedChart;
  repoUrl: string | undefined;
}

export async function resolveCharts(model: InfraModel, options: ChartOptions): Promise<ResolvedCharts> {
  const fromVersion = (options.from ?? model.helmRelease.version).replace(/^v/, "");
  const toVersion = options.to.replace(/^v/, "");
  // Unknown versions are bad input, found before anything is downloaded.
  versionSide(fromVersion);
  versionSide(toVersion);
  const chart = model.helmRelease.chart || "cilium";
  const cache = new ChartCache(options.cacheDir);
  const needsRepo = options.chartFrom === undefined || options.chartTo === undefined;
  const repoUrl = needsRepo ? chartRepoFor(model.helmRelease, options.chartRepo) : undefined;
  const where = (local: string | undefined): ChartLocation =>
    local === undefined
      ? { kind: "repo", repoUrl: repoUrl ?? "" }
      : { kind: "local", path: path.resolve(local) };
  const current = await loadChart(where(options.chartFrom), chart, fromVersion, cache);
  const candidate = await loadChart(where(options.chartTo), chart, toVersion, cache);
  return { current, candidate, repoUrl };
}
