// SIGINT/SIGTERM as data: an AbortSignal that commands hand to what they start. Whatever is in
// flight when the signal comes — a child process, a wait, a Kubernetes call — ends with an
// InterruptedError, so the command's own failure handling (cleanup, the report) runs with the
// interruption as its reason. What is started afterwards (the cleanup itself) runs normally.

import { InterruptedError, type InterruptSignal } from "../errors.ts";
import type { Clock } from "../wait/clock.ts";

export interface Interruption {
  /** Aborted at the first signal; its reason is an InterruptedError. */
  readonly signal: AbortSignal;
  /** The first signal received, if any. */
  readonly received: InterruptSignal | undefined;
  /** Resolves with the first signal. */
  readonly interrupted: Promise<InterruptSignal>;
  /** Delivers a signal (what the process handlers call; tests call it directly). */
  interrupt(signal: InterruptSignal): void;
  /**
   * Whether a command is winding down on signals itself. Until one says so (`handle()`), a
   * signal ends the process the default way: nothing that needs cleanup has been started.
   */
  readonly handled: boolean;
  handle(): void;
}

export function createInterruption(): Interruption {
  const controller = new AbortController();
  let received: InterruptSignal | undefined;
  let handled = false;
  let resolve: (signal: InterruptSignal) => void = () => undefined;
  const interrupted = new Promise<InterruptSignal>((done) => {
    resolve = done;
  });
  return {
    signal: controller.signal,
    get received() {
      return received;
    },
    interrupted,
    get handled() {
      return handled;
    },
    handle() {
      handled = true;
    },
    interrupt(signal) {
      if (received !== undefined) return;
      received = signal;
      controller.abort(new InterruptedError(signal));
      resolve(signal);
    },
  };
}

/** The signal that ended it, when an abort reason is an interruption. */
export function interruptionOf(signal: AbortSignal | undefined): InterruptedError | undefined {
  return signal?.aborted && signal.reason instanceof InterruptedError ? signal.reason : undefined;
}

/**
 * Settles like `work`, unless the interruption comes first while it is in flight: then it rejects
 * with an InterruptedError saying what it was doing. Work started after the interruption is not
 * touched (it is the cleanup). `work` itself keeps running; the caller stops waiting for it.
 */
export function untilInterrupted<T>(
  signal: AbortSignal | undefined,
  work: () => Promise<T>,
  during?: string,
): Promise<T> {
  if (signal === undefined || signal.aborted) return work();
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      const reason = interruptionOf(signal);
      reject(reason ? new InterruptedError(reason.signal, during) : signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
    work().then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/** A clock whose sleeps in flight end at the interruption (so polling waits stop at once). */
export function interruptibleClock(clock: Clock, signal: AbortSignal | undefined): Clock {
  if (signal === undefined) return clock;
  return {
    now: () => clock.now(),
    setTimer: (ms, fire) => clock.setTimer(ms, fire),
    sleep: (ms, own) => untilInterrupted(signal, () => clock.sleep(ms, own), "waiting"),
  };
}

/** Every async method of `target` ends at the interruption while in flight. */
export function interruptibleMethods<T extends object>(
  target: T,
  signal: AbortSignal | undefined,
  what: string,
): T {
  if (signal === undefined) return target;
  return new Proxy(target, {
    get(object, key, receiver) {
      const value = Reflect.get(object, key, receiver) as unknown;
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        const result = (value as (...a: unknown[]) => unknown).apply(object, args);
        if (!(result instanceof Promise)) return result;
        return untilInterrupted(signal, () => result, `${what} (${String(key)})`);
      };
    },
  });
}
