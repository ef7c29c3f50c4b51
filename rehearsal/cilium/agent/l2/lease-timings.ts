// L2Announcer.leaseTimings (pkg/l2announcer/l2announcer.go): the agent repairs timings the
// leader election would refuse instead of failing, and logs a warning for each repair.

import { JITTER_FACTOR } from "./leader-elector.ts";

export interface LeaseTimings {
  leaseDurationMs: number;
  renewDeadlineMs: number;
  retryPeriodMs: number;
}

export function sanitiseLeaseTimings(input: LeaseTimings): { timings: LeaseTimings; warnings: string[] } {
  let { leaseDurationMs, renewDeadlineMs, retryPeriodMs } = input;
  const warnings: string[] = [];
  if (leaseDurationMs < 1000) {
    warnings.push("--l2-announcements-lease-duration must be greater than 1s, defaulting to 1s");
    leaseDurationMs = 1000;
  }
  if (renewDeadlineMs < 1e-6) {
    warnings.push("--l2-announcements-renew-deadline must be greater than 1ns, defaulting to 1s");
    renewDeadlineMs = 1000;
  }
  if (retryPeriodMs < 1e-6) {
    warnings.push("--l2-announcements-retry-period must be greater than 1ns, defaulting to 200ms");
    retryPeriodMs = 200;
  }
  if (leaseDurationMs <= renewDeadlineMs) {
    warnings.push(
      "--l2-announcements-lease-duration must be greater than --l2-announcements-renew-deadline, defaulting to a 2/1 ratio",
    );
    renewDeadlineMs = leaseDurationMs / 2;
  }
  if (renewDeadlineMs <= JITTER_FACTOR * retryPeriodMs) {
    warnings.push(
      `--l2-announcements-renew-deadline must be greater than --l2-announcements-retry-period * ${JITTER_FACTOR.toFixed(2)}, defaulting to --l2-announcements-retry-period / 2`,
    );
    retryPeriodMs = renewDeadlineMs / 2;
  }
  return { timings: { leaseDurationMs, renewDeadlineMs, retryPeriodMs }, warnings };
}
