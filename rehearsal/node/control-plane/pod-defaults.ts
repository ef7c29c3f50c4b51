// What kube-apiserver fills into a pod it admits (kubernetes/kubernetes pkg/apis/core/v1/defaults.go,
// plugin/pkg/admission/serviceaccount, defaulttolerationseconds, priority; pod strategy
// PrepareForCreate sets status Pending): restart policy, grace period, DNS policy, scheduler,
// service account, image pull policy (Always for :latest or no tag), port protocols, probe
// defaults, the not-ready/unreachable NoExecute tolerations of 300s, the priority of a known
// priority class, and status {phase: Pending}.

type Json = Record<string, unknown>;

const PRIORITY_CLASSES: Record<string, number> = {
  "system-node-critical": 2000001000,
  "system-cluster-critical": 2000000000,
};

function defaultProbe(probe: Json | undefined): void {
  if (!probe) return;
  probe.timeoutSeconds ??= 1;
  probe.periodSeconds ??= 10;
  probe.successThreshold ??= 1;
  probe.failureThreshold ??= 3;
  if (probe.httpGet) (probe.httpGet as Json).scheme ??= "HTTP";
}

function defaultContainer(container: Json): void {
  const image = String(container.image ?? "");
  const tagless = !/:[^/:]+$/.test(image.split("@")[0] ?? "") && !image.includes("@");
  container.imagePullPolicy ??= tagless || image.endsWith(":latest") ? "Always" : "IfNotPresent";
  container.terminationMessagePath ??= "/dev/termination-log";
  container.terminationMessagePolicy ??= "File";
  container.resources ??= {};
  for (const port of (container.ports ?? []) as Json[]) port.protocol ??= "TCP";
  defaultProbe(container.readinessProbe as Json | undefined);
  defaultProbe(container.livenessProbe as Json | undefined);
  defaultProbe(container.startupProbe as Json | undefined);
}

/** Defaults of a PodSpec (also used for the pod templates of workloads). */
export function defaultPodSpec(spec: Json): void {
  spec.restartPolicy ??= "Always";
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= "ClusterFirst";
  spec.securityContext ??= {};
  spec.schedulerName ??= "default-scheduler";
  spec.enableServiceLinks ??= true;
  spec.serviceAccountName ??= spec.serviceAccount ?? "default";
  spec.serviceAccount ??= spec.serviceAccountName;
  for (const container of [
    ...((spec.initContainers ?? []) as Json[]),
    ...((spec.containers ?? []) as Json[]),
  ]) {
    defaultContainer(container);
  }
}

export function admitPod(pod: Json, creating: boolean): void {
  const spec = (pod.spec ?? {}) as Json;
  pod.spec = spec;
  defaultPodSpec(spec);
  if (!creating) return;
  const tolerations = ((spec.tolerations ?? []) as Json[]).slice();
  for (const key of ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"]) {
    const tolerated = tolerations.some(
      (t) =>
        (t.key === key || (t.key === undefined && t.operator === "Exists")) &&
        (t.effect === undefined || t.effect === "" || t.effect === "NoExecute"),
    );
    if (!tolerated)
      tolerations.push({ key, operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 });
  }
  spec.tolerations = tolerations;
  if (typeof spec.priorityClassName === "string" && spec.priorityClassName in PRIORITY_CLASSES) {
    spec.priority ??= PRIORITY_CLASSES[spec.priorityClassName];
  } else spec.priority ??= 0;
  spec.preemptionPolicy ??= "PreemptLowerPriority";
  pod.status = { phase: "Pending" };
}
