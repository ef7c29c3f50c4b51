// A weighted split measured from the outside: send the design's requests one after another, count
// which backend answered each, and judge the counts against the design's acceptance ranges
// (weighted-split-design.ts says how many requests and which counts, and why).

import type { HttpExpectation } from "./http-expectation.ts";
import { checkObservation } from "./http-expectation.ts";
import type { HttpTarget } from "./http-observation.ts";
import type { HttpProbe } from "./http-probe.ts";
import type { SplitDesign } from "./weighted-split-design.ts";

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
  /** requests × share, for reports. */
  expected: number;
  observed: number;
  /** The design's acceptance range for this backend's count. */
  low: number;
  high: number;
  ok: boolean;
}

export interface SplitCheck {
  ok: boolean;
  /** Answers counted (all of the design's requests, unless some failed). */
  answered: number;
  requests: number;
  backends: SplitBackendVerdict[];
  /** Backends that answered but carry no weight at all (not in the route). */
  unexpected: { backend: string; observed: number }[];
  failed: number;
  /** One line: what was seen against what the design accepts. */
  seen: string;
}

/**
 * Judges a sample against a design (weighted-split-design.ts): every one of the design's requests
 * answered by a backend of the route, and each backend's count inside its acceptance range. Any
 * failed request, any answer from a backend the route does not name, or a short sample fails the
 * check: none of those is a split that is merely unlucky. Pure.
 */
export function checkWeightedSplit(
  sample: Pick<SplitSample, "counts" | "failed">,
  design: SplitDesign,
): SplitCheck {
  const answered = Object.values(sample.counts).reduce((sum, c) => sum + c, 0);
  const backends = design.backends.map((range): SplitBackendVerdict => {
    const observed = sample.counts[range.backend] ?? 0;
    return {
      backend: range.backend,
      weight: range.weight,
      expected: (design.requests * Number(range.share.num)) / Number(range.share.den),
      observed,
      low: range.low,
      high: range.high,
      ok: observed >= range.low && observed <= range.high,
    };
  });
  const named = new Set(design.backends.map((range) => range.backend));
  const unexpected = Object.entries(sample.counts)
    .filter(([backend, observed]) => !named.has(backend) && observed > 0)
    .map(([backend, observed]) => ({ backend, observed }));
  const complete = answered === design.requests && sample.failed === 0;
  const ok = complete && unexpected.length === 0 && backends.every((b) => b.ok);
  const parts = backends.map(
    (b) => `${b.backend} ${b.observed} (weight ${b.weight}: accepts ${b.low}..${b.high})`,
  );
  for (const stray of unexpected) parts.push(`${stray.backend} ${stray.observed} (not in the route)`);
  const problems = [
    ...(sample.failed > 0 ? [`${sample.failed} request(s) failed`] : []),
    ...(answered + sample.failed !== design.requests
      ? [`${answered + sample.failed} of ${design.requests} requests sent`]
      : []),
  ];
  const seen = `${parts.join(", ")} of ${design.requests} requests${problems.length ? `; ${problems.join("; ")}` : ""}`;
  return { ok, answered, requests: design.requests, backends, unexpected, failed: sample.failed, seen };
}

/** Sends `requests` requests one after another and counts which backend answered each. */
export async function sampleWeightedSplit(
  probe: HttpProbe,
  target: HttpTarget,
  requests: number,
  options: { expected?: HttpExpectation; keyOf?: "service" | "pod"; signal?: AbortSignal } = {},
): Promise<SplitSample> {
  probe.assertTarget?.(target.url);
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
