// How long an L2 failover may take, from the repo's own lease settings: the old holder's lease
// must expire (leaseDuration) and a candidate must win it (up to leaseRenewDeadline), while the
// paused holder's BPF responder keeps answering until the agent has been silent for its max
// liveness, which Cilium sets to the lease duration (pkg/datapath/loader: L2AnnouncementsMaxLiveness
// = L2AnnouncerLeaseDuration). Summing them is a safe upper bound; the margin covers ARP retries.

import type { CiliumCompat } from "../compat/compat-types.ts";
import { parseGoDuration } from "../go/go-duration.ts";
import type { ValuesModel } from "../repo/infra-model.ts";

export const L2_FAILOVER_MARGIN_MS = 10_000;

export interface L2FailoverBudget {
  totalMs: number;
  leaseDurationMs: number;
  leaseRenewDeadlineMs: number;
  agentLivenessMuteMs: number;
  marginMs: number;
}

export function l2FailoverBudget(values: ValuesModel, compat: CiliumCompat): L2FailoverBudget {
  const defaults = compat.l2LeaseDefaults.value;
  const read = (key: string, fallback: string): number => {
    const value = values.get(`l2announcements.${key}`);
    const parsed = typeof value === "string" ? parseGoDuration(value) : undefined;
    // A negative lease stops the agent (the static checks say so); budget with the default then.
    return parsed !== undefined && parsed >= 0 ? parsed : parseGoDuration(fallback)!;
  };
  const leaseDurationMs = read("leaseDuration", defaults.leaseDuration);
  const leaseRenewDeadlineMs = read("leaseRenewDeadline", defaults.leaseRenewDeadline);
  const agentLivenessMuteMs = leaseDurationMs;
  return {
    totalMs: leaseDurationMs + leaseRenewDeadlineMs + agentLivenessMuteMs + L2_FAILOVER_MARGIN_MS,
    leaseDurationMs,
    leaseRenewDeadlineMs,
    agentLivenessMuteMs,
    marginMs: L2_FAILOVER_MARGIN_MS,
  };
}
