// Boolean Helm values with the chart's defaults applied, as the templates will see them.
import type { CiliumCompat } from "../compat/compat-types.ts";
import type { InfraModel } from "../repo/infra-model.ts";
import { goTemplateTruthy } from "./helm-values.ts";

export interface BooleanReading {
  value: unknown;
  /** Whether the key is set by the repo (else the chart default applies). */
  set: boolean;
  /** What the templates do with it (Go truthiness: the string "false" is on). */
  on: boolean;
  /** A real YAML boolean, as the chart's schema requires. */
  isBoolean: boolean;
}

export function readBoolean(
  model: InfraModel,
  compat: CiliumCompat | undefined,
  key: string,
): BooleanReading {
  const set = model.values.has(key);
  const value = set ? model.values.get(key) : compat?.booleanValueDefaults.value[key];
  return {
    value,
    set,
    on: goTemplateTruthy(value),
    isBoolean: typeof value === "boolean" || value === undefined,
  };
}
