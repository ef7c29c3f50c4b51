// apps/v1 defaults (kubernetes/kubernetes pkg/apis/apps/v1/defaults.go) for the workloads the
// rehearsal runs: Deployment (replicas 1, RollingUpdate 25%/25%, revisionHistoryLimit 10,
// progressDeadlineSeconds 600), ReplicaSet (replicas 1), DaemonSet (RollingUpdate maxUnavailable 1,
// maxSurge 0, revisionHistoryLimit 10); their pod templates get the PodSpec defaults.

import { defaultPodSpec } from "./pod-defaults.ts";

type Json = Record<string, unknown>;

function template(spec: Json): void {
  const tpl = (spec.template ?? {}) as Json;
  spec.template = tpl;
  tpl.spec ??= {};
  defaultPodSpec(tpl.spec as Json);
}

export function admitWorkload(kind: string, object: Json): void {
  const spec = (object.spec ?? {}) as Json;
  object.spec = spec;
  if (kind === "Deployment") {
    spec.replicas ??= 1;
    spec.strategy ??= { type: "RollingUpdate", rollingUpdate: { maxUnavailable: "25%", maxSurge: "25%" } };
    spec.revisionHistoryLimit ??= 10;
    spec.progressDeadlineSeconds ??= 600;
  } else if (kind === "ReplicaSet") {
    spec.replicas ??= 1;
  } else if (kind === "DaemonSet") {
    spec.updateStrategy ??= { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } };
    spec.revisionHistoryLimit ??= 10;
  } else return;
  template(spec);
}
