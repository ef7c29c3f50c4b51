import { ExitCode as Exit, type ExitCode, WaitTimeoutError } from "../errors.ts";
import { type Clock, systemClock } from "./clock.ts";

/** One look at the world: whether the wait is over, and what was seen (for the timeout message). */
export interface Observation<T> {
  done: boolean;
  value?: T;
  /** Human text of what was seen, e.g. `condition Programmed=False reason=AddressNotAssigned`. */
  seen: string;
}

export interface NamedWait<T> {
  /** Stable name from the budget table, e.g. `lbIpAssigned`. */
  name: string;
  budgetMs: number;
  /** What was expected, for the message: `no IP` reads "lbIpAssigned: no IP after 60s (last: …)". */
  expectation: string;
  observe: () => Promise<Observation<T>>;
  intervalMs?: number;
  clock?: Clock;
  signal?: AbortSignal;
  /** Exit code of the timeout: 3 in provisioning (default), 1 when the wait is the assertion. */
  exitCode?: ExitCode;
}

export interface WaitResult<T> {
  value: T | undefined;
  elapsedMs: number;
  attempts: number;
  seen: string;
}

/**
 * Polls `observe` until it reports done or the budget runs out. An observation that throws is
 * recorded as what was seen and retried; the last one is in the WaitTimeoutError.
 */
export async function waitUntil<T>(wait: NamedWait<T>): Promise<WaitResult<T>> {
  const clock = wait.clock ?? systemClock;
  const interval = wait.intervalMs ?? 1000;
  const started = clock.now();
  let attempts = 0;
  let seen = "nothing observed yet";
  for (;;) {
    attempts += 1;
    try {
      const observation = await wait.observe();
      seen = observation.seen;
      if (observation.done) {
        return { value: observation.value, elapsedMs: clock.now() - started, attempts, seen };
      }
    } catch (error) {
      seen = `error: ${error instanceof Error ? error.message : String(error)}`;
    }
    const elapsed = clock.now() - started;
    if (elapsed >= wait.budgetMs) {
      throw new WaitTimeoutError(
        wait.name,
        wait.budgetMs,
        wait.expectation,
        seen,
        wait.exitCode ?? Exit.environment,
      );
    }
    await clock.sleep(Math.min(interval, wait.budgetMs - elapsed), wait.signal);
  }
}
