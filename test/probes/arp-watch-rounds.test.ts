import { describe, expect, it } from "vitest";
import {
  type ArpWatchEvent,
  type ArpWatchState,
  initialArpWatchState,
  reduceArpWatch,
  summarizeArpWatch,
} from "../../src/probes/arp-watch-rounds.ts";

const A = "02:42:0a:d5:07:02";
const B = "02:42:0a:d5:07:03";

/** Rounds one second apart from t=0: each entry is the set that answered. */
function rounds(...sets: string[][]): ArpWatchEvent[] {
  return sets.map((macs, index) => ({ type: "round", atMs: index * 1000, macs }));
}

function fold(events: ArpWatchEvent[]): ArpWatchState {
  return events.reduce(reduceArpWatch, initialArpWatchState());
}

describe("ARP watch reducer", () => {
  it("a steady holder: no change, no gap, no overlap", () => {
    const summary = summarizeArpWatch(fold(rounds([A], [A], [A])));
    expect(summary).toMatchObject({
      rounds: 3,
      probes: 3,
      answeredRounds: 3,
      spanMs: 2000,
      initial: [A],
      current: [A],
      changes: [],
      gaps: [],
      overlaps: [],
    });
    expect(summary.longestGap).toBeUndefined();
  });

  it("a failover A → silence → B: the changes, the gap and the new holder's time to first answer", () => {
    const summary = summarizeArpWatch(fold(rounds([A], [A], [], [], [], [B], [B])));
    expect(summary.changes).toEqual([
      { atMs: 2000, from: [A], to: [] },
      { atMs: 5000, from: [], to: [B], sinceLastAnswerMs: 4000 },
    ]);
    expect(summary.gaps).toEqual([
      { fromMs: 2000, toMs: 5000, durationMs: 3000, lastAnswerMs: 1000, open: false },
    ]);
    expect(summary.longestGap?.durationMs).toBe(3000);
    expect(summary.current).toEqual([B]);
  });

  it("the same holder coming back after silence is a change but not a new holder", () => {
    const summary = summarizeArpWatch(fold(rounds([A], [], [A])));
    expect(summary.changes).toEqual([
      { atMs: 1000, from: [A], to: [] },
      { atMs: 2000, from: [], to: [A] },
    ]);
    expect(summary.gaps[0]?.durationMs).toBe(1000);
  });

  it("keeps the longest of several gaps, and an open gap up to the last round", () => {
    const summary = summarizeArpWatch(fold(rounds([A], [], [A], [], [], [], [A], [], [])));
    expect(summary.gaps.map((gap) => [gap.fromMs, gap.durationMs, gap.open])).toEqual([
      [1000, 1000, false],
      [3000, 3000, false],
      [7000, 1000, true],
    ]);
    expect(summary.longestGap).toMatchObject({ fromMs: 3000, durationMs: 3000 });
  });

  it("an address never answered: one open gap from the first round, lastAnswer undefined", () => {
    const summary = summarizeArpWatch(fold(rounds([], [], [])));
    expect(summary.gaps).toEqual([
      { fromMs: 0, toMs: undefined, durationMs: 2000, lastAnswerMs: undefined, open: true },
    ]);
    expect(summary.answeredRounds).toBe(0);
    expect(summary.initial).toEqual([]);
  });

  it("reports windows where two MACs answered, and direct handovers with no gap", () => {
    const summary = summarizeArpWatch(fold(rounds([A], [A, B], [B, A], [B], [A, B])));
    expect(summary.overlaps).toEqual([
      { fromMs: 1000, toMs: 2000, macs: [A, B], rounds: 2 },
      { fromMs: 4000, toMs: 4000, macs: [A, B], rounds: 1 },
    ]);
    expect(summary.changes.map((change) => [change.atMs, change.to, change.sinceLastAnswerMs])).toEqual([
      [1000, [A, B], 1000],
      [3000, [B], 1000],
      [4000, [A, B], 1000],
    ]);
    expect(summary.gaps).toEqual([]);
  });

  it("normalises MAC case and order, so the same set in another spelling is no change", () => {
    const summary = summarizeArpWatch(
      fold([
        { type: "round", atMs: 0, macs: [B.toUpperCase(), A] },
        { type: "round", atMs: 1000, macs: [A, B] },
      ]),
    );
    expect(summary.changes).toEqual([]);
    expect(summary.initial).toEqual([A, B]);
  });

  it("a mark measures the first answer and the first new holder after it", () => {
    const events: ArpWatchEvent[] = [
      { type: "round", atMs: 0, macs: [A] },
      { type: "round", atMs: 1000, macs: [A] },
      { type: "mark", atMs: 1500, label: "paused holder" },
      { type: "round", atMs: 2000, macs: [A] },
      { type: "round", atMs: 3000, macs: [] },
      { type: "round", atMs: 4000, macs: [B] },
    ];
    const [mark] = summarizeArpWatch(fold(events)).marks;
    expect(mark).toEqual({
      label: "paused holder",
      atMs: 1500,
      answeringAtMark: [A],
      firstAnswerAfterMs: 500,
      firstNewAnswerAfterMs: 2500,
      newMacs: [B],
    });
  });

  it("a mark with no new holder yet leaves its figures undefined", () => {
    const state = fold([
      { type: "round", atMs: 0, macs: [A] },
      { type: "mark", atMs: 100, label: "x" },
    ]);
    const [mark] = summarizeArpWatch(reduceArpWatch(state, { type: "round", atMs: 1000, macs: [] })).marks;
    expect(mark?.firstAnswerAfterMs).toBeUndefined();
    expect(mark?.firstNewAnswerAfterMs).toBeUndefined();
  });

  it("does not change the state it is given", () => {
    const before = fold(rounds([A]));
    const copy = structuredClone(before);
    reduceArpWatch(before, { type: "round", atMs: 1000, macs: [B] });
    expect(before).toEqual(copy);
  });
});
