// The values `cilium install` would change on kind behind the repo's back (cluster.name,
// ipam.mode, operator.replicas: see src/compat/cilium-cli-facts.ts), pinned in the overlay to what
// the repo gets everywhere else: its own value, or the chart's default when it sets none.
// A pin is a deviation only when the repo's real value may differ: a values layer the harness
// cannot read (SOPS, a SealedSecret) could set the key.

import { ciliumCliKindDefaults } from "../compat/cilium-cli-facts.ts";
import type { CiliumCompat } from "../compat/compat-types.ts";
import type { SourceLocation, ValuesModel } from "../repo/infra-model.ts";
import type { Deviation, JsonValue } from "./run-plan.ts";

export interface PinnedValue {
  /** Dotted values key, e.g. `cluster.name`. */
  key: string;
  /** What the overlay sets. */
  value: JsonValue;
  /** The repo's own value, or the chart's default because the repo sets none. */
  origin: "repo" | "chart-default";
  /** What cilium-cli would have set instead, and where that is read. */
  cliWouldSet: string;
  /** Where the repo sets it (origin "repo"). */
  source?: SourceLocation;
}

export interface CliDefaultPins {
  pins: PinnedValue[];
  deviations: Deviation[];
}

export function pinCliDefaults(values: ValuesModel, compat: CiliumCompat): CliDefaultPins {
  const pins: PinnedValue[] = [];
  const deviations: Deviation[] = [];
  const chartDefaults = compat.chartDefaultsCliOverrides.value;
  for (const { key, cliSets } of ciliumCliKindDefaults.value) {
    const repoValue = values.get(key);
    const fromRepo = values.has(key) && repoValue !== null && repoValue !== undefined;
    const value = (fromRepo ? repoValue : chartDefaults[key]) as JsonValue;
    if (value === undefined) continue;
    pins.push({
      key,
      value,
      origin: fromRepo ? "repo" : "chart-default",
      cliWouldSet: `${cliSets} (${ciliumCliKindDefaults.source})`,
      ...(fromRepo ? { source: values.locate(key) } : {}),
    });
    const unread = values.unreadLayersFor(key);
    if (unread.length > 0) {
      deviations.push({
        target: "values",
        key,
        repoValue: fromRepo ? value : null,
        kindValue: value,
        reason: `${unread.map((layer) => layer.unread?.label ?? layer.description).join(", ")} cannot be read here and may set ${key}; the run pins ${JSON.stringify(value)} so cilium install does not set ${cliSets.split(" (")[0]}`,
        ...(fromRepo ? { source: values.locate(key) } : {}),
      });
    }
  }
  return { pins, deviations };
}
