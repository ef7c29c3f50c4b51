// `--wait` (Helm v4 StatusWatcherStrategy, kstatus rules): every DaemonSet and Deployment the
// release created must be Current — the controller observed its generation, and all replicas are
// updated and ready/available — before the deadline; else Helm's "resource not ready" error.

import { type Obj, refOf } from "../../k8s/kube-objects.ts";
import type { CliSession } from "../cli-session.ts";

interface WorkloadStatus {
  observedGeneration?: number;
  desiredNumberScheduled?: number;
  updatedNumberScheduled?: number;
  numberAvailable?: number;
  replicas?: number;
  updatedReplicas?: number;
  availableReplicas?: number;
  readyReplicas?: number;
}

/** kstatus Current for a DaemonSet or Deployment. */
export function workloadCurrent(object: Obj): boolean {
  const status = (object.status ?? {}) as WorkloadStatus;
  if ((status.observedGeneration ?? 0) < (object.metadata.generation ?? 1)) return false;
  if (object.kind === "DaemonSet") {
    const desired = status.desiredNumberScheduled ?? 0;
    return (status.updatedNumberScheduled ?? 0) >= desired && (status.numberAvailable ?? 0) >= desired;
  }
  const wanted = Number((object.spec as { replicas?: number } | undefined)?.replicas ?? 1);
  return (
    (status.updatedReplicas ?? 0) >= wanted &&
    (status.availableReplicas ?? 0) >= wanted &&
    (status.readyReplicas ?? 0) >= wanted
  );
}

export async function waitForWorkloads(session: CliSession, created: Obj[], budgetMs: number): Promise<void> {
  const workloads = created.filter((object) => object.kind === "DaemonSet" || object.kind === "Deployment");
  const deadline = session.io.now().getTime() + budgetMs;
  for (;;) {
    const pending: Obj[] = [];
    for (const workload of workloads) {
      const current = await session.objects.get(refOf(workload));
      if (!current || !workloadCurrent(current)) pending.push(workload);
    }
    if (pending.length === 0) return;
    if (session.io.now().getTime() >= deadline) {
      const lines = pending.map(
        (object) =>
          `resource not ready, name: ${object.metadata.name}, kind: ${object.kind}, status: InProgress`,
      );
      throw new Error(`${lines.join("\n")}\ncontext deadline exceeded`);
    }
    await session.io.sleep(2000);
  }
}
