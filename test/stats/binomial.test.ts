import { describe, expect, it } from "vitest";
import {
  atMostOneIn,
  binomialTable,
  centralRange,
  probabilityBetween,
  rational,
  toNumber,
} from "../../src/stats/binomial.ts";

describe("binomialTable", () => {
  it("holds exact numerators over den^n (Binomial(4, 1/2) = 1 4 6 4 1 over 16)", () => {
    expect(binomialTable(4, { num: 1n, den: 2n })).toEqual({ n: 4, den: 16n, pmf: [1n, 4n, 6n, 4n, 1n] });
  });

  it("reduces the share first and handles thirds (Binomial(3, 2/6) = 8 12 6 1 over 27)", () => {
    expect(binomialTable(3, { num: 2n, den: 6n })).toEqual({ n: 3, den: 27n, pmf: [8n, 12n, 6n, 1n] });
  });

  it("sums to exactly 1 for a large n", () => {
    const table = binomialTable(1000, rational(3n, 5n));
    expect(table.pmf.reduce((sum, p) => sum + p, 0n)).toBe(table.den);
  });

  it("puts all the mass on one end for p = 0 and p = 1", () => {
    expect(binomialTable(3, { num: 0n, den: 1n }).pmf).toEqual([1n, 0n, 0n, 0n]);
    expect(binomialTable(3, { num: 1n, den: 1n }).pmf).toEqual([0n, 0n, 0n, 1n]);
  });

  it("refuses a probability outside [0, 1] and a negative n", () => {
    expect(() => binomialTable(3, { num: 3n, den: 2n })).toThrow(RangeError);
    expect(() => binomialTable(-1, { num: 1n, den: 2n })).toThrow(RangeError);
  });
});

describe("tails and ranges", () => {
  const fair10 = binomialTable(10, { num: 1n, den: 2n }); // 1 10 45 120 210 252 210 120 45 10 1 / 1024

  it("gives P(low ≤ X ≤ high) exactly, bounds clipped", () => {
    expect(probabilityBetween(fair10, 0, 1)).toEqual({ num: 11n, den: 1024n });
    expect(probabilityBetween(fair10, -5, 20)).toEqual({ num: 1024n, den: 1024n });
  });

  it("compares with one-in-N rates on integers", () => {
    expect(atMostOneIn({ num: 1n, den: 1024n }, 1024)).toBe(true);
    expect(atMostOneIn({ num: 1n, den: 1023n }, 1024)).toBe(false);
  });

  it("keeps the widest tails that each hold at most 1/tailOneIn", () => {
    // tail budget 1/50 = 20.48/1024: 1 + 10 = 11 fits, 11 + 45 does not.
    expect(centralRange(fair10, 50)).toEqual({ low: 2, high: 8 });
    // budget 1/1000: the outcome 0 alone (1/1024) fits, 0 and 1 together (11/1024) do not.
    expect(centralRange(fair10, 1000)).toEqual({ low: 1, high: 9 });
    expect(centralRange(fair10, 2000)).toEqual({ low: 0, high: 10 });
  });

  it("rounds only when asked for a number", () => {
    expect(toNumber({ num: 11n, den: 1024n })).toBeCloseTo(11 / 1024, 15);
    expect(toNumber({ num: 0n, den: 7n })).toBe(0);
  });
});
