import { describe, expect, it } from "vitest";
import { WaitTimeoutError } from "../../src/errors.ts";
import { manualClock } from "../../src/wait/clock.ts";
import { type Observation, waitUntil } from "../../src/wait/wait-until.ts";

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

  it("aborts a look that hangs when the budget runs out, and times out on time with the last completed look", async () => {
    const clock = manualClock();
    const signals: AbortSignal[] = [];
    let calls = 0;
    const failure = waitUntil({
      name: "gatewayProgrammed",
      budgetMs: 10_000,
      expectation: "not Programmed",
      intervalMs: 1000,
      clock,
      observe: (signal) => {
        calls += 1;
        signals.push(signal);
        if (calls < 3) return Promise.resolve({ done: false, seen: `Programmed=False #${calls}` });
        return new Promise<Observation<unknown>>(() => {}); // a request that never answers
      },
    });
    const settled = failure.then(
      () => "resolved",
      () => "rejected",
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(clock.now()).toBe(2000);
    expect(signals[2]?.aborted).toBe(false);
    clock.advance(7999);
    await new Promise((resolve) => setImmediate(resolve));
    expect(await Promise.race([settled, Promise.resolve("pending")])).toBe("pending");
    clock.advance(1);
    await expect(failure).rejects.toThrow(
      "gatewayProgrammed: not Programmed after 10s (last: Programmed=False #2; the next look was still running when the budget ran out)",
    );
    expect(signals[2]?.aborted).toBe(true);
    expect(clock.now()).toBe(10_000);
  });

  it("gives the last look, taken after a pause that reached the budget, its own short deadline", async () => {
    const clock = manualClock();
    let calls = 0;
    let finalSignal: AbortSignal | undefined;
    const failure = waitUntil({
      name: "lbIpAssigned",
      budgetMs: 3000,
      expectation: "no IP",
      intervalMs: 5000,
      clock,
      observe: (signal) => {
        calls += 1;
        if (calls === 1) return Promise.resolve({ done: false, seen: "no ingress" });
        finalSignal = signal;
        return new Promise<Observation<unknown>>(() => {});
      },
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(clock.now()).toBe(3000);
    expect(finalSignal?.aborted).toBe(false);
    clock.advance(1000);
    await expect(failure).rejects.toThrow("(last: no ingress; the next look was still running");
    expect(finalSignal?.aborted).toBe(true);
    expect(calls).toBe(2);
  });

  it("passes the caller's abort to the look in progress and rethrows its reason", async () => {
    const caller = new AbortController();
    let lookSignal: AbortSignal | undefined;
    const waiting = waitUntil({
      name: "crdEstablished",
      budgetMs: 60_000,
      expectation: "not Established",
      clock: manualClock(),
      signal: caller.signal,
      observe: (signal) => {
        lookSignal = signal;
        return new Promise<Observation<unknown>>(() => {});
      },
    });
    await new Promise((resolve) => setImmediate(resolve));
    caller.abort(new Error("run cancelled"));
    await expect(waiting).rejects.toThrow("run cancelled");
    expect(lookSignal?.aborted).toBe(true);
  });
});
