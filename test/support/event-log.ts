// What a running probe has reported so far (HTTP samples, ARP rounds), and promises that resolve
// once it satisfies a condition: a test steps on what the probe saw (events), not on sleeps
// whose length a loaded machine makes wrong. A condition never met is bounded by the test's timeout.

export class EventLog<T> {
  readonly items: T[] = [];
  #waiters: { done: (items: readonly T[]) => boolean; resolve: () => void }[] = [];

  push(item: T): void {
    this.items.push(item);
    const met = this.#waiters.filter((waiter) => waiter.done(this.items));
    this.#waiters = this.#waiters.filter((waiter) => !met.includes(waiter));
    for (const waiter of met) waiter.resolve();
  }

  /** Resolves as soon as `done` holds for the items so far (at once if it already does). */
  when(done: (items: readonly T[]) => boolean): Promise<void> {
    if (done(this.items)) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ done, resolve }));
  }
}
