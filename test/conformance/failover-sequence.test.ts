import { describe, expect, it } from "vitest";
import {
  type FailoverSteps,
  runFailoverSequence,
  settle,
} from "../../src/conformance/l2-announcements/failover-sequence.ts";

// A recording double of the cluster side: which steps ran, in which order, and which of them throw.
function steps(fail: Partial<Record<"awaitAnswers" | "pause" | "whilePaused" | "unpause" | "stop", Error>>) {
  const calls: string[] = [];
  const notes: string[] = [];
  const watch = {
    async stop() {
      calls.push("stop");
      if (fail.stop) throw fail.stop;
      return { rounds: 7 };
    },
  };
  const step = (name: "awaitAnswers" | "pause" | "unpause") => async () => {
    calls.push(name);
    if (fail[name]) throw fail[name];
  };
  const sequence: FailoverSteps<typeof watch, string> = {
    startWatch: () => {
      calls.push("start");
      return watch;
    },
    awaitAnswers: step("awaitAnswers"),
    pause: step("pause"),
    whilePaused: async () => {
      calls.push("whilePaused");
      if (fail.whilePaused) throw fail.whilePaused;
      return "measured";
    },
    unpause: step("unpause"),
    noteCleanupFailure: (what, error) => notes.push(`${what}: ${(error as Error).message}`),
  };
  return { calls, notes, sequence };
}

describe("runFailoverSequence", () => {
  it("runs watch → wait → pause → measure → unpause → stop and returns the report and the outcome", async () => {
    const { calls, notes, sequence } = steps({});
    const run = await runFailoverSequence(sequence);
    expect(run).toEqual({ report: { rounds: 7 }, outcome: "measured" });
    expect(calls).toEqual(["start", "awaitAnswers", "pause", "whilePaused", "unpause", "stop"]);
    expect(notes).toEqual([]);
  });

  it("stops the watch when the wait before the pause throws, and pauses nothing", async () => {
    const error = new Error("the ARP watch saw no answer before the pause");
    const { calls, sequence } = steps({ awaitAnswers: error });
    await expect(runFailoverSequence(sequence)).rejects.toBe(error);
    expect(calls).toEqual(["start", "awaitAnswers", "stop"]);
  });

  it("unpauses and stops the watch when the measurement throws (e.g. HTTP never converged)", async () => {
    const error = new Error("l2Failover: budget exhausted");
    const { calls, sequence } = steps({ whilePaused: error });
    await expect(runFailoverSequence(sequence)).rejects.toBe(error);
    expect(calls).toEqual(["start", "awaitAnswers", "pause", "whilePaused", "unpause", "stop"]);
  });

  it("still unpauses when docker pause itself failed (it may have taken effect before a timeout)", async () => {
    const error = new Error("docker pause timed out");
    const { calls, sequence } = steps({ pause: error });
    await expect(runFailoverSequence(sequence)).rejects.toBe(error);
    expect(calls).toEqual(["start", "awaitAnswers", "pause", "unpause", "stop"]);
  });

  it("keeps the measurement's error when the cleanup fails too, and notes the cleanup failures", async () => {
    const error = new Error("Lease read failed: connection refused");
    const { calls, notes, sequence } = steps({
      whilePaused: error,
      unpause: new Error("container is not paused"),
      stop: new Error("LAN client gone"),
    });
    await expect(runFailoverSequence(sequence)).rejects.toBe(error);
    expect(calls).toEqual(["start", "awaitAnswers", "pause", "whilePaused", "unpause", "stop"]);
    expect(notes).toEqual(["unpause: container is not paused", "stop the ARP watch: LAN client gone"]);
  });

  it("throws a failed unpause after a good measurement (a node left paused is a failure), still stopping the watch", async () => {
    const unpause = new Error("docker unpause: no such container");
    const { calls, notes, sequence } = steps({ unpause });
    await expect(runFailoverSequence(sequence)).rejects.toBe(unpause);
    expect(calls.at(-1)).toBe("stop");
    expect(notes).toEqual([]);
  });

  it("throws a watch that failed to stop when nothing else failed", async () => {
    const stop = new Error("ARP rounds kept failing");
    const { sequence } = steps({ stop });
    await expect(runFailoverSequence(sequence)).rejects.toBe(stop);
  });
});

describe("settle", () => {
  it("turns a result or a rejection into a value", async () => {
    expect(await settle(Promise.resolve(3))).toEqual({ ok: true, value: 3 });
    const error = new Error("no");
    expect(await settle(Promise.reject(error))).toEqual({ ok: false, error });
  });
});
