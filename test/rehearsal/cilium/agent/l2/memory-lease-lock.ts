// A Lease in memory with the API server's optimistic concurrency: an update based on a stale
// read fails with 409, as a PUT with an old resourceVersion does.

import type { LeaderElectionRecord } from "../../../../../rehearsal/cilium/agent/l2/leader-election-record.ts";
import type { ResourceLock } from "../../../../../rehearsal/cilium/agent/l2/leader-elector.ts";

export class MemoryLease {
  record: LeaderElectionRecord | undefined;
  version = 0;
  /** Every write, for assertions: who wrote what when. */
  readonly writes: { by: string; record: LeaderElectionRecord }[] = [];
  /** While set, every request fails (API server unreachable). */
  failing = false;

  lock(identity: string): ResourceLock {
    let seenVersion: number | undefined;
    const check = () => {
      if (this.failing) throw new Error("connection refused");
    };
    return {
      identity,
      describe: () => "kube-system/cilium-l2announce-demo-web",
      get: async () => {
        check();
        seenVersion = this.record ? this.version : undefined;
        return this.record ? { ...this.record } : undefined;
      },
      create: async (record) => {
        check();
        if (this.record) throw Object.assign(new Error("AlreadyExists"), { code: 409 });
        this.version += 1;
        this.record = { ...record };
        seenVersion = this.version;
        this.writes.push({ by: identity, record: { ...record } });
      },
      update: async (record) => {
        check();
        if (seenVersion === undefined) throw new Error("lease not initialized, call get or create first");
        if (seenVersion !== this.version) throw Object.assign(new Error("Conflict"), { code: 409 });
        this.version += 1;
        this.record = { ...record };
        seenVersion = this.version;
        this.writes.push({ by: identity, record: { ...record } });
      },
    };
  }
}
