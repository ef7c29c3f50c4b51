// Hubble Relay discovery (the ready relay pod) and a port-forward to its gRPC port, as
// `cilium hubble port-forward` does; the forwarding itself is src/k8s/port-forward.ts.

import { CoreV1Api, type KubeConfig, type V1Pod } from "@kubernetes/client-node";
import { EnvironmentError } from "../../errors.ts";
import { type OpenPortForward, openPortForward } from "../../k8s/port-forward.ts";

/** The first Running pod whose containers are all ready; undefined when there is none. */
export function pickReadyPod(pods: readonly V1Pod[]): string | undefined {
  const ready = pods.find(
    (pod) =>
      pod.status?.phase === "Running" &&
      pod.metadata?.deletionTimestamp === undefined &&
      (pod.status.conditions ?? []).some(
        (condition) => condition.type === "Ready" && condition.status === "True",
      ),
  );
  return ready?.metadata?.name;
}

export interface RelayLocation {
  namespace?: string;
  labelSelector?: string;
  port?: number;
}

/** Hubble Relay as Cilium's chart deploys it: kube-system, k8s-app=hubble-relay, gRPC on 4245. */
export const defaultRelayLocation = {
  namespace: "kube-system",
  labelSelector: "k8s-app=hubble-relay",
  port: 4245,
};

export async function findRelayPod(kubeConfig: KubeConfig, location: RelayLocation = {}): Promise<string> {
  const namespace = location.namespace ?? defaultRelayLocation.namespace;
  const labelSelector = location.labelSelector ?? defaultRelayLocation.labelSelector;
  const api = kubeConfig.makeApiClient(CoreV1Api);
  const list = await api.listNamespacedPod({ namespace, labelSelector });
  const pod = pickReadyPod(list.items);
  if (!pod) {
    const seen =
      list.items.map((p) => `${p.metadata?.name} (${p.status?.phase ?? "?"})`).join(", ") || "none";
    throw new EnvironmentError(
      "CC_ENV_HUBBLE_RELAY_NOT_FOUND",
      `no ready Hubble Relay pod in ${namespace} with label ${labelSelector} (pods: ${seen})`,
      { hint: "set hubble.relay.enabled=true in the Cilium values, and check the pod's events and logs" },
    );
  }
  return pod;
}

/** Finds the relay pod and forwards a local port to its gRPC port, as `cilium hubble port-forward`. */
export async function openRelayPortForward(
  kubeConfig: KubeConfig,
  location: RelayLocation = {},
): Promise<OpenPortForward & { pod: string }> {
  const namespace = location.namespace ?? defaultRelayLocation.namespace;
  const pod = await findRelayPod(kubeConfig, location);
  const forward = await openPortForward(
    { kubeConfig },
    { namespace, pod, podPort: location.port ?? defaultRelayLocation.port },
  );
  return { ...forward, pod };
}
