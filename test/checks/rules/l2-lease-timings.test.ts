import { describe, expect, it } from "vitest";
import { l2LeaseTimings } from "../../../src/checks/rules/l2-lease-timings.ts";
import { findingsOf } from "../model-builder.ts";

const lease = (duration: string, renew: string, retry: string) =>
  `l2announcements:\n  enabled: true\n  leaseDuration: ${duration}\n  leaseRenewDeadline: ${renew}\n  leaseRetryPeriod: ${retry}\n`;

describe("l2-lease-timings", () => {
  it("accepts the defaults and unset values", () => {
    expect(findingsOf(l2LeaseTimings, { values: lease("15s", "5s", "2s") })).toEqual([]);
    expect(findingsOf(l2LeaseTimings, { values: "l2announcements:\n  enabled: true\n" })).toEqual([]);
  });

  it("reports a renew deadline not shorter than the lease duration", () => {
    const [finding] = findingsOf(l2LeaseTimings, { values: lease("5s", "5s", "1s") });
    expect(finding).toMatchObject({ severity: "error", line: 3 });
    expect(finding!.message).toContain("leaseDuration (5s) must be longer than leaseRenewDeadline (5s)");
  });

  it("applies client-go's 1.2 jitter factor to the retry period", () => {
    const [finding] = findingsOf(l2LeaseTimings, { values: lease("15s", "2400ms", "2s") });
    expect(finding!.message).toContain("1.2 × leaseRetryPeriod (2s)");
    expect(findingsOf(l2LeaseTimings, { values: lease("15s", "2500ms", "2s") })).toEqual([]);
  });

  it("reports a duration without a unit", () => {
    const [finding] = findingsOf(l2LeaseTimings, { values: lease("15", "5s", "2s") });
    expect(finding!.message).toContain("not a positive Go duration");
    expect(finding!.message).toContain("`leaseDuration: 15s`");
  });

  it("is silent while L2 announcements are off", () => {
    expect(
      findingsOf(l2LeaseTimings, { values: "l2announcements:\n  enabled: false\n  leaseDuration: 1s\n" }),
    ).toEqual([]);
  });
});
