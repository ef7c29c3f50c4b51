// resourcelock.LeaseLock (k8s.io/client-go/tools/leaderelection/resourcelock/leaselock.go) over
// the double's REST client: Get caches the Lease it read, Create POSTs a new one, Update PUTs the
// cached object with the new spec — so a write based on a stale read fails with 409 Conflict.

import type { KubeObject, KubeRestClient } from "../../../k8s/kube-rest-client.ts";
import { RESOURCES, resourcePath } from "../../../k8s/resource-path.ts";
import {
  type LeaderElectionRecord,
  type LeaseSpec,
  leaseSpecFromRecord,
  recordFromLeaseSpec,
} from "./leader-election-record.ts";
import type { ResourceLock } from "./leader-elector.ts";

type LeaseObject = KubeObject & { spec?: LeaseSpec };

export class LeaseLock implements ResourceLock {
  readonly identity: string;
  private readonly client: KubeRestClient;
  private readonly namespace: string;
  private readonly name: string;
  private lease: LeaseObject | undefined;

  constructor(client: KubeRestClient, namespace: string, name: string, identity: string) {
    this.client = client;
    this.namespace = namespace;
    this.name = name;
    this.identity = identity;
  }

  describe(): string {
    return `${this.namespace}/${this.name}`;
  }

  async get(signal: AbortSignal): Promise<LeaderElectionRecord | undefined> {
    const lease = await this.client.get<LeaseObject>(
      resourcePath(RESOURCES.leases, { namespace: this.namespace, name: this.name }),
      { signal },
    );
    if (lease === undefined) return undefined;
    this.lease = lease;
    return recordFromLeaseSpec(lease.spec);
  }

  async create(record: LeaderElectionRecord, signal: AbortSignal): Promise<void> {
    this.lease = await this.client.create<LeaseObject>(
      resourcePath(RESOURCES.leases, { namespace: this.namespace }),
      {
        apiVersion: "coordination.k8s.io/v1",
        kind: "Lease",
        metadata: { name: this.name, namespace: this.namespace },
        spec: leaseSpecFromRecord(record),
      },
      { signal },
    );
  }

  async update(record: LeaderElectionRecord, signal: AbortSignal): Promise<void> {
    if (!this.lease) throw new Error("lease not initialized, call get or create first");
    this.lease = await this.client.replace<LeaseObject>(
      resourcePath(RESOURCES.leases, { namespace: this.namespace, name: this.name }),
      { ...this.lease, spec: leaseSpecFromRecord(record) },
      { signal },
    );
  }
}
