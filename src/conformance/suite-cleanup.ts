// Cleanup in suites that neither stops early nor hides the error that matters: every step runs
// even when one throws, and a cleanup failure after the test's own failure is noted, not thrown
// in its place (a `finally { await lan.stop() }` that throws replaces the assertion's message).

/** Runs every step, even after one threw; then throws the first failure. */
export async function cleanupAll(steps: ReadonlyArray<() => Promise<unknown> | undefined>): Promise<void> {
  let first: { error: unknown } | undefined;
  for (const step of steps) {
    try {
      await step();
    } catch (error) {
      first ??= { error };
    }
  }
  if (first) throw first.error;
}

/** `work`, then `cleanup` whatever happened; the work's error wins, a cleanup error after it goes to `note`. */
export async function withCleanup<T>(
  work: () => Promise<T>,
  cleanup: () => Promise<unknown>,
  note: (error: unknown) => void | Promise<void>,
): Promise<T> {
  let result: T;
  try {
    result = await work();
  } catch (error) {
    try {
      await cleanup();
    } catch (cleanupError) {
      await note(cleanupError);
    }
    throw error;
  }
  await cleanup();
  return result;
}
