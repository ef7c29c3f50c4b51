import { parseGoDuration } from "../../go/go-duration.ts";
import { chartFacts } from "../chart-facts.ts";
import type { DocumentedRule } from "../documented-rule.ts";
import type { Finding } from "../finding.ts";
import { atValue } from "../finding-location.ts";
import { readBoolean } from "../helm-booleans.ts";
import { showValue } from "../helm-values.ts";

// client-go's leader election (used by the agent's L2 announcer) refuses a renew deadline that
// is not above JitterFactor × retry period (k8s.io/client-go/tools/leaderelection: JitterFactor = 1.2).
const CLIENT_GO_JITTER_FACTOR = 1.2;

const KEYS = {
  duration: "l2announcements.leaseDuration",
  renew: "l2announcements.leaseRenewDeadline",
  retry: "l2announcements.leaseRetryPeriod",
} as const;

export const l2LeaseTimings: DocumentedRule = {
  id: "l2-lease-timings",
  title:
    "L2 lease durations parse as Go durations and satisfy leaseDuration > renewDeadline > 1.2 × retryPeriod",
  severities: ["error"],
  why: "The agent's leader election refuses inconsistent timings (or fails to parse them), and then no node ever announces a LoadBalancer IP.",
  check(model) {
    const facts = chartFacts(model);
    if (!facts || !readBoolean(model, facts.compat, "l2announcements.enabled").on) return [];
    const defaults = facts.compat.l2LeaseDefaults.value;
    const fallback = {
      duration: defaults.leaseDuration,
      renew: defaults.leaseRenewDeadline,
      retry: defaults.leaseRetryPeriod,
    };
    const findings: Finding[] = [];
    const ms: Partial<Record<keyof typeof KEYS, number>> = {};
    for (const name of Object.keys(KEYS) as (keyof typeof KEYS)[]) {
      const key = KEYS[name];
      const set = model.values.has(key) && model.values.get(key) !== null;
      const value = set ? model.values.get(key) : fallback[name];
      const parsed = typeof value === "string" ? parseGoDuration(value) : undefined;
      if (parsed === undefined || parsed <= 0) {
        findings.push({
          id: "l2-lease-timings",
          severity: "error",
          message: `${key} is ${showValue(value)}, which is not a positive Go duration: the agent cannot parse it and does not start. Write it with a unit, e.g. \`${key.split(".")[1]}: ${fallback[name]}\`.`,
          ...atValue(model, key),
        });
        continue;
      }
      ms[name] = parsed;
    }
    const { duration, renew, retry } = ms;
    if (duration !== undefined && renew !== undefined && duration <= renew) {
      findings.push({
        id: "l2-lease-timings",
        severity: "error",
        message: `leaseDuration (${seconds(duration)}) must be longer than leaseRenewDeadline (${seconds(renew)}): client-go's leader election refuses this, so no node takes the L2 leases and no LoadBalancer IP is announced. Keep the defaults (${defaults.leaseDuration} / ${defaults.leaseRenewDeadline}) or make leaseDuration about 3× the renew deadline.`,
        ...atValue(model, model.values.has(KEYS.duration) ? KEYS.duration : KEYS.renew),
      });
    }
    if (renew !== undefined && retry !== undefined && renew <= CLIENT_GO_JITTER_FACTOR * retry) {
      findings.push({
        id: "l2-lease-timings",
        severity: "error",
        message: `leaseRenewDeadline (${seconds(renew)}) must be longer than ${CLIENT_GO_JITTER_FACTOR} × leaseRetryPeriod (${seconds(retry)}): client-go's leader election refuses this, so no L2 lease is ever taken. Keep the defaults (${defaults.leaseRenewDeadline} / ${defaults.leaseRetryPeriod}) or shorten leaseRetryPeriod.`,
        ...atValue(model, model.values.has(KEYS.retry) ? KEYS.retry : KEYS.renew),
      });
    }
    return findings;
  },
};

function seconds(milliseconds: number): string {
  return `${milliseconds / 1000}s`;
}
