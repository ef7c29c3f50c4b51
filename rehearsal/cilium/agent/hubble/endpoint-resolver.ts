// Resolves an address to what Hubble names it, from the agent's view of the cluster (its ipcache:
// pods and nodes it watches, and its own endpoints for their IDs).

import { ciliumPodLabels, identityFor, type PodFacts, type ResolvedEndpoint } from "./endpoint-identity.ts";

export interface ClusterView {
  podByIp(ip: string): PodFacts | undefined;
  /** This node's addresses (its LAN IP, cilium_host's router IP). */
  isLocalNodeIp(ip: string): boolean;
  isRemoteNodeIp(ip: string): boolean;
  endpointIdOf(namespace: string, name: string): number | undefined;
}

export function resolveEndpoint(
  view: ClusterView,
  ip: string,
  clusterName: string,
  nodeName: string,
): ResolvedEndpoint {
  const pod = view.podByIp(ip);
  if (pod) {
    const labels = ciliumPodLabels(pod, clusterName);
    const endpointId = pod.nodeName === nodeName ? view.endpointIdOf(pod.namespace, pod.name) : undefined;
    return {
      kind: "pod",
      ip,
      namespace: pod.namespace,
      podName: pod.name,
      nodeName: pod.nodeName,
      labels,
      identity: identityFor(labels),
      ...(endpointId !== undefined ? { endpointId } : {}),
    };
  }
  if (view.isLocalNodeIp(ip)) return { kind: "host", ip };
  if (view.isRemoteNodeIp(ip)) return { kind: "remote-node", ip };
  return { kind: "world", ip };
}
