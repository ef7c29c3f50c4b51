// A CustomResourceDefinition can be used once Established=True (its names accepted and the
// endpoint served). Gateway API CRDs must be Established before Cilium's operator starts.

import { describeCondition, findCondition, type WireCondition } from "./condition.ts";
import { fail, pass, type Verdict } from "./verdict.ts";
import type { WireObject } from "./wire-object.ts";

export interface WireCrd extends WireObject {
  spec?: { versions?: { name: string; served?: boolean; storage?: boolean }[] };
  status?: { conditions?: WireCondition[]; acceptedNames?: { kind?: string } };
}

export function crdEstablished(crd: WireCrd | undefined, requiredVersion?: string): Verdict {
  if (!crd) return fail("CRD not found");
  const established = findCondition(crd.status?.conditions, "Established");
  const seen = describeCondition(established, "Established");
  if (requiredVersion !== undefined) {
    const served = (crd.spec?.versions ?? [])
      .filter((version) => version.served !== false)
      .map((v) => v.name);
    if (!served.includes(requiredVersion)) {
      return fail(`${seen}, serves ${served.join(",") || "no version"} (want ${requiredVersion})`);
    }
  }
  return established?.status === "True" ? pass(seen) : fail(seen);
}
