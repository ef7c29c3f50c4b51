// How long an L2 failover may take, from the repo's own lease settings — tight enough that a
// doubled failover fails, loose enough that a healthy one never does.
//
// The holder's node is paused (processes frozen, kernel running):
// - its BPF responder keeps answering ARP until the agent has been silent for
//   l2_announcements_max_liveness = leaseDuration (cilium/cilium pkg/datapath/loader:
//   L2AnnouncementsMaxLiveness = L2AnnouncerLeaseDuration; the agent refreshes its liveness
//   every second, pkg/datapath/agentliveness), i.e. it mutes at most leaseDuration after the pause;
// - another agent takes the Lease (client-go tools/leaderelection, as Cilium runs it in
//   pkg/l2announcer serviceLeaderElection): a candidate polls every retryPeriod with
//   wait.JitterUntil(retryPeriod, JitterFactor 1.2), i.e. after a wait of up to 2.2 × retryPeriod;
//   it sees the holder's last renewal (≤ the pause) at its next poll (≤ 2.2 × retryPeriod later),
//   and may acquire once leaseDuration has passed since that observation, at its next poll
//   (≤ 2.2 × retryPeriod later again). So the Lease moves between leaseDuration − retryPeriod and
//   leaseDuration + 2 × 2.2 × retryPeriod after the pause (13 s … 23.8 s with 15s/2s).
// The verdict is the first ARP watch round answered by the new holder alone, so one watch round is
// added, plus a margin for the new holder's agent to program its responder (statedb → BPF map,
// gratuitous ARP) and for API latency. With Cilium's defaults: 15 + 8.8 + 2.5 + 2 = 28.3 s.
// A doubled failover (two lease durations, ~30 s and more) exceeds it; the earlier bound,
// leaseDuration + renewDeadline + mute + margin (45 s), did not catch it.

import type { CiliumCompat, L2LeaseDefaults } from "../compat/compat-types.ts";
import { agentDuration } from "../go/agent-duration.ts";
import { parseGoDuration } from "../go/go-duration.ts";
import type { ValuesModel } from "../repo/infra-model.ts";

/** client-go tools/leaderelection JitterFactor: a retry waits retryPeriod × [1, 2.2). */
export const LEADER_ELECTION_JITTER_FACTOR = 1.2;
/**
 * One ARP watch round: up to two arping probes 1 s apart (src/probes/arp-probe.ts
 * ARP_PROBE_INTERVAL_MS, arp-arping-command.ts minimumProbes) plus the `docker exec` around them.
 */
export const ARP_ROUND_ALLOWANCE_MS = 2_500;
/** The new holder's agent programming its BPF responder, and API latency. */
export const L2_FAILOVER_MARGIN_MS = 2_000;

export interface L2LeaseTimings {
  leaseDurationMs: number;
  renewDeadlineMs: number;
  retryPeriodMs: number;
}

export interface L2FailoverBudget extends L2LeaseTimings {
  totalMs: number;
  /** Two jittered retry waits: observing the last renewal, then acquiring after expiry. */
  electionRetriesMs: number;
  arpRoundMs: number;
  marginMs: number;
  /** The sum spelled out, for the plan and the report. */
  formula: string;
}

/**
 * The timings the agent really runs with: pkg/l2announcer/l2announcer.go leaseTimings() raises a
 * lease under 1 s to 1 s, halves the lease for a renew deadline not below it, and halves the
 * renew deadline for a retry period that the jitter would push past it (each with a warning).
 */
export function effectiveLeaseTimings(configured: L2LeaseTimings): L2LeaseTimings {
  const leaseDurationMs = Math.max(configured.leaseDurationMs, 1000);
  let renewDeadlineMs = configured.renewDeadlineMs > 0 ? configured.renewDeadlineMs : 1000;
  let retryPeriodMs = configured.retryPeriodMs > 0 ? configured.retryPeriodMs : 200;
  if (leaseDurationMs <= renewDeadlineMs) renewDeadlineMs = leaseDurationMs / 2;
  if (renewDeadlineMs <= LEADER_ELECTION_JITTER_FACTOR * retryPeriodMs) retryPeriodMs = renewDeadlineMs / 2;
  return { leaseDurationMs, renewDeadlineMs, retryPeriodMs };
}

export function failoverBudgetFor(timings: L2LeaseTimings): L2FailoverBudget {
  const effective = effectiveLeaseTimings(timings);
  const electionRetriesMs = Math.round(2 * (1 + LEADER_ELECTION_JITTER_FACTOR) * effective.retryPeriodMs);
  const totalMs =
    effective.leaseDurationMs + electionRetriesMs + ARP_ROUND_ALLOWANCE_MS + L2_FAILOVER_MARGIN_MS;
  const sec = (ms: number) => `${Number((ms / 1000).toFixed(3))}s`;
  return {
    ...effective,
    totalMs,
    electionRetriesMs,
    arpRoundMs: ARP_ROUND_ALLOWANCE_MS,
    marginMs: L2_FAILOVER_MARGIN_MS,
    formula:
      `leaseDuration ${sec(effective.leaseDurationMs)} + 2 × 2.2 × retryPeriod ${sec(effective.retryPeriodMs)} ` +
      `(${sec(electionRetriesMs)}) + ARP round ${sec(ARP_ROUND_ALLOWANCE_MS)} + margin ${sec(L2_FAILOVER_MARGIN_MS)} = ${sec(totalMs)}`,
  };
}

/** The chart's defaults as timings (15s / 5s / 2s in every supported minor). */
export function defaultLeaseTimings(defaults: L2LeaseDefaults): L2LeaseTimings {
  return {
    leaseDurationMs: parseGoDuration(defaults.leaseDuration)!,
    renewDeadlineMs: parseGoDuration(defaults.leaseRenewDeadline)!,
    retryPeriodMs: parseGoDuration(defaults.leaseRetryPeriod)!,
  };
}

/** The budget for the repo's values (`l2announcements.lease*`), the chart's defaults where unset. */
export function l2FailoverBudget(values: ValuesModel, compat: CiliumCompat): L2FailoverBudget {
  const defaults = defaultLeaseTimings(compat.l2LeaseDefaults.value);
  const read = (key: string, fallback: number): number => {
    // As the agent reads it (a unit-less number is nanoseconds); l2-lease-timings reports the rest.
    const value = agentDuration(values.get(`l2announcements.${key}`));
    return value.kind === "ms" && value.ms >= 0 ? value.ms : fallback;
  };
  return failoverBudgetFor({
    leaseDurationMs: read("leaseDuration", defaults.leaseDurationMs),
    renewDeadlineMs: read("leaseRenewDeadline", defaults.renewDeadlineMs),
    retryPeriodMs: read("leaseRetryPeriod", defaults.retryPeriodMs),
  });
}

/**
 * How long to watch a Service that must NOT be announced before calling it silent: an agent that
 * selected it would try to take its Lease at once and retry within 2.2 × retryPeriod, then program
 * its responder; one ARP round and the margin on top (8.9 s with the defaults).
 */
export function electionWindowMs(timings: L2LeaseTimings): number {
  const { retryPeriodMs } = effectiveLeaseTimings(timings);
  return (
    Math.round((1 + LEADER_ELECTION_JITTER_FACTOR) * retryPeriodMs) +
    ARP_ROUND_ALLOWANCE_MS +
    L2_FAILOVER_MARGIN_MS
  );
}
