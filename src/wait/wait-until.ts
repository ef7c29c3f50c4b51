import { emitProgress } from "../console/progress-events.ts";
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
  /**
   * One look. `signal` aborts when the look must end (the budget ran out, or the caller's signal
   * fired): pass it to requests so they stop too. The wait does not wait for a look past it.
   */
  observe: (signal: AbortSignal) => Promise<Observation<T>>;
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

/** The last look, taken when the budget ends between looks, gets at most this long. */
export const FINAL_LOOK_MAX_MS = 1000;

type Look<T> =
  | { kind: "observed"; observation: Observation<T> }
  | { kind: "failed"; error: unknown }
  | { kind: "cut" };

/**
 * Polls `observe` until it reports done or the budget runs out. An observation that throws is
 * recorded as what was seen and retried; the last one is in the WaitTimeoutError.
 *
 * A look in progress when the budget ends is aborted and not waited for; when the budget ends
 * during a pause, one last look runs with min(interval, 1s) of its own. So the wait ends within
 * budget + min(interval, 1s), however long a look would hang.
 */
export async function waitUntil<T>(wait: NamedWait<T>): Promise<WaitResult<T>> {
  const clock = wait.clock ?? systemClock;
  const interval = wait.intervalMs ?? 1000;
  const started = clock.now();
  const budgetOver = new AbortController();
  const cancelBudget = clock.setTimer(wait.budgetMs, () => budgetOver.abort());
  let attempts = 0;
  let seen = "nothing observed yet";
  // The console's heartbeat shows the wait and what it last saw (src/console/).
  emitProgress({
    kind: "wait-start",
    wait: wait.name,
    budgetMs: wait.budgetMs,
    expectation: wait.expectation,
  });
  const see = (text: string) => {
    if (text !== seen) emitProgress({ kind: "wait-seen", wait: wait.name, seen: text });
    seen = text;
  };
  let ok = false;
  try {
    for (;;) {
      if (wait.signal?.aborted) throw wait.signal.reason;
      const finalLook = budgetOver.signal.aborted;
      attempts += 1;
      const look = await lookOnce(
        wait,
        clock,
        finalLook ? Math.min(interval, FINAL_LOOK_MAX_MS) : budgetOver.signal,
      );
      if (wait.signal?.aborted) throw wait.signal.reason;
      if (look.kind === "observed") {
        see(look.observation.seen);
        if (look.observation.done) {
          ok = true;
          return { value: look.observation.value, elapsedMs: clock.now() - started, attempts, seen };
        }
      } else if (look.kind === "failed") {
        see(`error: ${look.error instanceof Error ? look.error.message : String(look.error)}`);
      } else {
        see(`${seen}; the next look was still running when the budget ran out`);
        break;
      }
      const elapsed = clock.now() - started;
      if (finalLook || elapsed >= wait.budgetMs) break;
      await clock.sleep(Math.min(interval, wait.budgetMs - elapsed), wait.signal);
    }
  } finally {
    cancelBudget();
    emitProgress({ kind: "wait-end", wait: wait.name, ok, elapsedMs: clock.now() - started });
  }
  throw new WaitTimeoutError(
    wait.name,
    wait.budgetMs,
    wait.expectation,
    seen,
    wait.exitCode ?? Exit.environment,
  );
}

/** One observation, raced against its deadline (the budget's end, or a final look's own limit). */
async function lookOnce<T>(
  wait: NamedWait<T>,
  clock: Clock,
  deadline: AbortSignal | number,
): Promise<Look<T>> {
  const look = new AbortController();
  const end = () => look.abort();
  const cancelOwn = typeof deadline === "number" ? clock.setTimer(deadline, end) : undefined;
  const signals = [typeof deadline === "number" ? undefined : deadline, wait.signal].filter(
    (signal): signal is AbortSignal => signal !== undefined,
  );
  for (const signal of signals) signal.addEventListener("abort", end, { once: true });
  try {
    const observed = Promise.resolve()
      .then(() => wait.observe(look.signal))
      .then(
        (observation): Look<T> => ({ kind: "observed", observation }),
        (error: unknown): Look<T> => ({ kind: "failed", error }),
      );
    const cut = new Promise<Look<T>>((resolve) => {
      if (look.signal.aborted) resolve({ kind: "cut" });
      look.signal.addEventListener("abort", () => resolve({ kind: "cut" }), { once: true });
    });
    return await Promise.race([observed, cut]);
  } finally {
    cancelOwn?.();
    for (const signal of signals) signal.removeEventListener("abort", end);
  }
}
