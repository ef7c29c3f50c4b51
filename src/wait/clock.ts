/** Time as a dependency, so waits are unit-tested in milliseconds. */
export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Calls `fire` once `ms` have passed on this clock; the returned function cancels it. */
  setTimer(ms: number, fire: () => void): () => void;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer = setTimeout(() => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
    }),
  setTimer: (ms, fire) => {
    const timer = setTimeout(fire, ms);
    return () => clearTimeout(timer);
  },
};

/**
 * A clock that only moves when slept on or advanced: deterministic tests of waits and budgets.
 * Its timers fire, in order, as soon as the time reaches them. A sleep on an aborted signal
 * rejects with its reason and moves no time, as the system clock's does.
 */
export function manualClock(start = 0): Clock & { advance(ms: number): void } {
  let current = start;
  let timers: { at: number; fire: () => void }[] = [];
  const moveBy = (ms: number) => {
    current += ms;
    const due = timers.filter((timer) => timer.at <= current).sort((a, b) => a.at - b.at);
    timers = timers.filter((timer) => timer.at > current);
    for (const timer of due) timer.fire();
  };
  return {
    now: () => current,
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw signal.reason;
      moveBy(ms);
    },
    advance: moveBy,
    setTimer: (ms, fire) => {
      const timer = { at: current + ms, fire };
      timers.push(timer);
      return () => {
        timers = timers.filter((entry) => entry !== timer);
      };
    },
  };
}
