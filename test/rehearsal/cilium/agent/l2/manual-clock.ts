// A clock the tests move by hand, shared by several electors ("nodes"). A frozen node is a
// `docker pause`d one: its sleeps do not end while time passes for everybody else; when thawed,
// what was due fires at once.

import type { ElectionClock } from "../../../../../rehearsal/cilium/agent/l2/election-clock.ts";

interface Timer {
  at: number;
  owner: string;
  resolve: () => void;
}

export class ManualClock {
  time = 1_700_000_000_000;
  private timers: Timer[] = [];
  private readonly frozen = new Set<string>();

  for(owner: string): ElectionClock {
    return {
      now: () => this.time,
      sleep: (ms, signal) =>
        new Promise<void>((resolve) => {
          if (signal.aborted) return resolve();
          const timer: Timer = { at: this.time + Math.max(0, ms), owner, resolve: () => done() };
          const done = () => {
            this.timers = this.timers.filter((t) => t !== timer);
            signal.removeEventListener("abort", done);
            resolve();
          };
          this.timers.push(timer);
          signal.addEventListener("abort", done, { once: true });
        }),
    };
  }

  freeze(owner: string): void {
    this.frozen.add(owner);
  }

  async thaw(owner: string): Promise<void> {
    this.frozen.delete(owner);
    await this.advance(0);
  }

  async advance(ms: number): Promise<void> {
    const target = this.time + ms;
    for (;;) {
      await flush();
      const due = this.timers
        .filter((t) => t.at <= target && !this.frozen.has(t.owner))
        .sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.time = Math.max(this.time, due.at);
      due.resolve();
    }
    this.time = target;
    await flush();
  }
}

async function flush(): Promise<void> {
  for (let i = 0; i < 20; i += 1) await new Promise((resolve) => setImmediate(resolve));
}
