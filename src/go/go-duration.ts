// Go's time.ParseDuration, which Cilium applies to its duration values and flags
// (l2announcements.lease*, --wait-duration). Mimicked exactly, so that what the harness accepts
// is what the agent or the cilium CLI accepts: `[-+]?(\d*(\.\d*)?unit)+` or a bare `0`,
// counted in whole nanoseconds as Go does (so `1.1s` is exactly 1100 ms).

const UNIT_NS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  µs: 1e3, // U+00B5 micro sign
  μs: 1e3, // U+03BC Greek mu
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};
const DURATION = /^[-+]?(?:(?:\d+\.?\d*|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/;
const PART = /(\d*)(?:\.(\d*))?(ns|us|µs|μs|ms|s|m|h)/g;
// Go refuses durations beyond int64 nanoseconds (about 292 years).
const MAX_NS = 2n ** 63n - 1n;

/** Milliseconds (fractional below 1 ms), or undefined when Go would refuse the text (`15`, `15 s`, `1d`). */
export function parseGoDuration(text: string): number | undefined {
  if (/^[-+]?0$/.test(text)) return 0;
  if (!DURATION.test(text)) return undefined;
  let totalNs = 0n;
  for (const [, whole = "", fraction = "", unit = ""] of text.matchAll(PART)) {
    const unitNs = UNIT_NS[unit]!;
    totalNs += BigInt(whole || "0") * BigInt(unitNs);
    // Go scales the fraction in floating point and drops what is below a nanosecond.
    if (fraction !== "") totalNs += BigInt(Math.trunc(Number(`0.${fraction}`) * unitNs));
    if (totalNs > MAX_NS) return undefined;
  }
  const ms = Number(totalNs) / 1e6;
  return text.startsWith("-") ? -ms : ms;
}

/** A duration for a Go flag (`--wait-duration 300s`): whole seconds when possible. */
export function formatGoDuration(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
