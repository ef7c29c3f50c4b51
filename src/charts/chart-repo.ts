// Which Helm repository a release's chart comes from. Kept apart from the download code so
// `check`, which only reads the chart cache, does not load an HTTP client.

import type { HelmReleaseModel } from "../repo/infra-model.ts";

export const DEFAULT_CHART_REPO = "https://helm.cilium.io/";

/**
 * The repository to fetch from: the override (`--chart-repo`), else the HelmRelease's own
 * HelmRepository or OCIRepository URL, else Cilium's public repository.
 */
export function chartRepoFor(release: HelmReleaseModel, override: string | undefined): string {
  if (override !== undefined) return override;
  const { kind, url } = release.source;
  if ((kind === "HelmRepository" || kind === "OCIRepository") && url) return url;
  return DEFAULT_CHART_REPO;
}
