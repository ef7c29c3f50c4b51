import { describe, expect, it } from "vitest";
import { WaitTimeoutError } from "../../src/errors.ts";
import { manualClock } from "../../src/wait/clock.ts";
import { waitUntil } from "../../src/wait/wait-until.ts";

describe("waitUntil", () => {
  it("returns the value once observed done, with attempts and elapsed time", async () => {
    const clock = manualClock();
    let calls = 0;
    const result = await waitUntil({
      name: "lbIpAssigned",
      budgetMs: 10_000,
      expectation: "no IP",
      intervalMs: 500,
      clock,
      observe: async () => {
        calls += 1;
        return calls < 3
          ? { done: false, seen: "no ingress" }
          : { done: true, value: "192.168.5.30", seen: "ip" };
      },
    });
    expect(result).toMatchObject({ value: "192.168.5.30", attempts: 3, elapsedMs: 1000 });
  });

  it("times out with the name, budget and last observation in the message", async () => {
    const clock = manualClock();
    const failure = waitUntil({
      name: "lbIpAssigned",
      budgetMs: 60_000,
      expectation: "no IP",
      intervalMs: 1000,
      clock,
      observe: async () => ({
        done: false,
        seen: "condition cilium.io/IPAMRequestSatisfied=False reason=no_pool",
      }),
    });
    await expect(failure).rejects.toThrow(WaitTimeoutError);
    await expect(failure).rejects.toThrow(
      "lbIpAssigned: no IP after 60s (last: condition cilium.io/IPAMRequestSatisfied=False reason=no_pool)",
    );
    expect(clock.now()).toBe(60_000);
  });

  it("records a throwing observation as what was seen and keeps trying", async () => {
    const clock = manualClock();
    let calls = 0;
    const failure = waitUntil({
      name: "crdEstablished",
      budgetMs: 3000,
      expectation: "not Established",
      clock,
      observe: async () => {
        calls += 1;
        throw new Error(`connection refused #${calls}`);
      },
    });
    await expect(failure).rejects.toThrow("(last: error: connection refused #4)");
  });
});
