import { afterEach, describe, expect, it } from "vitest";
import {
  type ElectionFaults,
  LeaderElector,
} from "../../../../../rehearsal/cilium/agent/l2/leader-elector.ts";
import { ManualClock } from "./manual-clock.ts";
import { MemoryLease } from "./memory-lease-lock.ts";

// The chart's defaults (values.yaml l2announcements.*): 15s / 5s / 2s.
const TIMINGS = { leaseDurationMs: 15_000, renewDeadlineMs: 5_000, retryPeriodMs: 2_000 };

interface Node {
  name: string;
  elector: LeaderElector;
  leading: boolean;
  events: string[];
  stop: AbortController;
  done: Promise<void>;
}

let nodes: Node[] = [];

afterEach(async () => {
  for (const node of nodes) node.stop.abort();
  nodes = [];
});

function startNode(
  clock: ManualClock,
  lease: MemoryLease,
  name: string,
  options: { random?: () => number; faults?: ElectionFaults; releaseOnCancel?: boolean } = {},
): Node {
  const node = { name, leading: false, events: [] as string[], stop: new AbortController() } as Node;
  node.elector = new LeaderElector({
    lock: lease.lock(name),
    ...TIMINGS,
    releaseOnCancel: options.releaseOnCancel ?? true,
    clock: clock.for(name),
    random: options.random ?? (() => 0),
    faults: options.faults,
    onStartedLeading: () => {
      node.leading = true;
      node.events.push(`started@${clock.time}`);
    },
    onStoppedLeading: () => {
      node.leading = false;
      node.events.push(`stopped@${clock.time}`);
    },
  });
  node.done = node.elector.run(node.stop.signal);
  nodes.push(node);
  return node;
}

/** Advances in steps until `check` holds; the elapsed time, or undefined past `limitMs`. */
async function timeUntil(clock: ManualClock, check: () => boolean, limitMs: number, stepMs = 100) {
  const start = clock.time;
  while (!check()) {
    if (clock.time - start > limitMs) return undefined;
    await clock.advance(stepMs);
  }
  return clock.time - start;
}

