// client-go's LeaderElectionRecord and its Lease mapping
// (k8s.io/client-go/tools/leaderelection/resourcelock/interface.go and leaselock.go,
// LeaseSpecToLeaderElectionRecord / LeaderElectionRecordToLeaseSpec), the form the L2 announcer's
// Leases have on the wire: holderIdentity, leaseDurationSeconds, acquireTime and renewTime as
// MicroTime, leaseTransitions.

export interface LeaderElectionRecord {
  holderIdentity: string;
  leaseDurationSeconds: number;
  /** Epoch milliseconds. */
  acquireTime: number | undefined;
  renewTime: number | undefined;
  leaderTransitions: number;
  strategy?: string;
  preferredHolder?: string;
}

export interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
  strategy?: string;
  preferredHolder?: string;
}

/** metav1.MicroTime's wire form: RFC3339 with exactly six fractional digits, in UTC. */
export function formatMicroTime(epochMs: number): string {
  const iso = new Date(epochMs).toISOString(); // 2026-01-02T03:04:05.678Z
  return `${iso.slice(0, 23)}000Z`;
}

export function parseMicroTime(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

export function recordFromLeaseSpec(spec: LeaseSpec | undefined): LeaderElectionRecord {
  return {
    holderIdentity: spec?.holderIdentity ?? "",
    leaseDurationSeconds: spec?.leaseDurationSeconds ?? 0,
    acquireTime: parseMicroTime(spec?.acquireTime),
    renewTime: parseMicroTime(spec?.renewTime),
    leaderTransitions: spec?.leaseTransitions ?? 0,
    ...(spec?.strategy ? { strategy: spec.strategy } : {}),
    ...(spec?.preferredHolder ? { preferredHolder: spec.preferredHolder } : {}),
  };
}

/** Every field is written (client-go sets pointers for all five), the optional two only when set. */
export function leaseSpecFromRecord(record: LeaderElectionRecord): LeaseSpec {
  return {
    holderIdentity: record.holderIdentity,
    leaseDurationSeconds: record.leaseDurationSeconds,
    acquireTime: formatMicroTime(record.acquireTime ?? 0),
    renewTime: formatMicroTime(record.renewTime ?? 0),
    leaseTransitions: record.leaderTransitions,
    ...(record.strategy ? { strategy: record.strategy } : {}),
    ...(record.preferredHolder ? { preferredHolder: record.preferredHolder } : {}),
  };
}

/**
 * What client-go compares to decide that the record changed (json.Marshal of the record): its
 * times are metav1.Time, which marshals to whole seconds, so two renewals inside one second
 * look like no change to an observer.
 */
export function rawRecord(record: LeaderElectionRecord): string {
  const seconds = (ms: number | undefined) => (ms === undefined ? null : Math.floor(ms / 1000));
  return JSON.stringify([
    record.holderIdentity,
    record.leaseDurationSeconds,
    seconds(record.acquireTime),
    seconds(record.renewTime),
    record.leaderTransitions,
    record.strategy ?? "",
    record.preferredHolder ?? "",
  ]);
}
