import { type Clock, systemClock } from "../wait/clock.ts";
import { type ContinuousSample, type DisruptionSummary, summariseDisruption } from "./http-disruption.ts";
import { checkObservation, type HttpExpectation } from "./http-expectation.ts";
import { type LatencyStats, latencyStats } from "./http-latency.ts";
import { describeObservation, type HttpObservation, type HttpTarget } from "./http-observation.ts";
import { assertProbeableUrl, type HttpProbe } from "./http-probe.ts";

export interface ContinuousOptions {
  /** Time between the starts of two requests. Default 200 ms. */
  intervalMs?: number;
  /** Stops the run (the request in flight is abandoned and not counted). */
  signal: AbortSignal;
  clock?: Clock;
  onSample?: (sample: ContinuousSample, observation: HttpObservation) => void;
}

export interface ContinuousReport extends DisruptionSummary {
  /** Wall-clock start of the run; sample and outage times are ms after it. */
  startedAt: string;
  durationMs: number;
  latency: LatencyStats | undefined;
  samples: ContinuousSample[];
}

/**
 * Sends requests at a steady interval until `signal` aborts, then accounts the disruption: ok
 * and failed counts, outages and the longest gap between successes. For failover and upgrade
 * tests, started before the disruption and stopped after it.
 */
export async function runContinuous(
  probe: HttpProbe,
  target: HttpTarget,
  expected: HttpExpectation,
  options: ContinuousOptions,
): Promise<ContinuousReport> {
  assertProbeableUrl(target.url);
  probe.assertTarget?.(target.url);
  const clock = options.clock ?? systemClock;
  const interval = options.intervalMs ?? 200;
  const startedAt = new Date().toISOString();
  const origin = clock.now();
  const samples: ContinuousSample[] = [];
  const latencies: number[] = [];
  while (!options.signal.aborted) {
    const sentAt = clock.now();
    const observation = await probe.send(target, options.signal);
    if (options.signal.aborted) break;
    const check = checkObservation(observation, expected);
    const sample: ContinuousSample = {
      atMs: sentAt - origin,
      doneMs: clock.now() - origin,
      ok: check.matches,
    };
    if (!check.matches)
      sample.detail = `${describeObservation(observation)} [${check.mismatches.join("; ")}]`;
    samples.push(sample);
    if (observation.status !== undefined) latencies.push(observation.latencyMs);
    options.onSample?.(sample, observation);
    const wait = interval - (clock.now() - sentAt);
    if (wait > 0) {
      try {
        await clock.sleep(wait, options.signal);
      } catch {
        break;
      }
    }
  }
  return {
    ...summariseDisruption(samples),
    startedAt,
    durationMs: clock.now() - origin,
    latency: latencyStats(latencies),
    samples,
  };
}
