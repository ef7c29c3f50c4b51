/** One request of a continuous run: when it was sent, when it ended, whether it met the expectation. */
export interface ContinuousSample {
  atMs: number;
  /** When the answer (or the failure) came; atMs when not given. */
  doneMs?: number;
  ok: boolean;
  /** Why it failed (for the outage's first error). */
  detail?: string;
}

/** A run of failed requests between two successes (or at the start/end of the run). */
export interface Outage {
  /** Time the first failed request was sent. */
  fromMs: number;
  /** Time the first good answer came again; undefined while still down. */
  toMs: number | undefined;
  failedRequests: number;
  /** toMs − fromMs, or up to the end of the last failed request when never recovered. */
  durationMs: number;
  firstError: string;
}

export interface DisruptionSummary {
  total: number;
  ok: number;
  failed: number;
  /**
   * Longest time between two consecutive good answers (arrival times: a request sent during the
   * outage may be answered after it, so send times would understate the gap by up to a timeout).
   */
  longestGap: { fromMs: number; toMs: number; ms: number } | undefined;
  outages: Outage[];
  /** The last request succeeded (false for a run that ended down, or had no request). */
  recovered: boolean;
}

/**
 * Accounts a continuous run: counts, the outages (runs of consecutive failures) and the longest
 * gap between successes — the figure a failover or upgrade must keep under its budget. Pure.
 */
export function summariseDisruption(samples: readonly ContinuousSample[]): DisruptionSummary {
  const summary: DisruptionSummary = {
    total: samples.length,
    ok: 0,
    failed: 0,
    longestGap: undefined,
    outages: [],
    recovered: false,
  };
  let lastSuccessMs: number | undefined;
  let open: Outage | undefined;
  let lastFailureMs = 0;
  for (const sample of samples) {
    if (sample.ok) {
      summary.ok += 1;
      const doneMs = sample.doneMs ?? sample.atMs;
      if (lastSuccessMs !== undefined) {
        const ms = doneMs - lastSuccessMs;
        if (!summary.longestGap || ms > summary.longestGap.ms) {
          summary.longestGap = { fromMs: lastSuccessMs, toMs: doneMs, ms };
        }
      }
      if (open) {
        open.toMs = doneMs;
        open.durationMs = doneMs - open.fromMs;
        summary.outages.push(open);
        open = undefined;
      }
      lastSuccessMs = doneMs;
    } else {
      summary.failed += 1;
      lastFailureMs = sample.doneMs ?? sample.atMs;
      if (!open) {
        open = {
          fromMs: sample.atMs,
          toMs: undefined,
          failedRequests: 0,
          durationMs: 0,
          firstError: sample.detail ?? "failed",
        };
      }
      open.failedRequests += 1;
    }
  }
  if (open) {
    open.durationMs = lastFailureMs - open.fromMs;
    summary.outages.push(open);
  }
  const last = samples[samples.length - 1];
  summary.recovered = last?.ok ?? false;
  return summary;
}
