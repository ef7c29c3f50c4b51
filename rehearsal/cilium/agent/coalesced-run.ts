// Runs a reconcile shortly after the first of a burst of changes (watch events come in bursts)
// and never two at once; a change during a run schedules one more. As the agent's controllers
// re-run from their caches instead of handling each event.

export class CoalescedRun {
  private readonly work: () => Promise<void>;
  private readonly onError: (error: unknown) => void;
  private readonly delayMs: number;
  private pending: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();

  constructor(work: () => Promise<void>, onError: (error: unknown) => void, delayMs = 50) {
    this.work = work;
    this.onError = onError;
    this.delayMs = delayMs;
  }

  request(): void {
    if (this.pending) return;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.running = this.running.then(this.work).catch(this.onError);
    }, this.delayMs);
  }

  /** Cancels what is scheduled and waits for what runs. */
  async stop(): Promise<void> {
    if (this.pending) clearTimeout(this.pending);
    this.pending = undefined;
    await this.running;
  }
}
