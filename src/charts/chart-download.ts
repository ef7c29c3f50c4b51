// Downloads a chart from a Helm repository over HTTP(S) with undici: the index, then the archive
// it names, verified against the index's sha256 digest and kept in the cache.

import { fetch } from "undici";
import { ChartError, EnvironmentError } from "../errors.ts";
import { type ChartCache, normaliseRepoUrl, sha256 } from "./chart-cache.ts";
import { findChartEntry, indexUrl } from "./helm-repo-index.ts";

export interface ChartDownloadOptions {
  repoUrl: string;
  chart: string;
  version: string;
  cache: ChartCache;
  /** Per-request budget. Default 60 s (the cilium index is several MB). */
  timeoutMs?: number;
}

export interface DownloadedChart {
  archive: string;
  url: string;
  digest: string;
  fromCache: boolean;
}

export async function downloadChart(options: ChartDownloadOptions): Promise<DownloadedChart> {
  const repoUrl = normaliseRepoUrl(options.repoUrl);
  assertFetchableRepo(repoUrl);
  const cached = options.cache.lookup(repoUrl, options.chart, options.version);
  if (cached) {
    return {
      archive: cached.archive,
      url: cached.pointer.url,
      digest: cached.pointer.digest,
      fromCache: true,
    };
  }
  const timeoutMs = options.timeoutMs ?? 60_000;
  const indexText = new TextDecoder().decode(await get(indexUrl(repoUrl), timeoutMs));
  const entry = findChartEntry(indexText, repoUrl, options.chart, options.version);
  const bytes = await get(entry.url, timeoutMs);
  const actual = sha256(bytes);
  if (entry.digest !== undefined && actual !== entry.digest) {
    throw new EnvironmentError(
      "CC_ENV_CHECKSUM_MISMATCH",
      `${entry.url} has sha256 ${actual}, but ${indexUrl(repoUrl)} says ${entry.digest}`,
      {
        hint: "the download was corrupted or the repository is inconsistent: retry, or pass the chart with --chart-from/--chart-to",
      },
    );
  }
  const archive = options.cache.store(
    { repoUrl, chart: options.chart, version: entry.version, url: entry.url, digest: actual },
    bytes,
  );
  return { archive, url: entry.url, digest: actual, fromCache: false };
}

/** OCI registries need a different client: refused with what to do instead. */
export function assertFetchableRepo(repoUrl: string): void {
  if (/^oci:\/\//i.test(repoUrl)) {
    throw new ChartError(
      "CC_CHART_SOURCE_UNSUPPORTED",
      `charts from OCI registries (${repoUrl}) cannot be fetched yet`,
      {
        hint: "pull the chart yourself (`helm pull oci://… --version X`) and pass it with --chart-from/--chart-to, or use --chart-repo https://helm.cilium.io/",
      },
    );
  }
  let url: URL;
  try {
    url = new URL(repoUrl);
  } catch {
    throw new ChartError("CC_CHART_SOURCE_UNSUPPORTED", `"${repoUrl}" is not a URL`, {
      hint: "pass --chart-repo https://helm.cilium.io/",
    });
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new ChartError("CC_CHART_SOURCE_UNSUPPORTED", `chart repository ${repoUrl} is not HTTP(S)`, {
      hint: "pass --chart-repo https://helm.cilium.io/ or a local chart with --chart-from/--chart-to",
    });
  }
}

async function get(url: string, timeoutMs: number): Promise<Uint8Array> {
  let response: Awaited<ReturnType<typeof fetch>>;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: "follow" });
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : "";
    throw new EnvironmentError(
      "CC_ENV_DOWNLOAD_FAILED",
      `cannot download ${url}: ${error instanceof Error ? error.message : String(error)}${cause}`,
      {
        hint: "the runner needs HTTPS access to the chart repository; offline, pass --chart-from/--chart-to",
      },
    );
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new EnvironmentError("CC_ENV_DOWNLOAD_FAILED", `cannot download ${url}: HTTP ${response.status}`, {
      hint: "check --chart-repo (or the HelmRepository url); offline, pass --chart-from/--chart-to",
    });
  }
  return new Uint8Array(await response.arrayBuffer());
}
