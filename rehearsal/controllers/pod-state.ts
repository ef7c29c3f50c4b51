// Facts about pods that several controllers need, as kubernetes/kubernetes pkg/api/v1/pod and
// pkg/controller/controller_utils.go define them: ready (condition Ready=True), active (not
// terminal, not being deleted), and which pods to remove first when scaling down (unassigned,
// pending, not ready, then newest — ActivePodsWithRanks simplified).

import type { Json, Obj } from "./controller-kit.ts";

export function podReady(pod: Obj): boolean {
  const conditions = ((pod.status as Json | undefined)?.conditions ?? []) as Json[];
  return conditions.some((c) => c.type === "Ready" && c.status === "True");
}

export function podActive(pod: Obj): boolean {
  const phase = (pod.status as Json | undefined)?.phase;
  return phase !== "Succeeded" && phase !== "Failed" && pod.metadata.deletionTimestamp === undefined;
}

export function deletionOrder(pods: readonly Obj[]): Obj[] {
  const rank = (pod: Obj): number => {
    const spec = (pod.spec ?? {}) as Json;
    if (!spec.nodeName) return 0;
    if ((pod.status as Json | undefined)?.phase === "Pending") return 1;
    if (!podReady(pod)) return 2;
    return 3;
  };
  return [...pods].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      String(b.metadata.creationTimestamp ?? "").localeCompare(String(a.metadata.creationTimestamp ?? "")),
  );
}

/** A short, stable hash of a pod template (the pod-template-hash / controller-revision-hash label). */
export async function templateHash(template: unknown): Promise<string> {
  const { createHash } = await import("node:crypto");
  const digest = createHash("sha256").update(JSON.stringify(template)).digest();
  const alphabet = "bcdfghjklmnpqrstvwxz2456789";
  let out = "";
  for (let i = 0; i < 10; i += 1) out += alphabet[(digest[i] ?? 0) % alphabet.length];
  return out;
}
