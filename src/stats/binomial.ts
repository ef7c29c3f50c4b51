// Exact binomial probabilities for a rational success probability. A weighted split's shares are
// ratios of integer weights, so every probability here is an exact fraction: numerators are BigInt
// and share one denominator (den^n). Comparisons against a rate like "one in a thousand" are made
// on integers, with no rounding anywhere; only `toNumber` rounds, for reports.

export interface Rational {
  num: bigint;
  den: bigint;
}

/** P(X = k) for X ~ Binomial(n, p), k = 0..n, as numerators over `den`. */
export interface BinomialTable {
  n: number;
  den: bigint;
  pmf: readonly bigint[];
}

function gcd(a: bigint, b: bigint): bigint {
  let [x, y] = [a < 0n ? -a : a, b < 0n ? -b : b];
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

export function rational(num: bigint, den: bigint): Rational {
  if (den <= 0n) throw new RangeError(`denominator must be positive, got ${den}`);
  const divisor = gcd(num, den) || 1n;
  return { num: num / divisor, den: den / divisor };
}

export function binomialTable(n: number, p: Rational): BinomialTable {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a natural number, got ${n}`);
  const { num: s, den } = rational(p.num, p.den);
  if (s < 0n || s > den) throw new RangeError(`p must lie in [0, 1], got ${p.num}/${p.den}`);
  const f = den - s;
  // (den − s)^(n−k) for k = n..0, built upwards once.
  const failurePowers: bigint[] = [1n];
  for (let i = 1; i <= n; i += 1) failurePowers.push(failurePowers[i - 1]! * f);
  const pmf: bigint[] = [];
  let choose = 1n; // C(n, k), exact at every step
  let successPower = 1n; // s^k
  for (let k = 0; k <= n; k += 1) {
    pmf.push(choose * successPower * failurePowers[n - k]!);
    choose = (choose * BigInt(n - k)) / BigInt(k + 1);
    successPower *= s;
  }
  return { n, den: den ** BigInt(n), pmf };
}

/** P(low ≤ X ≤ high) as an exact fraction (bounds clipped to 0..n). */
export function probabilityBetween(table: BinomialTable, low: number, high: number): Rational {
  let num = 0n;
  for (let k = Math.max(0, low); k <= Math.min(table.n, high); k += 1) num += table.pmf[k]!;
  return { num, den: table.den };
}

/** Whether the fraction is at most 1/oneIn. */
export function atMostOneIn(probability: Rational, oneIn: number): boolean {
  return probability.num * BigInt(oneIn) <= probability.den;
}

/**
 * The acceptance range [low, high] that leaves at most `tail` of the probability below low and at
 * most `tail` above high (tail = 1/tailOneIn), as narrow as that allows.
 */
export function centralRange(table: BinomialTable, tailOneIn: number): { low: number; high: number } {
  const budget = table.den; // compare cumulative × tailOneIn against den
  const scale = BigInt(tailOneIn);
  let low = 0;
  let below = 0n;
  while (low <= table.n && (below + table.pmf[low]!) * scale <= budget) below += table.pmf[low++]!;
  let high = table.n;
  let above = 0n;
  while (high >= 0 && (above + table.pmf[high]!) * scale <= budget) above += table.pmf[high--]!;
  return { low, high };
}

export function toNumber(probability: Rational): number {
  if (probability.num === 0n) return 0;
  // 40 decimal digits of the quotient, then one rounding to a double.
  const digits = 10n ** 40n;
  return Number((probability.num * digits) / probability.den) / 1e40;
}
