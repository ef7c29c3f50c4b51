// A controller's work queue, as client-go's workqueue behaves for one worker: a key queued many
// times is reconciled once, never twice at the same time; a failed reconcile is retried after a
// back-off; a periodic resync re-queues every known key so nothing missed stays missed.

export class WorkQueue {
  private readonly pending = new Set<string>();
  private readonly running = new Set<string>();
  private readonly again = new Set<string>();
  private readonly failures = new Map<string, number>();
  private scheduled = false;
  private readonly reconcile: (key: string) => Promise<void>;
  private readonly onError: (key: string, error: unknown) => void;

  constructor(reconcile: (key: string) => Promise<void>, onError: (key: string, error: unknown) => void) {
    this.reconcile = reconcile;
    this.onError = onError;
  }

  add(key: string): void {
    if (this.running.has(key)) {
      this.again.add(key);
      return;
    }
    this.pending.add(key);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.drain());
    }
  }

  private drain(): void {
    this.scheduled = false;
    const keys = [...this.pending];
    this.pending.clear();
    for (const key of keys) void this.work(key);
  }

  private async work(key: string): Promise<void> {
    this.running.add(key);
    try {
      await this.reconcile(key);
      this.failures.delete(key);
    } catch (error) {
      const count = (this.failures.get(key) ?? 0) + 1;
      this.failures.set(key, count);
      this.onError(key, error);
      setTimeout(() => this.add(key), Math.min(10_000, 200 * 2 ** Math.min(count, 6))).unref();
    } finally {
      this.running.delete(key);
      if (this.again.delete(key)) this.add(key);
    }
  }
}
