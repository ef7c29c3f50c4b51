import { describe, expect, it } from "vitest";
import {
  designWeightedSplit,
  SPLIT_FALSE_ALARM_ONE_IN,
  SPLIT_MISS_ONE_IN,
} from "../../src/probes/weighted-split-design.ts";
import { binomialTable, centralRange, probabilityBetween } from "../../src/stats/binomial.ts";

// Independent exact arithmetic for the checks below: Σ C(n,k)·a^k·b^(n−k) over (a+b)^n.
function exactBetween(
  n: number,
  a: bigint,
  b: bigint,
  low: number,
  high: number,
): { num: bigint; den: bigint } {
  let choose = 1n;
  let num = 0n;
  for (let k = 0; k <= n; k += 1) {
    if (k >= low && k <= high) num += choose * a ** BigInt(k) * b ** BigInt(n - k);
    choose = (choose * BigInt(n - k)) / BigInt(k + 1);
  }
  return { num, den: (a + b) ** BigInt(n) };
}

describe("designWeightedSplit (exact binomial, no sampling)", () => {
  const fifty = designWeightedSplit({ "echo-a": 50, "echo-b": 50 });

  it("sizes a 50/50 route at 1,050 requests accepting 472..578 answers per backend", () => {
    expect(fifty.requests).toBe(1050);
    expect(fifty.backends.map(({ backend, low, high }) => ({ backend, low, high }))).toEqual([
      { backend: "echo-a", low: 472, high: 578 },
      { backend: "echo-b", low: 472, high: 578 },
    ]);
  });

  it("fails a correct 50/50 route at most one run in a thousand", () => {
    const inside = exactBetween(1050, 1n, 1n, 472, 578);
    const falseAlarm = inside.den - inside.num;
    expect(falseAlarm * BigInt(SPLIT_FALSE_ALARM_ONE_IN)).toBeLessThanOrEqual(inside.den);
    expect(fifty.falseAlarm).toBeCloseTo(Number((falseAlarm * 10n ** 30n) / inside.den) / 1e30, 12);
  });

  it("passes a 60/40 (or 40/60) route at most one run in a thousand", () => {
    for (const [a, b] of [
      [3n, 2n],
      [2n, 3n],
    ] as const) {
      const accepted = exactBetween(1050, a, b, 472, 578);
      expect(accepted.num * BigInt(SPLIT_MISS_ONE_IN)).toBeLessThanOrEqual(accepted.den);
    }
    expect(fifty.missAtShift).toBeLessThan(1 / SPLIT_MISS_ONE_IN);
  });

  it("is the smallest size that does so: 1,000 requests would miss 60/40 more often", () => {
    const range = centralRange(binomialTable(1000, { num: 1n, den: 2n }), 2 * SPLIT_FALSE_ALARM_ONE_IN);
    const accepted = probabilityBetween(binomialTable(1000, { num: 3n, den: 5n }), range.low, range.high);
    expect(accepted.num * BigInt(SPLIT_MISS_ONE_IN)).toBeGreaterThan(accepted.den);
  });

  it("splits the false-alarm budget over three or more backends (Bonferroni)", () => {
    const three = designWeightedSplit({ a: 1, b: 1, c: 1 });
    let outside = 0n;
    let den = 1n;
    for (const range of three.backends) {
      const inside = exactBetween(three.requests, 1n, 2n, range.low, range.high);
      outside = outside * inside.den + (inside.den - inside.num) * den;
      den *= inside.den;
    }
    expect(outside * BigInt(SPLIT_FALSE_ALARM_ONE_IN)).toBeLessThanOrEqual(den);
    expect(three.falseAlarm).toBeLessThanOrEqual(1 / SPLIT_FALSE_ALARM_ONE_IN);
  });

  it("accepts exactly 0 answers from a weight-0 backend and every answer from a lone one", () => {
    const design = designWeightedSplit({ a: 1, b: 0 });
    expect(design.backends).toEqual([
      { backend: "a", weight: 1, share: { num: 1n, den: 1n }, low: design.requests, high: design.requests },
      { backend: "b", weight: 0, share: { num: 0n, den: 1n }, low: 0, high: 0 },
    ]);
  });

  it("refuses weights that are not natural numbers or add up to nothing", () => {
    expect(() => designWeightedSplit({ a: 1.5, b: 1 })).toThrow(RangeError);
    expect(() => designWeightedSplit({ a: 0, b: 0 })).toThrow(/add up to 0/);
  });
});
