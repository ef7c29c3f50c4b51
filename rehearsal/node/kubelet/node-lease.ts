// The node's heartbeat Lease (kubernetes/kubernetes pkg/kubelet/nodelease, component-helpers
// apimachinery/lease/controller.go): kube-node-lease/<node>, holderIdentity the node,
// leaseDurationSeconds 40, renewTime bumped every 10s (a quarter of the duration), owned by the
// Node. The node lifecycle controller reads it to decide the node is unreachable.

import { isConflict, isNotFound, type KubeRestClient } from "../../k8s/kube-rest-client.ts";

type Json = Record<string, unknown>;

export const LEASE_DURATION_SECONDS = 40;
export const RENEW_INTERVAL_MS = 10_000;

/** metav1.MicroTime as the API serialises it: RFC 3339 with microseconds. */
export function microTime(date: Date): string {
  return `${date.toISOString().slice(0, 23)}000Z`;
}

export async function renewNodeLease(
  client: KubeRestClient,
  node: { name: string; uid: string },
  now: Date,
): Promise<void> {
  const path = `/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${node.name}`;
  const existing = await client.get<Json>(path);
  const spec = {
    holderIdentity: node.name,
    leaseDurationSeconds: LEASE_DURATION_SECONDS,
    renewTime: microTime(now),
  };
  if (!existing) {
    await client
      .create("/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases", {
        apiVersion: "coordination.k8s.io/v1",
        kind: "Lease",
        metadata: {
          name: node.name,
          namespace: "kube-node-lease",
          ownerReferences: [{ apiVersion: "v1", kind: "Node", name: node.name, uid: node.uid }],
        },
        spec,
      })
      .catch((error: unknown) => {
        if (!isConflict(error)) throw error;
      });
    return;
  }
  try {
    await client.replace(path, { ...existing, spec: { ...((existing.spec ?? {}) as Json), ...spec } });
  } catch (error) {
    if (!isConflict(error) && !isNotFound(error)) throw error;
  }
}
