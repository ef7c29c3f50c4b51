import { describe, expect, it } from "vitest";
import { l2LeaseTimings } from "../../../src/checks/rules/l2-lease-timings.ts";
import { agentDuration } from "../../../src/go/agent-duration.ts";
import { findingsOf } from "../model-builder.ts";

const lease = (duration: string, renew: string, retry: string) =>
  `l2announcements:\n  enabled: true\n  leaseDuration: ${duration}\n  leaseRenewDeadline: ${renew}\n  leaseRetryPeriod: ${retry}\n`;

describe("l2-lease-timings", () => {
  it("accepts the defaults and unset values", () => {
    expect(findingsOf(l2LeaseTimings, { values: lease("15s", "5s", "2s") })).toEqual([]);
    expect(findingsOf(l2LeaseTimings, { values: "l2announcements:\n  enabled: true\n" })).toEqual([]);
  });

  it("warns that the agent halves the lease for a renew deadline not shorter than it (it does not refuse it)", () => {
    const [finding] = findingsOf(l2LeaseTimings, { values: lease("5s", "5s", "1s") });
    expect(finding).toMatchObject({ severity: "warning", line: 4 });
    expect(finding!.message).toContain(
      "leaseRenewDeadline (5s) is not shorter than leaseDuration (5s): Cilium's L2 announcer (pkg/l2announcer leaseTimings) logs a warning and uses leaseDuration / 2 = 2.5s instead",
    );
    expect(finding!.message).toContain("failover runs on 5s / 2.5s / 1s");
  });

  it("applies client-go's 1.2 jitter factor: the agent halves the renew deadline for the retry period", () => {
    const [finding] = findingsOf(l2LeaseTimings, { values: lease("15s", "2400ms", "2s") });
    expect(finding).toMatchObject({ severity: "warning", line: 5 });
    expect(finding!.message).toContain("1.2 × leaseRetryPeriod (2s)");
    expect(finding!.message).toContain("uses renewDeadline / 2 = 1.2s as the retry period");
    expect(finding!.message).toContain("failover runs on 15s / 2.4s / 1.2s");
    expect(findingsOf(l2LeaseTimings, { values: lease("15s", "2500ms", "2s") })).toEqual([]);
  });

  it("warns that a number without a unit is nanoseconds, which the agent raises to a 1s lease", () => {
    const findings = findingsOf(l2LeaseTimings, { values: lease("15", "5s", "2s") });
    // The agent logs one warning per correction: the lease, then the renew deadline, then the retry period.
    expect(findings.map((f) => f.severity)).toEqual(["warning", "warning", "warning", "warning"]);
    expect(findings[0]!.message).toContain(
      "reads as 15 nanoseconds, not seconds. Write `leaseDuration: 15s`",
    );
    expect(findings[1]!.message).toContain("leaseDuration (15ns) is under 1s");
    expect(findings[1]!.message).toContain("failover runs on 1s / 500ms / 250ms");
  });

  it("is an error only for a value the agent cannot read at all (it then does not start)", () => {
    const [finding] = findingsOf(l2LeaseTimings, { values: lease("15 s", "5s", "2s") });
    expect(finding).toMatchObject({ severity: "error", line: 3 });
    expect(finding!.message).toContain('"Incorrect config-map flag value"');
    expect(finding!.message).toContain("`leaseDuration: 15s`");
  });

  it("is silent while L2 announcements are off", () => {
    expect(
      findingsOf(l2LeaseTimings, { values: "l2announcements:\n  enabled: false\n  leaseDuration: 1s\n" }),
    ).toEqual([]);
  });
});

describe("agentDuration (spf13/cast ToDurationE, as the agent validates its ConfigMap)", () => {
  it("reads unit-less values as nanoseconds and leaves out what the chart does not render", () => {
    expect(agentDuration("15")).toEqual({ kind: "ms", ms: 0.000015, text: "15", unitless: true });
    expect(agentDuration(15)).toMatchObject({ kind: "ms", unitless: true });
    expect(agentDuration("1.5s")).toEqual({ kind: "ms", ms: 1500, text: "1.5s", unitless: false });
    expect(agentDuration("15 s")).toEqual({ kind: "unreadable", text: "15 s" });
    expect(agentDuration("abc")).toEqual({ kind: "unreadable", text: "abc" });
    for (const omitted of [undefined, null, 0, "", false])
      expect(agentDuration(omitted)).toEqual({ kind: "default" });
  });
});
