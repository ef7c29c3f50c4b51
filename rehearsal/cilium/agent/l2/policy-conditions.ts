// L2Announcer.updatePolicyStatus (pkg/l2announcer/l2announcer.go): a failed check adds or sets
// its condition (status True, reason "error", the error as message); a passed check turns an
// existing condition False with an empty message and adds nothing when there is none. Cilium
// replaces /status with a JSON patch on the status subresource (field manager
// cilium-agent-l2-announcer). Cilium rewrites the condition on every policy event; the double,
// which re-evaluates on every change of any input, writes only when the condition changes.

import type { PolicyCheck, PolicyCondition } from "./l2-selection.ts";

export const L2_FIELD_MANAGER = "cilium-agent-l2-announcer";

/** The conditions after applying the checks, or undefined when nothing changes. */
export function nextPolicyConditions(
  current: readonly PolicyCondition[],
  checks: readonly PolicyCheck[],
  generation: number | undefined,
  now: string,
): PolicyCondition[] | undefined {
  const conditions = current.map((c) => ({ ...c }));
  let changed = false;
  for (const check of checks) {
    const index = conditions.findIndex((c) => c.type === check.type);
    if (index < 0 && check.error === undefined) continue;
    const status = check.error === undefined ? "False" : "True";
    const message = check.error ?? "";
    const existing = index >= 0 ? conditions[index] : undefined;
    if (existing && existing.status === status && existing.message === message && existing.reason === "error")
      continue;
    const condition: PolicyCondition = {
      type: check.type,
      status,
      reason: "error",
      message,
      lastTransitionTime: now,
      ...(generation === undefined ? {} : { observedGeneration: generation }),
    };
    if (index < 0) conditions.push(condition);
    else conditions[index] = condition;
    changed = true;
  }
  return changed ? conditions : undefined;
}
