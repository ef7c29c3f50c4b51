import { ExitCode, WaitTimeoutError } from "../errors.ts";
import type { Clock } from "../wait/clock.ts";
import { waitUntil } from "../wait/wait-until.ts";
import { backendName } from "./echo-response.ts";
import { checkObservation, type HttpExpectation } from "./http-expectation.ts";
import { type LatencyStats, latencyStats } from "./http-latency.ts";
import { describeObservation, type HttpObservation, type HttpTarget } from "./http-observation.ts";
import { assertProbeableUrl, type HttpProbe } from "./http-probe.ts";

/** Gateway API conformance's RequiredConsecutiveSuccesses. */
export const defaultConsecutiveSuccesses = 3;

export interface ConvergeOptions {
  /** Name of the wait in the budget table, e.g. `httpRouteReachable`. */
  name: string;
  budgetMs: number;
  consecutive?: number;
  /** Pause between requests. Default 500 ms. */
  intervalMs?: number;
  clock?: Clock;
  signal?: AbortSignal;
  /** 1 (default) when convergence is the assertion; 3 when it is a provisioning step. */
  exitCode?: ExitCode;
}

export interface ConvergeResult {
  attempts: number;
  elapsedMs: number;
  consecutive: number;
  last: HttpObservation;
  /** Matching answers per backend (`namespace/pod`), over the whole wait. */
  backends: Record<string, number>;
  latency: LatencyStats | undefined;
}

/** Convergence ran out of budget; carries the last observation as data, not only as text. */
export class HttpNotConvergedError extends WaitTimeoutError {
  readonly last: HttpObservation | undefined;
  readonly attempts: number;

  constructor(cause: WaitTimeoutError, last: HttpObservation | undefined, attempts: number) {
    super(cause.waitName, cause.budgetMs, "", cause.lastObservation, cause.exitCode);
    // WaitTimeoutError builds its message from the expectation; keep the original wording.
    this.message = cause.message;
    this.last = last;
    this.attempts = attempts;
  }
}

/**
 * Sends requests until `consecutive` answers in a row match the expectation (eventual
 * consistency: routes and endpoints propagate), or the budget runs out. A timeout says what the
 * last answer was: status, backend or error code, and which expectation it missed.
 */
export async function convergeHttp(
  probe: HttpProbe,
  target: HttpTarget,
  expected: HttpExpectation,
  options: ConvergeOptions,
): Promise<ConvergeResult> {
  assertProbeableUrl(target.url);
  probe.assertTarget?.(target.url);
  const needed = options.consecutive ?? defaultConsecutiveSuccesses;
  let streak = 0;
  let attempts = 0;
  let last: HttpObservation | undefined;
  const latencies: number[] = [];
  const backends: Record<string, number> = {};
  try {
    const result = await waitUntil<HttpObservation>({
      name: options.name,
      budgetMs: options.budgetMs,
      expectation: `not ${needed} consecutive matching answers from ${target.url}`,
      intervalMs: options.intervalMs ?? 500,
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      exitCode: options.exitCode ?? ExitCode.conformanceFailed,
      // The look's signal carries the caller's and the budget's end: a request in flight stops with it.
      observe: async (signal) => {
        const observation = await probe.send(target, signal);
        // A request cut by the wait's own deadline says nothing about the target: the timeout
        // must report the last real answer (a 500, ECONNREFUSED), not our ABORTED.
        if (signal.aborted) return { done: false, seen: "request cut at the deadline" };
        attempts += 1;
        last = observation;
        if (observation.status !== undefined) latencies.push(observation.latencyMs);
        const check = checkObservation(observation, expected);
        if (check.matches) {
          streak += 1;
          if (observation.echo) {
            const name = backendName(observation.echo);
            backends[name] = (backends[name] ?? 0) + 1;
          }
        } else {
          streak = 0;
        }
        const why = check.matches ? "" : ` [${check.mismatches.join("; ")}]`;
        return {
          done: streak >= needed,
          value: observation,
          seen: `${describeObservation(observation)}${why}; ${streak}/${needed} consecutive after ${attempts} requests`,
        };
      },
    });
    return {
      attempts,
      elapsedMs: result.elapsedMs,
      consecutive: needed,
      last: result.value as HttpObservation,
      backends,
      latency: latencyStats(latencies),
    };
  } catch (error) {
    if (error instanceof WaitTimeoutError) throw new HttpNotConvergedError(error, last, attempts);
    throw error;
  }
}
