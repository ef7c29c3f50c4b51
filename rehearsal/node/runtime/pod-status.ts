// The PodStatus the kubelet reports from what its runtime knows (kubernetes/kubernetes
// pkg/kubelet/kubelet_pods.go getPhase/generateAPIPodStatus and pkg/kubelet/status/generate.go):
// phase from the containers' states and the restart policy; conditions PodReadyToStartContainers
// (sandbox), Initialized (init containers done), ContainersReady and Ready (every container
// ready), each keeping its lastTransitionTime while its status does not change; QoS class from
// requests and limits (pkg/apis/core/helper/qos).

type Json = Record<string, unknown>;

export type ContainerState =
  | { waiting: { reason: string; message?: string } }
  | { running: { startedAt: string } }
  | {
      terminated: {
        exitCode: number;
        reason: string;
        startedAt: string;
        finishedAt: string;
        message?: string;
      };
    };

export interface ContainerRuntimeState {
  name: string;
  image: string;
  imageID: string;
  containerID?: string;
  state: ContainerState;
  lastState?: ContainerState;
  restartCount: number;
  ready: boolean;
  started: boolean;
}

export interface PodRuntimeState {
  sandboxReady: boolean;
  hostIP: string;
  podIP: string | undefined;
  startTime: string | undefined;
  initContainers: ContainerRuntimeState[];
  containers: ContainerRuntimeState[];
}

interface Condition {
  type: string;
  status: "True" | "False";
  reason?: string;
  message?: string;
  lastProbeTime: null;
  lastTransitionTime: string;
}

const isTerminated = (s: ContainerRuntimeState) => "terminated" in s.state;
const isRunning = (s: ContainerRuntimeState) => "running" in s.state;
const succeeded = (s: ContainerRuntimeState) => "terminated" in s.state && s.state.terminated.exitCode === 0;

export function podPhase(restartPolicy: string, state: PodRuntimeState): string {
  if (state.initContainers.some((c) => !succeeded(c))) {
    const failed = state.initContainers.some(
      (c) => "terminated" in c.state && c.state.terminated.exitCode !== 0 && restartPolicy === "Never",
    );
    return failed ? "Failed" : "Pending";
  }
  const containers = state.containers;
  if (containers.length === 0) return "Pending";
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeededCount = 0;
  for (const c of containers) {
    if (isRunning(c)) running += 1;
    else if (isTerminated(c)) {
      stopped += 1;
      if (succeeded(c)) succeededCount += 1;
    } else if (c.lastState && "terminated" in c.lastState) stopped += 1;
    else waiting += 1;
  }
  if (waiting > 0) return "Pending";
  if (running > 0) return "Running";
  if (stopped === containers.length) {
    if (restartPolicy === "Always") return "Running";
    if (succeededCount === containers.length) return "Succeeded";
    return restartPolicy === "OnFailure" ? "Running" : "Failed";
  }
  return "Pending";
}

function condition(
  type: string,
  ok: boolean,
  previous: readonly Json[],
  now: string,
  reason?: string,
  message?: string,
): Condition {
  const status = ok ? "True" : "False";
  const before = previous.find((c) => c.type === type);
  const since = before?.status === status ? String(before.lastTransitionTime ?? now) : now;
  return {
    type,
    status,
    ...(ok || reason === undefined ? {} : { reason }),
    ...(ok || message === undefined ? {} : { message }),
    lastProbeTime: null,
    lastTransitionTime: since,
  };
}

export function qosClass(spec: Json): "Guaranteed" | "Burstable" | "BestEffort" {
  const containers = [...((spec.initContainers ?? []) as Json[]), ...((spec.containers ?? []) as Json[])];
  let any = false;
  let guaranteed = true;
  for (const c of containers) {
    const resources = (c.resources ?? {}) as { requests?: Json; limits?: Json };
    const requests = resources.requests ?? {};
    const limits = resources.limits ?? {};
    if (Object.keys(requests).length > 0 || Object.keys(limits).length > 0) any = true;
    for (const name of ["cpu", "memory"]) {
      const limit = limits[name];
      const request = requests[name] ?? limit;
      if (limit === undefined || String(request) !== String(limit)) guaranteed = false;
    }
  }
  if (!any) return "BestEffort";
  return guaranteed ? "Guaranteed" : "Burstable";
}

function containerStatus(s: ContainerRuntimeState): Json {
  return {
    name: s.name,
    image: s.image,
    imageID: s.imageID,
    ...(s.containerID ? { containerID: s.containerID } : {}),
    state: s.state,
    lastState: s.lastState ?? {},
    ready: s.ready,
    started: s.started,
    restartCount: s.restartCount,
  };
}

/** The status the kubelet writes; `previous` is the pod's current status (conditions kept stable). */
export function podStatus(pod: Json, state: PodRuntimeState, now: string): Json {
  const spec = (pod.spec ?? {}) as Json;
  const previous = ((pod.status as Json | undefined)?.conditions ?? []) as Json[];
  const unready = state.containers.filter((c) => !c.ready).map((c) => c.name);
  const uninitialised = state.initContainers.filter((c) => !succeeded(c)).map((c) => c.name);
  const phase = podPhase(String(spec.restartPolicy ?? "Always"), state);
  const terminal = phase === "Succeeded" || phase === "Failed";
  const notReadyReason = terminal ? "PodCompleted" : "ContainersNotReady";
  const notReadyMessage = terminal ? undefined : `containers with unready status: [${unready.join(" ")}]`;
  const conditions: Condition[] = [
    condition("PodReadyToStartContainers", state.sandboxReady, previous, now),
    condition(
      "Initialized",
      uninitialised.length === 0,
      previous,
      now,
      "ContainersNotInitialized",
      `containers with incomplete status: [${uninitialised.join(" ")}]`,
    ),
    condition("Ready", unready.length === 0 && !terminal, previous, now, notReadyReason, notReadyMessage),
    condition(
      "ContainersReady",
      unready.length === 0 && !terminal,
      previous,
      now,
      notReadyReason,
      notReadyMessage,
    ),
  ];
  const scheduled = previous.find((c) => c.type === "PodScheduled");
  return {
    phase,
    conditions: scheduled ? [...conditions, scheduled] : conditions,
    hostIP: state.hostIP,
    hostIPs: [{ ip: state.hostIP }],
    ...(state.podIP ? { podIP: state.podIP, podIPs: [{ ip: state.podIP }] } : {}),
    ...(state.startTime ? { startTime: state.startTime } : {}),
    ...(state.initContainers.length > 0
      ? { initContainerStatuses: state.initContainers.map(containerStatus) }
      : {}),
    containerStatuses: state.containers.map(containerStatus),
    qosClass: qosClass(spec),
  };
}
