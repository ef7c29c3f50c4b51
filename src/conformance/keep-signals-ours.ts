// While the suites run in this process, SIGINT and SIGTERM stay the CLI's (src/cli/signals.ts):
// vitest's logger adds its own listeners for them that call process.exit() a millisecond later
// (vitest/dist/chunks/index.*.js Logger.addCleanupListeners), which ended an interrupted `run`
// before it removed its kind cluster or wrote its report (a rehearsal interrupted in the
// connectivity suite at 23:00 exited 130 after "▶ down", leaving the cluster and no report.json).

type Listener = (...args: unknown[]) => void;

const SIGNALS: ReadonlySet<string | symbol> = new Set(["SIGINT", "SIGTERM"]);

/** Runs `work`; any SIGINT/SIGTERM listener added meanwhile is taken off again at once. */
export async function keepSignalsOurs<T>(work: () => Promise<T>): Promise<T> {
  // 'newListener' is emitted before the listener is added (and with the original function for a
  // once-listener, which `off` also removes), so the removal waits for a microtask.
  const taken = (event: string | symbol, listener: Listener) => {
    if (SIGNALS.has(event)) queueMicrotask(() => process.off(event as NodeJS.Signals, listener));
  };
  process.on("newListener", taken);
  try {
    return await work();
  } finally {
    process.off("newListener", taken);
  }
}
