// The keys of the chart the repo pins, for the static check `values-key-unknown`: read from the
// chart cache `upgrade` fills (chart-cache.ts), so `check` stays offline and fast by default;
// `check --fetch-chart` downloads the chart into that cache first. When the chart cannot be had,
// the reason (and how to get it) comes back instead, and the rule says so.

import type { HelmReleaseModel } from "../repo/infra-model.ts";
import { type ChartKeys, chartKeys } from "../upgrade/chart-keys.ts";
import { ChartCache, normaliseRepoUrl } from "./chart-cache.ts";
import { chartRepoFor } from "./chart-repo.ts";

export type PinnedChart =
  | { kind: "loaded"; chart: string; version: string; origin: string; keys: ChartKeys }
  | { kind: "unavailable"; chart: string; version: string; reason: string; fix: string };

export interface PinnedChartInput {
  release: HelmReleaseModel;
  cacheDir: string;
  /** Download the chart into the cache when it is not there (network). */
  fetch: boolean;
}

export async function pinnedChartKeys(input: PinnedChartInput): Promise<PinnedChart> {
  const chart = input.release.chart || "cilium";
  const version = input.release.version.replace(/^v/, "");
  const unavailable = (reason: string, fix: string): PinnedChart => ({
    kind: "unavailable",
    chart,
    version,
    reason,
    fix,
  });
  const repoUrl = normaliseRepoUrl(chartRepoFor(input.release, undefined));
  const cache = new ChartCache(input.cacheDir);
  let hit = cache.lookup(repoUrl, chart, version);
  if (!hit && input.fetch) {
    try {
      // Loaded only here: a plain `check` never loads the HTTP client.
      const { downloadChart } = await import("./chart-download.ts");
      await downloadChart({ repoUrl, chart, version, cache });
      hit = cache.lookup(repoUrl, chart, version);
    } catch (error) {
      return unavailable(
        `downloading ${chart} ${version} from ${repoUrl} failed: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`,
        "check the network or the HelmRepository URL, or fill the cache elsewhere and set CILIUM_CONFORMANCE_CACHE_DIR",
      );
    }
  }
  if (!hit) {
    return unavailable(
      `chart ${chart} ${version} is not in the chart cache (${input.cacheDir})`,
      "run `cilium-conformance check --fetch-chart` once (or `upgrade`, which caches the charts it reads)",
    );
  }
  try {
    const [{ readChartArchive }, { parseChartFiles }] = await Promise.all([
      import("./chart-archive.ts"),
      import("./loaded-chart.ts"),
    ]);
    const loaded = parseChartFiles(await readChartArchive(hit.archive, chart), true);
    return {
      kind: "loaded",
      chart,
      version,
      origin: hit.pointer.url,
      keys: chartKeys(loaded.values, loaded.valuesText),
    };
  } catch (error) {
    return unavailable(
      `the cached chart ${hit.archive} cannot be read: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`,
      "delete it and run `cilium-conformance check --fetch-chart` again",
    );
  }
}
