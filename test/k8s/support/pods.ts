// Pods as a real cluster stores them once the scheduler and the kubelet have done their part:
// containers in the spec, a node, a Running phase and running container statuses. The API server
// checks these before exec, logs or port-forward (a pod without them is refused, as on a real one).

export interface RunningPodSpec {
  namespace: string;
  name: string;
  containers?: string[];
  nodeName?: string;
  labels?: Record<string, string>;
  /** The Ready condition (default true). */
  ready?: boolean;
  podIP?: string;
}

export function runningPod(spec: RunningPodSpec): Record<string, unknown> {
  const containers = spec.containers ?? ["main"];
  const ready = spec.ready ?? true;
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: spec.name,
      namespace: spec.namespace,
      ...(spec.labels ? { labels: spec.labels } : {}),
    },
    spec: {
      nodeName: spec.nodeName ?? "cc-test-worker",
      containers: containers.map((name) => ({ name, image: `example.test/${name}:1` })),
    },
    status: {
      phase: "Running",
      podIP: spec.podIP ?? "10.244.1.10",
      conditions: [{ type: "Ready", status: ready ? "True" : "False" }],
      containerStatuses: containers.map((name, index) => ({
        name,
        ready,
        restartCount: 0,
        image: `example.test/${name}:1`,
        imageID: "",
        containerID: `containerd://${String(index).padStart(64, "0")}`,
        started: true,
        state: { running: { startedAt: "2026-03-02T10:00:00Z" } },
      })),
    },
  };
}
