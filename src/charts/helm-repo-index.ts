// A Helm repository's index.yaml: which archive holds chart <name> at <version>, and its digest.
// Spec: https://helm.sh/docs/topics/chart_repository/#the-index-file

import { parse } from "yaml";
import { ChartError, EnvironmentError } from "../errors.ts";
import { isRecord } from "../repo/yaml-documents.ts";

export interface ChartIndexEntry {
  name: string;
  version: string;
  /** Absolute URL of the archive (relative index URLs resolved against the repo URL). */
  url: string;
  /** sha256 of the archive, lower-case hex, when the index gives one. */
  digest: string | undefined;
}

/** The index's entry for `chart` at `version`; a ChartError naming the newest versions otherwise. */
export function findChartEntry(
  indexText: string,
  repoUrl: string,
  chart: string,
  version: string,
): ChartIndexEntry {
  let index: unknown;
  try {
    index = parse(indexText, { maxAliasCount: -1 });
  } catch (error) {
    throw new EnvironmentError(
      "CC_ENV_DOWNLOAD_FAILED",
      `${indexUrl(repoUrl)} is not a Helm repository index: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`,
      { hint: "check --chart-repo (or the HelmRepository url): it must be the folder that holds index.yaml" },
    );
  }
  const entries = isRecord(index) && isRecord(index.entries) ? index.entries[chart] : undefined;
  if (!Array.isArray(entries)) {
    throw new ChartError("CC_CHART_VERSION_UNKNOWN", `${indexUrl(repoUrl)} has no chart named "${chart}"`, {
      hint: "check --chart-repo: the Cilium charts are at https://helm.cilium.io/",
    });
  }
  const wanted = version.replace(/^v/, "");
  const entry = entries.find(
    (candidate) => isRecord(candidate) && String(candidate.version).replace(/^v/, "") === wanted,
  );
  if (!isRecord(entry)) {
    const known = entries
      .filter(isRecord)
      .map((candidate) => String(candidate.version))
      .slice(0, 8);
    throw new ChartError(
      "CC_CHART_VERSION_UNKNOWN",
      `chart ${chart} ${version} is not in ${indexUrl(repoUrl)}`,
      { hint: `use a published version${known.length ? `, e.g. ${known.join(", ")}` : ""}` },
    );
  }
  const urls = Array.isArray(entry.urls) ? entry.urls.filter((u): u is string => typeof u === "string") : [];
  const first = urls[0];
  if (first === undefined) {
    throw new EnvironmentError(
      "CC_ENV_DOWNLOAD_FAILED",
      `${indexUrl(repoUrl)}: ${chart} ${version} lists no archive URL`,
    );
  }
  const digest =
    typeof entry.digest === "string" && entry.digest !== "" ? entry.digest.toLowerCase() : undefined;
  return { name: chart, version: wanted, url: resolveChartUrl(repoUrl, first), digest };
}

/** Helm resolves relative archive URLs against the repository URL (as a folder). */
export function resolveChartUrl(repoUrl: string, url: string): string {
  return new URL(url, withSlash(repoUrl)).toString();
}

export function indexUrl(repoUrl: string): string {
  return new URL("index.yaml", withSlash(repoUrl)).toString();
}

function withSlash(url: string): string {
  return url.endsWith("/") ? url : `${url}/`;
}
