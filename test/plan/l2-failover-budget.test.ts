import { describe, expect, it } from "vitest";
import { compatFor } from "../../src/compat/compat-for.ts";
import {
  effectiveLeaseTimings,
  failoverBudgetFor,
  l2FailoverBudget,
} from "../../src/plan/l2-failover-budget.ts";
import { buildModel } from "../checks/model-builder.ts";

const defaults = { leaseDurationMs: 15_000, renewDeadlineMs: 5_000, retryPeriodMs: 2_000 };

describe("L2 failover budget", () => {
  it("is leaseDuration + two jittered retries + one ARP round + margin: 28.3 s with Cilium's defaults", () => {
    const budget = failoverBudgetFor(defaults);
    expect(budget).toMatchObject({
      totalMs: 28_300,
      electionRetriesMs: 8_800,
      arpRoundMs: 2_500,
      marginMs: 2_000,
    });
    expect(budget.formula).toBe(
      "leaseDuration 15s + 2 × 2.2 × retryPeriod 2s (8.8s) + ARP round 2.5s + margin 2s = 28.3s",
    );
  });

  it("covers the slowest healthy election but not a doubled failover", () => {
    const { totalMs, leaseDurationMs, retryPeriodMs } = failoverBudgetFor(defaults);
    // client-go: candidate sees the last renewal ≤ 2.2 × retry after the pause, acquires ≤ 2.2 × retry
    // after leaseDuration has passed since then; the round that sees it alone starts within a round.
    const slowestHealthy = leaseDurationMs + 2 * 2.2 * retryPeriodMs + 2_500;
    expect(totalMs).toBeGreaterThanOrEqual(slowestHealthy);
    expect(totalMs).toBeLessThan(2 * leaseDurationMs);
  });

  it("uses the timings the agent corrects them to (pkg/l2announcer leaseTimings)", () => {
    expect(effectiveLeaseTimings({ leaseDurationMs: 500, renewDeadlineMs: 200, retryPeriodMs: 100 })).toEqual(
      {
        leaseDurationMs: 1000,
        renewDeadlineMs: 200,
        retryPeriodMs: 100,
      },
    );
    // renewDeadline ≥ leaseDuration → leaseDuration / 2; then retry × 1.2 ≥ renewDeadline → renewDeadline / 2
    expect(
      effectiveLeaseTimings({ leaseDurationMs: 4000, renewDeadlineMs: 5000, retryPeriodMs: 2000 }),
    ).toEqual({
      leaseDurationMs: 4000,
      renewDeadlineMs: 2000,
      retryPeriodMs: 1000,
    });
  });

  it("reads the repo's l2announcements.lease* values, the chart's defaults where unset", () => {
    const model = buildModel({
      values: "l2announcements:\n  enabled: true\n  leaseDuration: 10s\n  leaseRetryPeriod: 1s\n",
    });
    const budget = l2FailoverBudget(model.values, compatFor("1.18.11"));
    expect(budget).toMatchObject({ leaseDurationMs: 10_000, renewDeadlineMs: 5_000, retryPeriodMs: 1_000 });
    expect(budget.totalMs).toBe(10_000 + 4_400 + 2_500 + 2_000);
  });
});
