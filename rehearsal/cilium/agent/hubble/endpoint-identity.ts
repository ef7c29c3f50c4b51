// Who an IP address is, as Hubble names flow endpoints (pkg/hubble/parser/common/endpoint.go,
// pkg/identity/numericidentity.go, pkg/labels): a pod gets its namespace, pod name and the
// labels Cilium derives ("k8s:" + pod labels, io.kubernetes.pod.namespace, the policy
// ServiceAccount and cluster, the namespace's labels), a numeric identity (allocated per label
// set in the cluster range from 256; the double derives it from the labels), and an endpoint ID
// when it runs on this node; node addresses are reserved:host (this node, identity 1) or
// reserved:remote-node (6); anything else reserved:world (2).

import type { FlowEndpoint } from "./flow-types.ts";

export interface PodEndpoint {
  kind: "pod";
  ip: string;
  namespace: string;
  podName: string;
  nodeName: string;
  labels: string[];
  identity: number;
  /** Only for pods on this node (Cilium's endpoint ID). */
  endpointId?: number;
}

export type ResolvedEndpoint =
  | PodEndpoint
  | { kind: "host"; ip: string }
  | { kind: "remote-node"; ip: string }
  | { kind: "world"; ip: string };

export const RESERVED_IDENTITY = { host: 1, world: 2, "remote-node": 6 } as const;

export interface PodFacts {
  namespace: string;
  name: string;
  nodeName: string;
  ip: string;
  labels: Record<string, string>;
  serviceAccount: string;
  namespaceLabels: Record<string, string>;
}

export function ciliumPodLabels(pod: PodFacts, clusterName: string): string[] {
  const labels = Object.entries(pod.labels).map(([k, v]) => `k8s:${k}=${v}`);
  labels.push(`k8s:io.kubernetes.pod.namespace=${pod.namespace}`);
  labels.push(`k8s:io.cilium.k8s.policy.serviceaccount=${pod.serviceAccount}`);
  labels.push(`k8s:io.cilium.k8s.policy.cluster=${clusterName}`);
  for (const [k, v] of Object.entries(pod.namespaceLabels))
    labels.push(`k8s:io.cilium.k8s.namespace.labels.${k}=${v}`);
  return [...new Set(labels)].sort();
}

/** A stable identity in Cilium's cluster-local range [256, 65535] for a label set. */
export function identityFor(labels: readonly string[]): number {
  let hash = 2166136261;
  for (const char of labels.join("\n")) {
    hash ^= char.codePointAt(0)!;
    hash = Math.imul(hash, 16777619) >>> 0;
  }
  return 256 + (hash % (65535 - 256));
}

export function flowEndpoint(endpoint: ResolvedEndpoint, options: { podNames: boolean }): FlowEndpoint {
  switch (endpoint.kind) {
    case "pod":
      return {
        ...(endpoint.endpointId !== undefined ? { ID: endpoint.endpointId } : {}),
        identity: endpoint.identity,
        ...(options.podNames ? { namespace: endpoint.namespace } : {}),
        labels: endpoint.labels,
        ...(options.podNames ? { pod_name: endpoint.podName } : {}),
      };
    case "host":
      return { identity: RESERVED_IDENTITY.host, labels: ["reserved:host"] };
    case "remote-node":
      return { identity: RESERVED_IDENTITY["remote-node"], labels: ["reserved:remote-node"] };
    case "world":
      return { identity: RESERVED_IDENTITY.world, labels: ["reserved:world"] };
  }
}
