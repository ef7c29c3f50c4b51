// The pinned chart version and its compat facts, for rules whose verdict depends on the version.
import { type CiliumVersion, parseCiliumVersion } from "../compat/cilium-version.ts";
import { compatFor } from "../compat/compat-for.ts";
import type { CiliumCompat } from "../compat/compat-types.ts";
import type { InfraModel } from "../repo/infra-model.ts";

export interface ChartFacts {
  version: CiliumVersion;
  compat: CiliumCompat;
}

/**
 * Undefined when the pinned version is not a version or not in the compat table; rule
 * `chart-version-known` reports that once, and version-dependent rules stay silent.
 */
export function chartFacts(model: InfraModel): ChartFacts | undefined {
  const version = parseCiliumVersion(model.helmRelease.version);
  if (!version) return undefined;
  try {
    return { version, compat: compatFor(version.text) };
  } catch {
    return undefined;
  }
}
