// DaemonSet and Deployment rollouts, judged the way `kubectl rollout status` does
// (k8s.io/kubectl/pkg/polymorphichelpers/rollout_status.go): the controller has observed the
// current generation, every replica is updated and available.

import { findCondition, type WireCondition } from "./condition.ts";
import { fail, pass, type Verdict } from "./verdict.ts";
import type { WireObject } from "./wire-object.ts";

export interface WireDaemonSet extends WireObject {
  spec?: { updateStrategy?: { type?: string } };
  status?: {
    observedGeneration?: number;
    desiredNumberScheduled?: number;
    updatedNumberScheduled?: number;
    numberAvailable?: number;
    numberReady?: number;
  };
}

export interface WireDeployment extends WireObject {
  spec?: { replicas?: number };
  status?: {
    observedGeneration?: number;
    replicas?: number;
    updatedReplicas?: number;
    availableReplicas?: number;
    readyReplicas?: number;
    conditions?: WireCondition[];
  };
}

function generationSeen(object: WireDaemonSet | WireDeployment): string | undefined {
  const generation = object.metadata?.generation;
  const observed = object.status?.observedGeneration;
  if (generation !== undefined && (observed === undefined || observed < generation)) {
    return `controller has not observed generation ${generation} yet (observed ${observed ?? "none"})`;
  }
  return undefined;
}

export function daemonSetReady(daemonSet: WireDaemonSet | undefined): Verdict {
  if (!daemonSet) return fail("DaemonSet not found");
  const pending = generationSeen(daemonSet);
  if (pending) return fail(pending);
  const status = daemonSet.status ?? {};
  const desired = status.desiredNumberScheduled ?? 0;
  const updated = status.updatedNumberScheduled ?? 0;
  const available = status.numberAvailable ?? 0;
  const seen = `${updated}/${desired} updated, ${available}/${desired} available`;
  if (desired === 0) return fail(`no pods scheduled (${seen})`);
  // OnDelete DaemonSets never update on their own; kubectl reports them as done.
  const updateOk = daemonSet.spec?.updateStrategy?.type === "OnDelete" || updated >= desired;
  return updateOk && available >= desired ? pass(seen) : fail(seen);
}

export function deploymentReady(deployment: WireDeployment | undefined): Verdict {
  if (!deployment) return fail("Deployment not found");
  const pending = generationSeen(deployment);
  if (pending) return fail(pending);
  const progressing = findCondition(deployment.status?.conditions, "Progressing");
  if (progressing?.reason === "ProgressDeadlineExceeded") {
    return fail(`rollout stuck: Progressing=${progressing.status} reason=ProgressDeadlineExceeded`);
  }
  const status = deployment.status ?? {};
  const wanted = deployment.spec?.replicas ?? 1;
  const updated = status.updatedReplicas ?? 0;
  const total = status.replicas ?? 0;
  const available = status.availableReplicas ?? 0;
  const seen = `${updated}/${wanted} updated, ${available}/${wanted} available, ${total} total`;
  if (updated < wanted) return fail(seen);
  if (total > updated) return fail(`${seen}; old replicas pending termination`);
  if (available < updated) return fail(seen);
  return pass(seen);
}
