// The Node a kubelet registers and the status it keeps posting (kubernetes/kubernetes
// pkg/kubelet/kubelet_node_status.go initialNode, pkg/kubelet/nodestatus/setters.go): the
// well-known labels plus --node-labels, the not-ready NoSchedule taint it registers with (the
// node lifecycle controller lifts it once Ready), providerID; addresses, capacity/allocatable,
// nodeInfo, the kubelet endpoint, and the pressure and Ready conditions. Ready follows the
// container runtime's network status: without a CNI config in /etc/cni/net.d, containerd reports
// NetworkReady=false and the kubelet says so in Ready's message.

import type { KubeletSettings } from "../kubeadm/node-bootstrap.ts";
import { KUBELET_PORT } from "../node-paths.ts";

type Json = Record<string, unknown>;

export interface NodeFacts {
  hostname: string;
  kernelVersion: string;
  cpus: number;
  memoryBytes: number;
  bootID: string;
  machineID: string;
}

export const NETWORK_NOT_READY_MESSAGE =
  "container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized";

export function registrationNode(settings: KubeletSettings): Json {
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: {
      name: settings.nodeName,
      labels: {
        "beta.kubernetes.io/arch": "amd64",
        "beta.kubernetes.io/os": "linux",
        "kubernetes.io/arch": "amd64",
        "kubernetes.io/hostname": settings.nodeName,
        "kubernetes.io/os": "linux",
        ...settings.labels,
      },
      annotations: {
        "kubeadm.alpha.kubernetes.io/cri-socket": "unix:///run/containerd/containerd.sock",
        "node.alpha.kubernetes.io/ttl": "0",
        "volumes.kubernetes.io/controller-managed-attach-detach": "true",
      },
    },
    spec: {
      providerID: settings.providerID,
      taints: [{ key: "node.kubernetes.io/not-ready", effect: "NoSchedule" }],
    },
  };
}

function conditionEntry(
  previous: readonly Json[],
  type: string,
  status: string,
  reason: string,
  message: string,
  now: string,
): Json {
  const before = previous.find((c) => c.type === type);
  return {
    type,
    status,
    lastHeartbeatTime: now,
    lastTransitionTime: before?.status === status ? (before.lastTransitionTime ?? now) : now,
    reason,
    message,
  };
}

export function nodeStatus(
  settings: KubeletSettings,
  facts: NodeFacts,
  networkReady: boolean,
  previous: readonly Json[],
  now: string,
): Json {
  const memoryKi = `${Math.floor(facts.memoryBytes / 1024)}Ki`;
  const capacity = {
    cpu: String(facts.cpus),
    "ephemeral-storage": "102626232Ki",
    "hugepages-1Gi": "0",
    "hugepages-2Mi": "0",
    memory: memoryKi,
    pods: "110",
  };
  return {
    addresses: [
      { type: "InternalIP", address: settings.nodeIP },
      { type: "Hostname", address: settings.nodeName },
    ],
    capacity,
    allocatable: capacity,
    conditions: [
      conditionEntry(
        previous,
        "MemoryPressure",
        "False",
        "KubeletHasSufficientMemory",
        "kubelet has sufficient memory available",
        now,
      ),
      conditionEntry(
        previous,
        "DiskPressure",
        "False",
        "KubeletHasNoDiskPressure",
        "kubelet has no disk pressure",
        now,
      ),
      conditionEntry(
        previous,
        "PIDPressure",
        "False",
        "KubeletHasSufficientPID",
        "kubelet has sufficient PID available",
        now,
      ),
      networkReady
        ? conditionEntry(previous, "Ready", "True", "KubeletReady", "kubelet is posting ready status", now)
        : conditionEntry(previous, "Ready", "False", "KubeletNotReady", NETWORK_NOT_READY_MESSAGE, now),
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: KUBELET_PORT } },
    nodeInfo: {
      architecture: "amd64",
      bootID: facts.bootID,
      containerRuntimeVersion: "containerd://2.2.0",
      kernelVersion: facts.kernelVersion,
      kubeProxyVersion: "",
      kubeletVersion: settings.kubernetesVersion,
      machineID: facts.machineID,
      operatingSystem: "linux",
      osImage: "Debian GNU/Linux 12 (bookworm)",
      systemUUID: facts.machineID,
    },
  };
}

/** What changed in a status that is worth a PATCH before the next periodic report. */
export function statusChanged(before: Json | undefined, after: Json): boolean {
  const strip = (status: Json | undefined) =>
    JSON.stringify(
      ((status?.conditions ?? []) as Json[])
        .map((c) => [c.type, c.status, c.reason])
        .concat([JSON.stringify(status?.addresses ?? [])]),
    );
  return before === undefined || strip(before) !== strip(after);
}
