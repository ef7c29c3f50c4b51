// The failover test's order of operations, kept apart from the cluster so it can be tested: start
// the ARP watch, wait until it sees answers, pause the holder's node, measure, and — whatever
// threw — unpause the node and stop the watch. A paused kind node or a running LAN-client watch
// left behind would break every later test and the next run. When the measuring failed, the
// cleanup's own failures are only noted (`noteCleanupFailure`), so they never hide the error
// that says what went wrong; a cleanup failure after a successful measurement is thrown.

export interface StoppableWatch<Report> {
  stop(): Promise<Report>;
}

/** What the watch's `stop()` resolves to. */
export type WatchReport<Watch extends StoppableWatch<unknown>> = Awaited<ReturnType<Watch["stop"]>>;

export interface FailoverSteps<Watch extends StoppableWatch<unknown>, Outcome> {
  startWatch(): Watch;
  /** The wait before the pause (the watch must have seen answers). */
  awaitAnswers(watch: Watch): Promise<void>;
  pause(): Promise<void>;
  /** Everything measured while the node is paused. */
  whilePaused(watch: Watch): Promise<Outcome>;
  unpause(): Promise<void>;
  noteCleanupFailure(what: "unpause" | "stop the ARP watch", error: unknown): void;
}

export interface FailoverRun<Report, Outcome> {
  report: Report;
  outcome: Outcome;
}

export async function runFailoverSequence<Watch extends StoppableWatch<unknown>, Outcome>(
  steps: FailoverSteps<Watch, Outcome>,
): Promise<FailoverRun<WatchReport<Watch>, Outcome>> {
  const watch = steps.startWatch();
  let primary: { error: unknown } | undefined;
  let outcome: Outcome | undefined;
  try {
    await steps.awaitAnswers(watch);
    // A pause that threw (e.g. the docker CLI timed out) may still have taken effect: unpause anyway.
    try {
      await steps.pause();
      outcome = await steps.whilePaused(watch);
    } catch (error) {
      primary = { error };
    }
    await cleanup("unpause", () => steps.unpause());
  } catch (error) {
    primary ??= { error };
  }
  let report: WatchReport<Watch> | undefined;
  await cleanup("stop the ARP watch", async () => {
    report = (await watch.stop()) as WatchReport<Watch>;
  });
  if (primary) throw primary.error;
  return { report: report as WatchReport<Watch>, outcome: outcome as Outcome };

  async function cleanup(what: "unpause" | "stop the ARP watch", work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      if (primary) steps.noteCleanupFailure(what, error);
      else primary = { error };
    }
  }
}

/** A promise's outcome as a value, so a later check can run before an earlier failure is thrown. */
export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

export async function settle<T>(work: Promise<T>): Promise<Settled<T>> {
  try {
    return { ok: true, value: await work };
  } catch (error) {
    return { ok: false, error };
  }
}
