// The version step itself: a downgrade, a skipped minor, a same-version "upgrade", and the
// `upgradeCompatibility` value Cilium's upgrade guide asks for when crossing a minor.

import { compareVersions, minorOf } from "../compat/cilium-version.ts";
import type { UpgradeSides } from "./upgrade-facts.ts";
import type { UpgradeFinding } from "./upgrade-finding.ts";

export function versionStepFindings({ model, current, candidate }: UpgradeSides): UpgradeFinding[] {
  const at = model.helmRelease.versionLocation;
  const from = current.version;
  const to = candidate.version;
  const order = compareVersions(to, from);
  const findings: UpgradeFinding[] = [];
  const base = { id: "upgrade-version-step", category: "versions" as const, ...at };
  if (order === 0) {
    findings.push({
      ...base,
      severity: "info",
      message: `${to.text} is the version the repo already pins: nothing to upgrade.`,
    });
    return findings;
  }
  if (order < 0) {
    findings.push({
      ...base,
      severity: "warning",
      message: `${from.text} → ${to.text} is a downgrade: the CRDs and objects the newer version stored stay behind. Follow the rollback steps of Cilium's upgrade guide rather than bumping the pin down.`,
    });
    return findings;
  }
  const minorsCrossed = to.major === from.major ? to.minor - from.minor : Number.POSITIVE_INFINITY;
  if (minorsCrossed > 1) {
    findings.push({
      ...base,
      severity: "warning",
      message: `${from.text} → ${to.text} skips ${Number.isFinite(minorsCrossed) ? minorsCrossed - 1 : "several"} minor version(s). Cilium's upgrade guide covers one minor at a time: upgrade to the newest ${from.major}.${from.minor + 1} patch first, then on.`,
    });
  }
  if (minorsCrossed >= 1 && !model.values.has("upgradeCompatibility")) {
    findings.push({
      ...base,
      id: "upgrade-compatibility-unset",
      severity: "info",
      message: `Crossing from ${minorOf(from)} to ${minorOf(to)}: Cilium's upgrade guide recommends \`upgradeCompatibility: "${minorOf(from)}"\` in the values for the upgrade, so defaults that changed in ${minorOf(to)} do not disrupt running workloads; remove it once settled.`,
    });
  }
  return findings;
}
