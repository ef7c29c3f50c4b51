import { describe, expect, it } from "vitest";
import { sanitiseLeaseTimings } from "../../../../../rehearsal/cilium/agent/l2/lease-timings.ts";

describe("sanitiseLeaseTimings", () => {
  it("keeps valid timings", () => {
    const input = { leaseDurationMs: 15_000, renewDeadlineMs: 5_000, retryPeriodMs: 2_000 };
    expect(sanitiseLeaseTimings(input)).toEqual({ timings: input, warnings: [] });
  });

  it("repairs as the agent does: 2/1 ratio, then retry = renew / 2", () => {
    const { timings, warnings } = sanitiseLeaseTimings({
      leaseDurationMs: 4_000,
      renewDeadlineMs: 5_000,
      retryPeriodMs: 2_000,
    });
    expect(timings).toEqual({ leaseDurationMs: 4_000, renewDeadlineMs: 2_000, retryPeriodMs: 1_000 });
    expect(warnings).toHaveLength(2);
    expect(
      sanitiseLeaseTimings({ leaseDurationMs: 500, renewDeadlineMs: 200, retryPeriodMs: 100 }).timings
        .leaseDurationMs,
    ).toBe(1_000);
  });
});