describe("LeaderElector (client-go semantics)", () => {
  it("creates the Lease with whole-second leaseDurationSeconds, then renews it every retryPeriod keeping acquireTime", async () => {
    const clock = new ManualClock();
    const lease = new MemoryLease();
    const a = startNode(clock, lease, "worker");
    await clock.advance(0);
    expect(a.leading).toBe(true);
    const created = lease.record!;
    expect(created).toMatchObject({
      holderIdentity: "worker",
      leaseDurationSeconds: 15,
      leaderTransitions: 0,
    });
    await clock.advance(6_000);
    // renew() starts with an immediate renewal (wait.Until runs its function before waiting).
    expect(lease.writes.length, "create, then renewals at 0s, 2s, 4s, 6s").toBe(5);
    expect(lease.record!.acquireTime).toBe(created.acquireTime);
    expect(lease.record!.renewTime).toBe(clock.time);
  });

  it("a candidate does not take a lease that is being renewed", async () => {
    const clock = new ManualClock();
    const lease = new MemoryLease();
    const a = startNode(clock, lease, "worker");
    await clock.advance(0);
    const b = startNode(clock, lease, "worker2");
    await clock.advance(60_000);
    expect(a.leading).toBe(true);
    expect(b.leading).toBe(false);
    expect(lease.writes.every((w) => w.by === "worker")).toBe(true);
  });

  it("takes over from a paused holder once leaseDuration has passed since it last SAW the record change", async () => {
    const clock = new ManualClock();
    const lease = new MemoryLease();
    const a = startNode(clock, lease, "worker");
    await clock.advance(0);
    const b = startNode(clock, lease, "worker2", { random: () => 0.5 });
    await clock.advance(10_000);
    clock.freeze("worker");
    const lastRenew = lease.record!.renewTime!;
    const pausedAt = clock.time;
    const failover = await timeUntil(clock, () => b.leading, 40_000);
    expect(failover, "worker2 leads").toBeDefined();
    // Observed change at most one candidate poll (≤ 2.2 × retry) after the last renewal; takeover
    // at the first poll after observed + 15s.
    const sinceLastRenew = clock.time - lastRenew;
    expect(sinceLastRenew).toBeGreaterThanOrEqual(15_000);
    expect(sinceLastRenew).toBeLessThanOrEqual(15_000 + 2 * 2.2 * 2_000);
    expect(failover!).toBeGreaterThanOrEqual(15_000 - (pausedAt - lastRenew));
    expect(lease.record).toMatchObject({ holderIdentity: "worker2", leaderTransitions: 1 });
    expect(lease.record!.acquireTime).toBe(lease.record!.renewTime);
    expect(a.leading, "the paused holder has not noticed yet").toBe(true);
  });

  it("a thawed ex-holder stops leading within renewDeadline and does not steal the lease back", async () => {
    const clock = new ManualClock();
    const lease = new MemoryLease();
    const a = startNode(clock, lease, "worker");
    await clock.advance(0);
    const b = startNode(clock, lease, "worker2");
    await clock.advance(3_000);
    clock.freeze("worker");
    await timeUntil(clock, () => b.leading, 40_000);
    await clock.thaw("worker");
    const stoppedAfter = await timeUntil(clock, () => !a.leading, 10_000);
    expect(stoppedAfter).toBeDefined();
    expect(stoppedAfter!).toBeLessThanOrEqual(TIMINGS.renewDeadlineMs);
    await clock.advance(30_000);
    expect(lease.record!.holderIdentity).toBe("worker2");
    expect(a.events.at(-1)).toMatch(/^stopped@/);
  });

  it("stops leading when renewals fail for renewDeadline (API server unreachable)", async () => {
    const clock = new ManualClock();
    const lease = new MemoryLease();
    const a = startNode(clock, lease, "worker");
    await clock.advance(0);
    await clock.advance(2_000);
    lease.failing = true;
    const lostAfter = await timeUntil(clock, () => !a.leading, 20_000);
    expect(lostAfter).toBeDefined();
    expect(lostAfter!).toBeGreaterThan(TIMINGS.renewDeadlineMs - 100);
    expect(lostAfter!).toBeLessThanOrEqual(TIMINGS.renewDeadlineMs + TIMINGS.retryPeriodMs + 100);
  });

  it("releases on cancel (holder empty, leaseDurationSeconds 1), and a candidate takes over about a second later", async () => {
    const clock = new ManualClock();
    const lease = new MemoryLease();
    const a = startNode(clock, lease, "worker");
    await clock.advance(0);
    const b = startNode(clock, lease, "worker2");
    await clock.advance(4_000);
    a.stop.abort();
    await a.done;
    expect(lease.record).toMatchObject({ holderIdentity: "", leaseDurationSeconds: 1, leaderTransitions: 0 });
    const takeover = await timeUntil(clock, () => b.leading, 10_000);
    expect(takeover).toBeDefined();
    expect(takeover!).toBeLessThanOrEqual(1_000 + 2.2 * 2_000 + 100);
    expect(a.events.at(-1)).toMatch(/^stopped@/);
  });

  it("onStoppedLeading runs even for a candidate that never led", async () => {
    const clock = new ManualClock();
    const lease = new MemoryLease();
    startNode(clock, lease, "worker");
    await clock.advance(0);
    const b = startNode(clock, lease, "worker2");
    await clock.advance(1_000);
    b.stop.abort();
    await b.done;
    expect(b.events).toEqual([`stopped@${clock.time}`]);
  });

  it("faults: neverTakeOver keeps a paused holder's lease; takeoverDelayFactor 3 triples the wait", async () => {
    for (const [faults, expectTakeover] of [
      [{ neverTakeOver: true }, false],
      [{ takeoverDelayFactor: 3 }, true],
    ] as const) {
      const clock = new ManualClock();
      const lease = new MemoryLease();
      startNode(clock, lease, "worker");
      await clock.advance(0);
      const b = startNode(clock, lease, "worker2", { faults });
      await clock.advance(2_000);
      clock.freeze("worker");
      const lastRenew = lease.record!.renewTime!;
      const took = await timeUntil(clock, () => b.leading, 60_000);
      if (!expectTakeover) {
        expect(took).toBeUndefined();
      } else {
        expect(clock.time - lastRenew).toBeGreaterThanOrEqual(45_000);
      }
      for (const node of nodes) node.stop.abort();
      nodes = [];
    }
  });

  it("refuses timings client-go refuses", () => {
    const base = {
      lock: new MemoryLease().lock("x"),
      releaseOnCancel: true,
      clock: new ManualClock().for("x"),
      onStartedLeading: () => {},
      onStoppedLeading: () => {},
    };
    expect(
      () => new LeaderElector({ ...base, leaseDurationMs: 5000, renewDeadlineMs: 5000, retryPeriodMs: 1000 }),
    ).toThrow(/leaseDuration must be greater than renewDeadline/);
    expect(
      () =>
        new LeaderElector({ ...base, leaseDurationMs: 15000, renewDeadlineMs: 2400, retryPeriodMs: 2000 }),
    ).toThrow(/renewDeadline must be greater than retryPeriod\*JitterFactor/);
  });
});

describe("LeaderElector fault holderLeaseSeconds", () => {
  it("an hour-long lease keeps a paused holder in place", async () => {
    const clock = new ManualClock();
    const lease = new MemoryLease();
    startNode(clock, lease, "worker", { faults: { holderLeaseSeconds: 3600 } });
    await clock.advance(0);
    expect(lease.record!.leaseDurationSeconds).toBe(3600);
    const b = startNode(clock, lease, "worker2");
    await clock.advance(2_000);
    clock.freeze("worker");
    expect(await timeUntil(clock, () => b.leading, 60_000)).toBeUndefined();
    for (const node of nodes) node.stop.abort();
    nodes = [];
  });
});
