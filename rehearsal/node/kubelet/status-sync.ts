// The kubelet status manager's reconcile (kubernetes/kubernetes pkg/kubelet/status/
// status_manager.go: syncBatch every 10 s, needsReconcile): a pod whose status in the API differs
// from what the kubelet knows is written again — a status write lost to a slow or restarting
// API server is repaired instead of leaving the pod, e.g., NotReady forever. Timestamps are not
// compared (they are the API's record of when, not what).

type Json = Record<string, unknown>;

export const STATUS_SYNC_PERIOD_MS = 10_000;

function essentials(status: Json | undefined): string {
  const s = status ?? {};
  const conditions = ((s.conditions ?? []) as Json[])
    .map((c) => `${String(c.type)}=${String(c.status)}`)
    .sort();
  const containers = [
    ...((s.initContainerStatuses ?? []) as Json[]),
    ...((s.containerStatuses ?? []) as Json[]),
  ].map((c) => {
    const state = Object.keys((c.state ?? {}) as Json).join(",");
    return `${String(c.name)}:${String(c.ready)}:${String(c.started)}:${String(c.restartCount)}:${state}`;
  });
  return JSON.stringify([s.phase, s.podIP, s.hostIP, conditions, containers]);
}

/** Whether the status the kubelet would write differs from the one the API holds. */
export function podStatusNeedsSync(inApi: Json | undefined, wanted: Json): boolean {
  return essentials(inApi) !== essentials(wanted);
}
