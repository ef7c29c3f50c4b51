import { agentDuration } from "../../go/agent-duration.ts";
import { effectiveLeaseTimings, type L2LeaseTimings } from "../../plan/l2-failover-budget.ts";
import { chartFacts } from "../chart-facts.ts";
import type { DocumentedRule } from "../documented-rule.ts";
import type { Finding } from "../finding.ts";
import { atValue } from "../finding-location.ts";
import { readBoolean } from "../helm-booleans.ts";
import { showValue } from "../helm-values.ts";

// What the agent does with the three lease values (cilium/cilium pkg/l2announcer/l2announcer.go
// leaseTimings(), the same in the logrus-era releases and in main after the slog move, so across
// the pinned 1.16–1.19): it does not refuse inconsistent timings, it corrects them and logs a
// warning — a lease under 1s becomes 1s; a renew deadline not below the lease becomes lease / 2; a
// retry period the 1.2 jitter would push past the renew deadline becomes renewDeadline / 2. Only a
// value the agent cannot read at all stops it (src/go/agent-duration.ts). So: error for an
// unreadable value, warning for timings the agent will silently replace.

const KEYS = {
  leaseDurationMs: "l2announcements.leaseDuration",
  renewDeadlineMs: "l2announcements.leaseRenewDeadline",
  retryPeriodMs: "l2announcements.leaseRetryPeriod",
} as const;
type Timing = keyof typeof KEYS;

const SOURCE = "Cilium's L2 announcer (pkg/l2announcer leaseTimings) logs a warning and";

export const l2LeaseTimings: DocumentedRule = {
  id: "l2-lease-timings",
  title:
    "L2 lease durations are readable by the agent and consistent (leaseDuration ≥ 1s > renewDeadline > 1.2 × retryPeriod), or the agent replaces them",
  severities: ["error", "warning"],
  why: "A value the agent cannot read stops it from starting; inconsistent or unit-less values are corrected with only a log warning, so failover then runs on timings nobody wrote.",
  check(model) {
    const facts = chartFacts(model);
    if (!facts || !readBoolean(model, facts.compat, "l2announcements.enabled").on) return [];
    const defaults = facts.compat.l2LeaseDefaults.value;
    const fallback: Record<Timing, string> = {
      leaseDurationMs: defaults.leaseDuration,
      renewDeadlineMs: defaults.leaseRenewDeadline,
      retryPeriodMs: defaults.leaseRetryPeriod,
    };
    const findings: Finding[] = [];
    const configured: Partial<L2LeaseTimings> = {};
    for (const name of Object.keys(KEYS) as Timing[]) {
      const key = KEYS[name];
      const read = agentDuration(model.values.has(key) ? model.values.get(key) : undefined);
      const effective = read.kind === "default" ? agentDuration(fallback[name]) : read;
      if (effective.kind === "unreadable") {
        findings.push({
          id: "l2-lease-timings",
          severity: "error",
          message: `${key} is ${showValue(model.values.get(key))}, which the agent cannot read as a duration: it stops at startup ("Incorrect config-map flag value") and the node has no Cilium at all. Write it as a Go duration, e.g. \`${key.split(".")[1]}: ${fallback[name]}\`.`,
          ...atValue(model, key),
        });
        continue;
      }
      if (effective.kind !== "ms") continue;
      if (read.kind === "ms" && read.unitless) {
        findings.push({
          id: "l2-lease-timings",
          severity: "warning",
          message: `${key} is ${showValue(model.values.get(key))} without a unit, which the agent reads as ${read.text} nanoseconds, not seconds. Write \`${key.split(".")[1]}: ${read.text}s\` if seconds were meant.`,
          ...atValue(model, key),
        });
      }
      configured[name] = effective.ms;
    }
    const { leaseDurationMs, renewDeadlineMs, retryPeriodMs } = configured;
    if (leaseDurationMs === undefined || renewDeadlineMs === undefined || retryPeriodMs === undefined) {
      return findings;
    }
    const corrected = effectiveLeaseTimings({ leaseDurationMs, renewDeadlineMs, retryPeriodMs });
    const at = (name: Timing) =>
      atValue(model, model.values.has(KEYS[name]) ? KEYS[name] : KEYS.leaseDurationMs);
    const uses = `so failover runs on ${seconds(corrected.leaseDurationMs)} / ${seconds(corrected.renewDeadlineMs)} / ${seconds(corrected.retryPeriodMs)} (lease / renew / retry) instead of what the values say`;
    if (corrected.leaseDurationMs !== leaseDurationMs) {
      findings.push({
        id: "l2-lease-timings",
        severity: "warning",
        message: `leaseDuration (${seconds(leaseDurationMs)}) is under 1s: ${SOURCE} uses 1s instead, ${uses}. Set it to 1s or more (the default is ${defaults.leaseDuration}).`,
        ...at("leaseDurationMs"),
      });
    }
    if (renewDeadlineMs <= 0 || retryPeriodMs <= 0) {
      const name: Timing = renewDeadlineMs <= 0 ? "renewDeadlineMs" : "retryPeriodMs";
      findings.push({
        id: "l2-lease-timings",
        severity: "warning",
        message: `${KEYS[name].split(".")[1]} is not positive: ${SOURCE} replaces it (renew deadline 1s, retry period 200ms), ${uses}. Remove the key to keep the default (${fallback[name]}).`,
        ...at(name),
      });
      return findings;
    }
    if (corrected.renewDeadlineMs !== renewDeadlineMs) {
      findings.push({
        id: "l2-lease-timings",
        severity: "warning",
        message: `leaseRenewDeadline (${seconds(renewDeadlineMs)}) is not shorter than leaseDuration (${seconds(corrected.leaseDurationMs)}): ${SOURCE} uses leaseDuration / 2 = ${seconds(corrected.renewDeadlineMs)} instead, ${uses}. Keep the defaults (${defaults.leaseDuration} / ${defaults.leaseRenewDeadline}) or make leaseDuration about 3× the renew deadline.`,
        ...at(model.values.has(KEYS.renewDeadlineMs) ? "renewDeadlineMs" : "leaseDurationMs"),
      });
    }
    if (corrected.retryPeriodMs !== retryPeriodMs) {
      findings.push({
        id: "l2-lease-timings",
        severity: "warning",
        message: `leaseRenewDeadline (${seconds(corrected.renewDeadlineMs)}) is not longer than 1.2 × leaseRetryPeriod (${seconds(retryPeriodMs)}), which client-go's leader election needs: ${SOURCE} uses renewDeadline / 2 = ${seconds(corrected.retryPeriodMs)} as the retry period instead, ${uses}. Keep the defaults (${defaults.leaseRenewDeadline} / ${defaults.leaseRetryPeriod}) or shorten leaseRetryPeriod.`,
        ...at(model.values.has(KEYS.retryPeriodMs) ? "retryPeriodMs" : "renewDeadlineMs"),
      });
    }
    return findings;
  },
};

/** Go's way of writing a duration, roughly: `2.5s`, `250ms`, `15ns`. */
function seconds(milliseconds: number): string {
  if (milliseconds >= 1000) return `${Number((milliseconds / 1000).toFixed(3))}s`;
  if (milliseconds >= 1) return `${Number(milliseconds.toFixed(3))}ms`;
  return `${Math.round(milliseconds * 1e6)}ns`;
}
