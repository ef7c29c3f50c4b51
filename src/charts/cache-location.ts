// Where downloaded charts and Helm repository indexes are kept between runs:
// CILIUM_CONFORMANCE_CACHE_DIR when set; in a clone, .cache/ inside it (as before); in an
// installed package, the user's cache folder ($XDG_CACHE_HOME, else ~/.cache), because
// node_modules is no place to write and is wiped by every `npm ci`.

import { homedir } from "node:os";
import { isAbsolute, join } from "node:path";
import { packageRoot, runsFromBuild } from "../package-root.ts";

export const CACHE_DIR_ENV = "CILIUM_CONFORMANCE_CACHE_DIR";

export function cacheRoot(
  env: Record<string, string | undefined>,
  fromBuild = runsFromBuild,
  home: () => string = homedir,
): string {
  const explicit = env[CACHE_DIR_ENV];
  if (explicit) return explicit;
  if (!fromBuild) return join(packageRoot, ".cache");
  const xdg = env.XDG_CACHE_HOME;
  return join(xdg && isAbsolute(xdg) ? xdg : join(home(), ".cache"), "cilium-conformance");
}

/** Chart archives (chart-cache.ts). */
export function chartCacheDir(env: Record<string, string | undefined>): string {
  return join(cacheRoot(env), "charts");
}

/** Helm repository index files (helm-index-cache.ts). */
export function helmIndexCacheDir(env: Record<string, string | undefined>): string {
  return join(cacheRoot(env), "helm-indexes");
}
