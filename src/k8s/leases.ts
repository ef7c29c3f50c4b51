// Reads Leases (coordination.k8s.io/v1) in wire form: `renewTime` stays the MicroTime string
// the server wrote, which the decision functions parse.

import { l2LeaseName, type WireLease } from "../decisions/l2-lease-holder.ts";
import type { KubeClient } from "./kube-client.ts";
import type { KubeObject, ObjectRef } from "./kube-object.ts";
import { getObject } from "./read-objects.ts";

export type LeaseObject = KubeObject & WireLease;

export function leaseRef(namespace: string, name: string): ObjectRef {
  return { apiVersion: "coordination.k8s.io/v1", kind: "Lease", namespace, name };
}

/** The L2 announcement Lease of a Service: <cilium namespace>/cilium-l2announce-<ns>-<svc>. */
export function l2LeaseRef(
  ciliumNamespace: string,
  serviceNamespace: string,
  serviceName: string,
): ObjectRef {
  return leaseRef(ciliumNamespace, l2LeaseName(serviceNamespace, serviceName));
}

export function getLease(client: KubeClient, ref: ObjectRef): Promise<LeaseObject | undefined> {
  return getObject<LeaseObject>(client, ref);
}

export interface LeaseReading {
  holderIdentity: string | undefined;
  renewTime: string | undefined;
  leaseDurationSeconds: number | undefined;
}

export async function readLeaseHolder(client: KubeClient, ref: ObjectRef): Promise<LeaseReading | undefined> {
  const lease = await getLease(client, ref);
  if (!lease) return undefined;
  return {
    holderIdentity: lease.spec?.holderIdentity,
    renewTime: lease.spec?.renewTime,
    leaseDurationSeconds: lease.spec?.leaseDurationSeconds,
  };
}
