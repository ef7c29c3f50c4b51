// metav1.Condition lists as apimachinery's meta.SetStatusCondition / RemoveStatusCondition /
// FindStatusCondition change them (k8s.io/apimachinery/pkg/api/meta/conditions.go): the
// transition time moves only when the status changes; reason, message and observedGeneration
// are always brought up to date.

export interface Condition {
  type: string;
  status: "True" | "False" | "Unknown";
  observedGeneration?: number;
  lastTransitionTime: string;
  reason: string;
  message: string;
}

/** metav1.Time on the wire: RFC3339 in whole seconds, UTC. */
export function metaTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

export function findCondition(
  conditions: readonly Condition[] | undefined,
  type: string,
): Condition | undefined {
  return conditions?.find((condition) => condition.type === type);
}

/** Returns whether anything changed; mutates `conditions`. */
export function setStatusCondition(conditions: Condition[], update: Condition): boolean {
  const existing = findCondition(conditions, update.type);
  if (!existing) {
    conditions.push(wireOrder(update));
    return true;
  }
  let changed = false;
  if (existing.status !== update.status) {
    existing.status = update.status;
    existing.lastTransitionTime = update.lastTransitionTime;
    changed = true;
  }
  if (existing.reason !== update.reason) {
    existing.reason = update.reason;
    changed = true;
  }
  if (existing.message !== update.message) {
    existing.message = update.message;
    changed = true;
  }
  if ((existing.observedGeneration ?? 0) !== (update.observedGeneration ?? 0)) {
    if (update.observedGeneration) existing.observedGeneration = update.observedGeneration;
    else delete existing.observedGeneration;
    changed = true;
  }
  return changed;
}

export function removeStatusCondition(conditions: Condition[], type: string): boolean {
  const index = conditions.findIndex((condition) => condition.type === type);
  if (index < 0) return false;
  conditions.splice(index, 1);
  return true;
}

/** Go marshals a Condition's fields in declaration order; observedGeneration is omitempty. */
export function wireOrder(condition: Condition): Condition {
  return {
    type: condition.type,
    status: condition.status,
    ...(condition.observedGeneration ? { observedGeneration: condition.observedGeneration } : {}),
    lastTransitionTime: condition.lastTransitionTime,
    reason: condition.reason,
    message: condition.message,
  };
}
