// How many requests a weighted-split test sends and which counts it accepts, derived — not
// guessed — from two promises, each checked with exact binomial probabilities (src/stats/binomial.ts):
//
//   1. false alarm: a route that splits exactly as weighted fails the test at most one run in
//      SPLIT_FALSE_ALARM_ONE_IN;
//   2. detection: a route whose split is off by SPLIT_DETECTABLE_SHIFT (10 points: 60/40 instead of
//      50/50) passes at most one run in SPLIT_MISS_ONE_IN.
//
// Envoy picks a weighted cluster independently for every request (a random number against the
// cumulative weights), so a backend's count over N requests is Binomial(N, weight share). Each
// backend gets an acceptance range [low, high] holding all but 1/(2·m·SPLIT_FALSE_ALARM_ONE_IN)
// of its count's probability on each side, m being the number of weighted backends (Bonferroni);
// with two backends the counts are complementary (one's low is the other's high), so one backend's
// range decides and m counts as 1. N is the smallest multiple of REQUEST_STEP for which every
// backend's count, with its share moved up or down by the shift, lands inside its range with
// probability at most 1/SPLIT_MISS_ONE_IN. For 50/50 that is 1,050 requests accepting 472..578
// each: a false alarm in 1 of 1,052 runs, 60/40 missed in 1 of 1,598 runs. (Gateway API
// conformance, kubernetes-sigs/gateway-api conformance/utils/weight/weight.go, sends 500 requests
// and allows ±5 points: for 50/50 a false alarm in 1 of 45 runs — it retries up to 10 times — and
// 60/40 missed in 1 of 77. The old check here, 200 requests within max(5 %, 3σ) = ±10.6 points,
// passed a 60/40 route in 58 % of runs.)

import {
  atMostOneIn,
  type BinomialTable,
  binomialTable,
  centralRange,
  probabilityBetween,
  type Rational,
  rational,
  toNumber,
} from "../stats/binomial.ts";

export const SPLIT_FALSE_ALARM_ONE_IN = 1000;
export const SPLIT_MISS_ONE_IN = 1000;
/** Shift of a backend's share the test must catch: 10 percentage points. */
export const SPLIT_DETECTABLE_SHIFT: Rational = { num: 1n, den: 10n };
const REQUEST_STEP = 50;
const MAX_REQUESTS = 5000;

export interface SplitBackendRange {
  backend: string;
  weight: number;
  /** weight / Σ weights. */
  share: Rational;
  /** Counts accepted over `requests` answers (a weight of 0: exactly 0). */
  low: number;
  high: number;
}

export interface SplitDesign {
  requests: number;
  backends: SplitBackendRange[];
  /** Exact chance that a correctly weighted route fails (an upper bound with three or more backends). */
  falseAlarm: number;
  /** Exact worst chance that a route off by the shift passes. */
  missAtShift: number;
}

interface Candidate {
  backends: SplitBackendRange[];
  falseAlarm: Rational[];
  miss: Rational[];
}

/** The smallest design meeting both promises for these route weights. */
export function designWeightedSplit(weights: Readonly<Record<string, number>>): SplitDesign {
  const entries = Object.entries(weights);
  for (const [backend, weight] of entries) {
    if (!Number.isInteger(weight) || weight < 0)
      throw new RangeError(`weight of ${backend} must be a natural number, got ${weight}`);
  }
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  if (total === 0) throw new RangeError("the route's weights add up to 0: no backend may answer");
  for (let requests = REQUEST_STEP; requests <= MAX_REQUESTS; requests += REQUEST_STEP) {
    const candidate = evaluate(entries, total, requests);
    const meets =
      candidate.falseAlarm.every((p) => atMostOneIn(p, SPLIT_FALSE_ALARM_ONE_IN)) &&
      candidate.miss.every((p) => atMostOneIn(p, SPLIT_MISS_ONE_IN));
    if (meets) {
      return {
        requests,
        backends: candidate.backends,
        falseAlarm: Math.min(
          1,
          candidate.falseAlarm.reduce((sum, p) => sum + toNumber(p), 0),
        ),
        missAtShift: Math.max(0, ...candidate.miss.map(toNumber)),
      };
    }
  }
  throw new RangeError(
    `no test of at most ${MAX_REQUESTS} requests tells weights ${JSON.stringify(weights)} from a 10-point shift`,
  );
}

function evaluate(entries: [string, number][], total: number, requests: number): Candidate {
  const weighted = entries.filter(([, weight]) => weight > 0).length;
  const m = weighted === 2 ? 1 : weighted;
  const tailOneIn = 2 * m * SPLIT_FALSE_ALARM_ONE_IN;
  const backends: SplitBackendRange[] = [];
  const falseAlarm: Rational[] = [];
  const miss: Rational[] = [];
  for (const [backend, weight] of entries) {
    const share = rational(BigInt(weight), BigInt(total));
    if (weight === 0) {
      backends.push({ backend, weight, share, low: 0, high: 0 });
      continue;
    }
    const table = binomialTable(requests, share);
    const range = centralRange(table, tailOneIn);
    backends.push({ backend, weight, share, ...range });
    if (weight === total) continue; // a lone backend answers every request: nothing to shift to
    falseAlarm.push(outside(table, range));
    for (const moved of shifted(share))
      miss.push(probabilityBetween(binomialTable(requests, moved), range.low, range.high));
  }
  // Two backends: the same event seen from both sides, counted once.
  return { backends, falseAlarm: weighted === 2 ? falseAlarm.slice(0, 1) : falseAlarm, miss };
}

function outside(table: BinomialTable, range: { low: number; high: number }): Rational {
  const inside = probabilityBetween(table, range.low, range.high);
  return { num: inside.den - inside.num, den: inside.den };
}

/** The share moved up and down by the detectable shift, where it stays a probability. */
function shifted(share: Rational): Rational[] {
  const den = share.den * SPLIT_DETECTABLE_SHIFT.den;
  const base = share.num * SPLIT_DETECTABLE_SHIFT.den;
  const step = SPLIT_DETECTABLE_SHIFT.num * share.den;
  return [base - step, base + step].filter((num) => num >= 0n && num <= den).map((num) => rational(num, den));
}
