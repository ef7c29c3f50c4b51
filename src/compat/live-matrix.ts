// The Cilium versions the project's nightly CI runs live (.github/workflows/live.yml): the newest
// known patch of every minor the compat table has and the pinned cilium CLI can install, with the
// pool apiVersion that minor serves (the seed repo's pool is cilium.io/v2, which 1.16 and 1.17 do
// not serve, so the nightly rewrites it for them rather than only proving the refusal).

import { parseCiliumVersion } from "./cilium-version.ts";
import { compatTable } from "./compat-table.ts";

export interface LiveMatrixEntry {
  /** Chart version for --cilium-version. */
  cilium: string;
  minor: string;
  /** The pool apiVersion to write for this minor (the first it serves). */
  poolApiVersion: string;
  /** A pre-release (e.g. 1.20.0-pre.3): reported, but allowed to fail. */
  prerelease: boolean;
}

export function liveMatrix(): LiveMatrixEntry[] {
  return compatTable
    .filter((entry) => entry.installableByPinnedCli.value)
    .map((entry) => ({
      cilium: entry.latestPatch,
      minor: entry.minor,
      poolApiVersion: entry.poolApiVersions.value[0] ?? "cilium.io/v2alpha1",
      prerelease: parseCiliumVersion(entry.latestPatch)?.prerelease !== undefined,
    }));
}
