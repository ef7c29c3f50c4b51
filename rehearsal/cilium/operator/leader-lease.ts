// The operator's leader election (operator/cmd/root.go: Lease `cilium-operator-resource-lock` in
// its namespace, identity `<hostname>-<random>`, leader-election-lease-duration 15s, renew-deadline
// 10s, retry-period 2s, ReleaseOnCancel): only the leader runs LB-IPAM, the Gateway controllers
// and the IPAM allocator, so two operator pods during a rolling update never both write.
// client-go's rules in short: another holder's lease counts as expired leaseDuration after this
// candidate last saw its record change; the leader renews every retry period and gives up when a
// renewal has not succeeded within the renew deadline.

import type { KubeObjects, Obj } from "../../k8s/kube-objects.ts";
import { KubeApiError } from "../../k8s/kube-rest-client.ts";

export interface LeaderLeaseOptions {
  objects: KubeObjects;
  namespace: string;
  identity: string;
  name?: string;
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
  now?: () => number;
}

interface LeaseObj extends Obj {
  spec?: {
    holderIdentity?: string;
    leaseDurationSeconds?: number;
    acquireTime?: string;
    renewTime?: string;
    leaseTransitions?: number;
  };
}

function microTime(ms: number): string {
  // metav1.MicroTime: RFC3339 with microseconds.
  return new Date(ms).toISOString().replace("Z", "000Z");
}

export class LeaderLease {
  readonly #o: Required<Omit<LeaderLeaseOptions, "objects">> & { objects: KubeObjects };
  #observed: { record: string; at: number } | undefined;
  #stopped = false;

  constructor(options: LeaderLeaseOptions) {
    this.#o = {
      name: "cilium-operator-resource-lock",
      leaseDurationMs: 15_000,
      renewDeadlineMs: 10_000,
      retryPeriodMs: 2_000,
      now: () => Date.now(),
      ...options,
    };
  }

  /** Resolves once this candidate holds the lease. */
  async acquire(): Promise<void> {
    while (!this.#stopped) {
      if (await this.#tryAcquireOrRenew()) return;
      await sleep(this.#o.retryPeriodMs * (1 + Math.random() * 1.2));
    }
  }

  /** Renews until a renewal fails for longer than the renew deadline; then resolves (leadership lost). */
  async hold(): Promise<void> {
    let lastOk = this.#o.now();
    while (!this.#stopped) {
      await sleep(this.#o.retryPeriodMs);
      if (this.#stopped) return;
      if (await this.#tryAcquireOrRenew().catch(() => false)) lastOk = this.#o.now();
      else if (this.#o.now() - lastOk > this.#o.renewDeadlineMs) return;
    }
  }

  /** ReleaseOnCancel: holder "" and a one-second lease, so another candidate takes over at once. */
  async release(): Promise<void> {
    this.#stopped = true;
    const lease = await this.#get().catch(() => undefined);
    if (!lease || lease.spec?.holderIdentity !== this.#o.identity) return;
    await this.#o.objects
      .update({ ...lease, spec: { ...lease.spec, holderIdentity: "", leaseDurationSeconds: 1 } })
      .catch(() => undefined);
  }

  #get(): Promise<LeaseObj | undefined> {
    return this.#o.objects.get({
      apiVersion: "coordination.k8s.io/v1",
      kind: "Lease",
      namespace: this.#o.namespace,
      name: this.#o.name,
    }) as Promise<LeaseObj | undefined>;
  }

  async #tryAcquireOrRenew(): Promise<boolean> {
    const now = this.#o.now();
    const mine = {
      holderIdentity: this.#o.identity,
      leaseDurationSeconds: Math.round(this.#o.leaseDurationMs / 1000),
      renewTime: microTime(now),
    };
    const lease = await this.#get();
    if (!lease) {
      try {
        await this.#o.objects.create({
          apiVersion: "coordination.k8s.io/v1",
          kind: "Lease",
          metadata: { name: this.#o.name, namespace: this.#o.namespace },
          spec: { ...mine, acquireTime: microTime(now), leaseTransitions: 0 },
        });
        return true;
      } catch (error) {
        if (error instanceof KubeApiError && error.code === 409) return false;
        throw error;
      }
    }
    const spec = lease.spec ?? {};
    const record = JSON.stringify(spec);
    if (this.#observed?.record !== record) this.#observed = { record, at: now };
    const holder = spec.holderIdentity ?? "";
    const expired = (this.#observed?.at ?? now) + (spec.leaseDurationSeconds ?? 0) * 1000 <= now;
    if (holder !== "" && holder !== this.#o.identity && !expired) return false;
    const next = {
      ...mine,
      acquireTime: holder === this.#o.identity ? (spec.acquireTime ?? microTime(now)) : microTime(now),
      leaseTransitions: (spec.leaseTransitions ?? 0) + (holder === this.#o.identity ? 0 : 1),
    };
    try {
      await this.#o.objects.update({ ...lease, spec: next });
      this.#observed = { record: JSON.stringify(next), at: now };
      return true;
    } catch (error) {
      if (error instanceof KubeApiError && error.code === 409) return false;
      throw error;
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
