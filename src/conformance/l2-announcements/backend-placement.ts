// Where the L2 suite's echo backend may run during failover: not on the node that is paused.
// `docker pause` freezes the node's processes but not its kernel, and its pods stay Ready in the
// EndpointSlices until the node controller marks the node NotReady (node-monitor-grace-period,
// 40 s up to Kubernetes 1.31, 50 s from 1.32). A backend there would make HTTP through the VIP
// hang for that long after the L2 failover, so the HTTP figure would measure the node controller,
// not L2. The backend is therefore pinned off the node to be paused, and the pause waits until no
// ready endpoint of the Service is left on it.

import { fail, pass, type Verdict } from "../../decisions/verdict.ts";

/** Adds a required node affinity that keeps the Deployment's pods off `node` (in place). */
export function keepPodsOffNode(deployment: Record<string, unknown>, node: string): void {
  const child = (parent: Record<string, unknown>, key: string): Record<string, unknown> => {
    if (typeof parent[key] !== "object" || parent[key] === null) parent[key] = {};
    return parent[key] as Record<string, unknown>;
  };
  const podSpec = child(child(child(deployment, "spec"), "template"), "spec");
  podSpec.affinity = {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [
          { matchExpressions: [{ key: "kubernetes.io/hostname", operator: "NotIn", values: [node] }] },
        ],
      },
    },
  };
}

/** discovery.k8s.io/v1 EndpointSlice, the fields read here. */
export interface WireEndpointSlice {
  metadata?: { name?: string };
  endpoints?: { addresses?: string[]; nodeName?: string; conditions?: { ready?: boolean } }[];
}

/**
 * Every ready endpoint of the Service's slices runs on another node than `node`, and there is at
 * least one. A nil `ready` counts as ready (the API's documented meaning).
 */
export function readyEndpointsOffNode(slices: readonly WireEndpointSlice[], node: string): Verdict {
  const ready = slices
    .flatMap((slice) => slice.endpoints ?? [])
    .filter((endpoint) => endpoint.conditions?.ready !== false);
  const describe = ready.map((e) => `${e.addresses?.[0] ?? "?"}@${e.nodeName ?? "?"}`).join(", ") || "none";
  const seen = `ready endpoints: ${describe}`;
  if (ready.length === 0) return fail(seen);
  return ready.some((endpoint) => endpoint.nodeName === node || endpoint.nodeName === undefined)
    ? fail(`${seen} (still on ${node})`)
    : pass(seen);
}
