import { PlanError } from "../errors.ts";
import { type CiliumVersion, compareVersions, minorOf, parseCiliumVersion } from "./cilium-version.ts";
import { compatTable } from "./compat-table.ts";
import type { CiliumCompat, RemovedValuesKey } from "./compat-types.ts";

export const supportedMinors: readonly string[] = compatTable.map((entry) => entry.minor);

/** The facts for a chart version, or a PlanError (exit 2) naming the supported minors. */
export function compatFor(versionText: string): CiliumCompat {
  const version = parseCiliumVersion(versionText);
  if (!version) {
    throw new PlanError("CC_PLAN_VERSION_UNSUPPORTED", `"${versionText}" is not a Cilium chart version`, {
      hint: "use a released version such as 1.18.11",
    });
  }
  const entry = compatTable.find((candidate) => candidate.minor === minorOf(version));
  if (!entry) {
    throw new PlanError(
      "CC_PLAN_VERSION_UNSUPPORTED",
      `Cilium ${version.text} is not covered by the compatibility table (supported: ${supportedMinors.join(", ")})`,
      {
        hint: "pick a supported version with --cilium-version, or add the minor to src/compat/compat-table.ts",
      },
    );
  }
  return entry;
}

/** Removed keys that apply to this exact patch version (some removals land mid-minor). */
export function removedKeysFor(compat: CiliumCompat, version: CiliumVersion): readonly RemovedValuesKey[] {
  return compat.removedValuesKeys.value.filter((removed) => {
    const since = parseCiliumVersion(removed.removedIn);
    return since !== undefined && compareVersions(version, since) >= 0;
  });
}
