// Objects as they travel on the wire: plain JSON, timestamps as RFC3339 strings. The decision
// functions (src/decisions/) read exactly this shape, so nothing here converts to client-node's
// typed models (those turn timestamps into Dates and drop fields they do not know).

import type { WireMetadata } from "../decisions/wire-object.ts";

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: WireMetadata & { name: string; uid?: string; finalizers?: string[] };
  [field: string]: unknown;
}

/** Names one object. `namespace` is ignored for cluster-scoped kinds and required for namespaced ones. */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

/** A set of objects of one kind. */
export interface ListTarget {
  apiVersion: string;
  kind: string;
  /** Omit to list across all namespaces (or for cluster-scoped kinds). */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

/** `Service kube-system/hubble-relay`, `CiliumLoadBalancerIPPool home-compute-pool`. */
export function describeRef(ref: { kind: string; name?: string; namespace?: string | undefined }): string {
  const name = ref.name ?? "*";
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/${name}` : name}`;
}

export function refOf(object: KubeObject): ObjectRef {
  return {
    apiVersion: object.apiVersion,
    kind: object.kind,
    name: object.metadata.name,
    ...(object.metadata.namespace ? { namespace: object.metadata.namespace } : {}),
  };
}
