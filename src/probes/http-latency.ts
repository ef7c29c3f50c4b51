/** Latency figures of a series of requests, in milliseconds. */
export interface LatencyStats {
  count: number;
  minMs: number;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
}

/**
 * Min, median, p95 and max by the nearest-rank method (the value at rank ceil(p·n) of the sorted
 * samples): every figure is a latency that was really measured. Undefined for no samples.
 */
export function latencyStats(samplesMs: readonly number[]): LatencyStats | undefined {
  if (samplesMs.length === 0) return undefined;
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] as number;
  return {
    count: sorted.length,
    minMs: sorted[0] as number,
    medianMs: rank(0.5),
    p95Ms: rank(0.95),
    maxMs: sorted[sorted.length - 1] as number,
  };
}

export function describeLatency(stats: LatencyStats | undefined): string {
  if (!stats) return "no responses";
  const ms = (value: number) => `${Math.round(value * 10) / 10}ms`;
  return `min ${ms(stats.minMs)} / median ${ms(stats.medianMs)} / p95 ${ms(stats.p95Ms)} / max ${ms(stats.maxMs)} (${stats.count} responses)`;
}
