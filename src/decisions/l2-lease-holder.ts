// Who holds the L2 announcement Lease of a Service? Cilium's agents elect one announcer per
// Service through the Lease `cilium-l2announce-<svc-namespace>-<svc-name>` in Cilium's own
// namespace (kube-system only when Cilium is installed there), whose `spec.holderIdentity` is the
// node name (cilium/cilium pkg/l2announcer/l2announcer.go: newLeaseLock, leaseNamespace).

import { fail, pass, type Verdict } from "./verdict.ts";
import type { WireObject } from "./wire-object.ts";

export interface WireLease extends WireObject {
  spec?: {
    holderIdentity?: string;
    leaseDurationSeconds?: number;
    /** RFC3339 with microseconds (metav1.MicroTime), e.g. `2026-01-05T10:00:01.123456Z`. */
    renewTime?: string;
    acquireTime?: string;
    leaseTransitions?: number;
  };
}

export function l2LeaseName(serviceNamespace: string, serviceName: string): string {
  return `cilium-l2announce-${serviceNamespace}-${serviceName}`;
}

export interface LeaseHolder {
  holder: string;
  /** Milliseconds since the last renewal, when renewTime is set. */
  sinceRenewMs: number | undefined;
  expired: boolean;
  transitions: number | undefined;
}

/**
 * The current holder, if any. A Lease not renewed within leaseDurationSeconds has an expired
 * holder: the name is still written but nobody is announcing for it (e.g. a paused node).
 */
export function leaseHolder(lease: WireLease | undefined, nowMs: number): Verdict<LeaseHolder> {
  if (!lease) return fail("Lease not found");
  const holder = lease.spec?.holderIdentity;
  if (!holder) return fail("Lease has no holderIdentity");
  const renewed = lease.spec?.renewTime ? Date.parse(lease.spec.renewTime) : Number.NaN;
  const sinceRenewMs = Number.isNaN(renewed) ? undefined : nowMs - renewed;
  const durationMs = (lease.spec?.leaseDurationSeconds ?? 0) * 1000;
  const expired = sinceRenewMs !== undefined && durationMs > 0 && sinceRenewMs > durationMs;
  const value: LeaseHolder = { holder, sinceRenewMs, expired, transitions: lease.spec?.leaseTransitions };
  const age =
    sinceRenewMs === undefined ? "never renewed" : `renewed ${Math.round(sinceRenewMs / 1000)}s ago`;
  const seen = `holder ${holder} (${age}${expired ? ", expired" : ""})`;
  return expired ? fail(seen, value) : pass(seen, value);
}

/** For failover: a live holder that is not `previous`. */
export function leaseMovedFrom(
  lease: WireLease | undefined,
  previous: string,
  nowMs: number,
): Verdict<LeaseHolder> {
  const current = leaseHolder(lease, nowMs);
  if (!current.ok || !current.value) return current;
  if (current.value.holder === previous)
    return fail(`${current.seen}, still the previous holder`, current.value);
  return current;
}
