import type { HttpExpectation } from "./http-expectation.ts";
import { checkObservation } from "./http-expectation.ts";
import type { HttpTarget } from "./http-observation.ts";
import type { HttpProbe } from "./http-probe.ts";

export interface SplitSample {
  /** Answers per backend key (the echo `service` by default: weights are per backendRef). */
  counts: Record<string, number>;
  /** Requests that failed or did not match the expectation, with one example reason each kind. */
  failed: number;
  failureExamples: string[];
  total: number;
}

export interface SplitBackendVerdict {
  backend: string;
  weight: number;
  expected: number;
  observed: number;
  allowedDeviation: number;
  ok: boolean;
}

export interface SplitCheck {
  ok: boolean;
  backends: SplitBackendVerdict[];
  /** Backends that answered but carry no weight at all (not in the route). */
  unexpected: { backend: string; observed: number }[];
  failed: number;
}

/** Default share of all requests a backend's count may stray from its expected count. */
export const defaultSplitTolerance = 0.05;

/**
 * Checks observed counts against route weights. With N answers, weight share p = w / Σw and
 * expected count e = N·p, a backend passes when |observed − e| ≤ max(tolerance·N, 3·√(N·p·(1−p))):
 * a fixed share of the total, widened to three binomial standard deviations so that a fair
 * random split fails by chance less than 0.3% of the time per backend at small N. A weight of 0
 * must get no answer at all; any failed request or unknown backend fails the check. Pure.
 */
export function checkWeightedSplit(
  sample: Pick<SplitSample, "counts" | "failed">,
  weights: Record<string, number>,
  tolerance = defaultSplitTolerance,
): SplitCheck {
  const totalWeight = Object.values(weights).reduce((sum, w) => sum + w, 0);
  const answered = Object.values(sample.counts).reduce((sum, c) => sum + c, 0);
  const backends = Object.entries(weights).map(([backend, weight]): SplitBackendVerdict => {
    const observed = sample.counts[backend] ?? 0;
    const share = totalWeight > 0 ? weight / totalWeight : 0;
    const expected = answered * share;
    const allowedDeviation =
      weight === 0 ? 0 : Math.max(tolerance * answered, 3 * Math.sqrt(answered * share * (1 - share)));
    return {
      backend,
      weight,
      expected,
      observed,
      allowedDeviation,
      ok: Math.abs(observed - expected) <= allowedDeviation,
    };
  });
  const unexpected = Object.entries(sample.counts)
    .filter(([backend, observed]) => !(backend in weights) && observed > 0)
    .map(([backend, observed]) => ({ backend, observed }));
  const ok = sample.failed === 0 && unexpected.length === 0 && backends.every((b) => b.ok);
  return { ok, backends, unexpected, failed: sample.failed };
}

/** Sends `requests` requests one after another and counts which backend answered each. */
export async function sampleWeightedSplit(
  probe: HttpProbe,
  target: HttpTarget,
  requests: number,
  options: { expected?: HttpExpectation; keyOf?: "service" | "pod"; signal?: AbortSignal } = {},
): Promise<SplitSample> {
  const sample: SplitSample = { counts: {}, failed: 0, failureExamples: [], total: requests };
  for (let i = 0; i < requests; i += 1) {
    const observation = await probe.send(target, options.signal);
    const check = checkObservation(observation, options.expected ?? {});
    if (!check.matches || !observation.echo) {
      sample.failed += 1;
      const reason = check.mismatches.join("; ") || "answer is not from an echo backend";
      if (sample.failureExamples.length < 5 && !sample.failureExamples.includes(reason)) {
        sample.failureExamples.push(reason);
      }
      continue;
    }
    const key = options.keyOf === "pod" ? observation.echo.pod : observation.echo.service;
    sample.counts[key] = (sample.counts[key] ?? 0) + 1;
  }
  return sample;
}
