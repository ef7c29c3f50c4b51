// Every key of the repo's values that the candidate chart's values.yaml does not have. Helm
// silently ignores such keys, so a removed, renamed or misspelled key looks like configuration and
// does nothing. Each is classed by the current chart: removed by this upgrade (the setting stops
// working), removed earlier (already ignored today), or never a key at all (misspelled?).

import type { CiliumVersion } from "../compat/cilium-version.ts";
import type { RemovedValuesKey } from "../compat/compat-types.ts";
import type { ValuesModel } from "../repo/infra-model.ts";
import { isRecord } from "../repo/yaml-documents.ts";
import type { ChartKeys } from "./chart-keys.ts";
import { nearestKey } from "./nearest-key.ts";
import type { UpgradeFinding } from "./upgrade-finding.ts";

export type UnknownKeyKind = "removed-by-upgrade" | "removed-before" | "never-existed";

export interface UnknownKey {
  /** Segments of the topmost unknown key (its children are not listed separately). */
  segments: string[];
  /** How many values the repo sets at or below it. */
  leaves: number;
  kind: UnknownKeyKind;
  hint: string | undefined;
  /** The compat table's record when it knows this removal. */
  removal: RemovedValuesKey | undefined;
}

export interface KeyComparisonInput {
  values: ValuesModel;
  current: { version: CiliumVersion; keys: ChartKeys };
  candidate: { version: CiliumVersion; keys: ChartKeys };
  /** Removals the compat table records up to the candidate version. */
  knownRemovals: readonly RemovedValuesKey[];
}

export function unknownValuesKeys(input: KeyComparisonInput): UnknownKey[] {
  const found: UnknownKey[] = [];
  const removedPaths = input.knownRemovals.map((removed) => removed.key);
  walk(input.values.merged, input.candidate.keys.root, [], removedPaths, (segments, value) => {
    const path = segments.join(".");
    const removal = input.knownRemovals.find((removed) => removed.key === path);
    const inCurrent = input.current.keys.find(segments) !== undefined;
    found.push({
      segments,
      leaves: countLeaves(value),
      kind: inCurrent ? "removed-by-upgrade" : removal ? "removed-before" : "never-existed",
      hint: nearestKey(input.candidate.keys, segments),
      removal,
    });
  });
  return found;
}

type ChartNode = ChartKeys["root"];

const NO_KEYS: ChartNode = { children: new Map(), freeForm: false, commented: false };

function walk(
  values: Record<string, unknown>,
  node: ChartNode,
  prefix: string[],
  removedPaths: readonly string[],
  report: (segments: string[], value: unknown) => void,
): void {
  for (const [key, value] of Object.entries(values)) {
    const segments = [...prefix, key];
    const child = node.children.get(key);
    if (!child) {
      // A whole map is reported once, unless a known removal lies inside it (`externalIPs` when
      // the chart dropped `externalIPs.enabled`): then each key below gets its own verdict.
      const path = `${segments.join(".")}.`;
      if (isRecord(value) && removedPaths.some((removed) => removed.startsWith(path))) {
        walk(value, NO_KEYS, segments, removedPaths, report);
      } else {
        report(segments, value);
      }
      continue;
    }
    // Free-form maps, leaves and keys the chart only documents in comments are taken as given.
    if (child.freeForm || child.commented || child.children.size === 0 || !isRecord(value)) continue;
    walk(value, child, segments, removedPaths, report);
  }
}

function countLeaves(value: unknown): number {
  if (!isRecord(value) || Object.keys(value).length === 0) return 1;
  return Object.values(value).reduce<number>((sum, child) => sum + countLeaves(child), 0);
}

/** The findings for the report, each at the line the key is written. */
export function unknownKeyFindings(
  unknown: readonly UnknownKey[],
  values: ValuesModel,
  versions: { current: string; candidate: string },
): UpgradeFinding[] {
  return unknown.map((key) => {
    const path = key.segments.join(".");
    const below = key.leaves > 1 ? ` (and the ${key.leaves} values set below it)` : "";
    const hint = key.hint ? ` Did you mean \`${key.hint}\`?` : "";
    const replacement = key.removal ? ` ${capitalise(key.removal.replacement)}.` : "";
    const location = values.locate(path);
    if (key.kind === "removed-by-upgrade") {
      return {
        id: "upgrade-values-key-removed",
        category: "values-keys",
        severity: key.removal ? "warning" : "error",
        message: `${path}${below} is a key of chart ${versions.current} but not of ${versions.candidate}: after the upgrade Helm ignores it silently and the setting stops taking effect.${key.removal ? ` Removed in ${key.removal.removedIn}.${replacement}` : `${hint || " Find its new name in the candidate's values.yaml"} and move the value there, or delete it.`}`,
        ...location,
      };
    }
    if (key.kind === "removed-before") {
      return {
        id: "upgrade-values-key-already-removed",
        category: "values-keys",
        severity: "warning",
        message: `${path}${below} was removed in ${key.removal?.removedIn}: chart ${versions.current} already ignores it and ${versions.candidate} does too.${replacement}`,
        ...location,
      };
    }
    return {
      id: "upgrade-values-key-unknown",
      category: "values-keys",
      severity: "warning",
      message: `${path}${below} is not a key of chart ${versions.candidate} (nor of ${versions.current}): misspelled? Helm ignores it silently, today and after the upgrade.${hint}`,
      ...location,
    };
  });
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
