// Conditions as the API server returns them (metav1.Condition and the older per-kind shapes):
// plain JSON, `status` the string "True" | "False" | "Unknown".

export interface WireCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  observedGeneration?: number;
}

/**
 * The condition of a type. If a controller appended several entries of one type (Cilium's own
 * docs show this for the Service condition), the newest by lastTransitionTime wins, then the last
 * in the list.
 */
export function findCondition(
  conditions: readonly WireCondition[] | undefined,
  type: string,
): WireCondition | undefined {
  let found: WireCondition | undefined;
  for (const condition of conditions ?? []) {
    if (condition.type !== type) continue;
    if (!found || timeOf(condition) >= timeOf(found)) found = condition;
  }
  return found;
}

function timeOf(condition: WireCondition): number {
  const parsed = condition.lastTransitionTime ? Date.parse(condition.lastTransitionTime) : Number.NaN;
  return Number.isNaN(parsed) ? 0 : parsed;
}

export function isTrue(condition: WireCondition | undefined): boolean {
  return condition?.status === "True";
}

/** `condition Programmed=False reason=AddressNotAssigned` — or `no condition Programmed`. */
export function describeCondition(condition: WireCondition | undefined, type: string): string {
  if (!condition) return `no condition ${type}`;
  const reason = condition.reason ? ` reason=${condition.reason}` : "";
  return `condition ${condition.type}=${condition.status}${reason}`;
}

/** Like describeCondition, with the message when there is one (for diagnostics, not for wait lines). */
export function describeConditionLong(condition: WireCondition | undefined, type: string): string {
  const short = describeCondition(condition, type);
  return condition?.message ? `${short} message=${JSON.stringify(condition.message)}` : short;
}

/**
 * True when the condition was written for an older generation of the object than the current
 * one: the controller has not looked at the latest spec yet, so the condition proves nothing.
 */
export function isStale(condition: WireCondition | undefined, generation: number | undefined): boolean {
  if (condition?.observedGeneration === undefined || generation === undefined) return false;
  return condition.observedGeneration < generation;
}
