// ARP watch mode: short probes back to back, each a burst (arp-burst-command.ts: a few probes and
// one listen window, about half a second with docker exec) or, on an old iputils that cannot
// burst, one arping run of two probes (two seconds, arp-arping-command.ts), folded into the pure
// reducer of arp-watch-rounds.ts. The L2 failover test starts a watch, marks the moment it
// paused the holder, waits on `summary()` for a new MAC, then stops the watch and reports.

import { type NodeInventory, nodeByMac } from "../cluster/run-context.ts";
import { EnvironmentError } from "../errors.ts";
import { type Clock, systemClock } from "../wait/clock.ts";
import { canBurst, minimumProbes } from "./arp-arping-command.ts";
import { ARP_PROBE_INTERVAL_MS, type ArpProbeOptions, type ArpProbeResult, probeArp } from "./arp-probe.ts";
import {
  type ArpWatchState,
  type ArpWatchSummary,
  initialArpWatchState,
  reduceArpWatch,
  summarizeArpWatch,
} from "./arp-watch-rounds.ts";
import type { LanClientExec } from "./lan-client.ts";

export interface ArpWatchOptions {
  /** Maps MACs to kind nodes in the report. */
  nodes?: NodeInventory;
  clock?: Clock;
  /** Called after every round (e.g. to print progress). */
  onRound?: (round: ArpWatchRound, summary: ArpWatchSummary) => void;
  /** Consecutive failed rounds (arping did not run) that end the watch with an error. Default 3. */
  maxConsecutiveErrors?: number;
}

export interface ArpWatchRound {
  atMs: number;
  macs: string[];
  durationMs: number;
  /** Probes this round sent. */
  probes: number;
}

export interface ArpWatchReport extends ArpWatchSummary {
  ip: string;
  /** Wall-clock start, ISO 8601 (round times are relative to it). */
  startedAt: string;
  /** Node name per MAC seen, where the inventory knows it. */
  nodes: Record<string, string>;
  failedRounds: number;
}

export class ArpWatch {
  readonly ip: string;
  readonly startedAt: string;
  readonly #client: LanClientExec;
  readonly #clock: Clock;
  readonly #options: ArpWatchOptions;
  readonly #t0: number;
  #state: ArpWatchState = initialArpWatchState();
  #failedRounds = 0;
  #stopping = false;
  #fatal: unknown;
  #loop: Promise<void>;

  private constructor(client: LanClientExec, ip: string, options: ArpWatchOptions) {
    this.ip = ip;
    this.#client = client;
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    this.#t0 = this.#clock.now();
    this.startedAt = new Date().toISOString();
    this.#loop = Promise.resolve();
  }

  /** Starts probing at once; rounds run until `stop()`. */
  static start(client: LanClientExec, ip: string, options: ArpWatchOptions = {}): ArpWatch {
    const watch = new ArpWatch(client, ip, options);
    // Nobody awaits the loop until stop(): an error escaping it (a throwing onRound, say) would be
    // an unhandled rejection. It is recorded instead, ends the rounds, and stop() throws it.
    watch.#loop = watch.#run().catch((error: unknown) => {
      watch.#fatal ??= error;
    });
    return watch;
  }

  /** Milliseconds since the watch started (the time base of every figure). */
  elapsedMs(): number {
    return Math.round(this.#clock.now() - this.#t0);
  }

  /** Records an outside event (e.g. "paused kind-worker"); its figures fill in as rounds come. */
  mark(label: string): void {
    this.#state = reduceArpWatch(this.#state, { type: "mark", atMs: this.elapsedMs(), label });
  }

  /** The figures so far; `failure` says why the watch stopped on its own (it probes no more). */
  summary(): ArpWatchSummary & { failure?: string } {
    const summary = summarizeArpWatch(this.#state);
    return this.#fatal === undefined ? summary : { ...summary, failure: messageOf(this.#fatal) };
  }

  /** The error that stopped the watch, if one did (also thrown by `stop()`). */
  failure(): unknown {
    return this.#fatal;
  }

  /** Ends the watch after the current round. Throws what stopped it early: failing rounds, or an error of `onRound`. */
  async stop(): Promise<ArpWatchReport> {
    this.#stopping = true;
    await this.#loop;
    if (this.#fatal !== undefined) throw this.#fatal;
    return this.report();
  }

  report(): ArpWatchReport {
    const summary = this.summary();
    const nodes: Record<string, string> = {};
    const seen = new Set([...summary.initial, ...summary.changes.flatMap((change) => change.to)]);
    for (const mac of seen) {
      const node = this.#options.nodes ? nodeByMac(this.#options.nodes, mac) : undefined;
      if (node) nodes[mac] = node.name;
    }
    return { ip: this.ip, startedAt: this.startedAt, nodes, failedRounds: this.#failedRounds, ...summary };
  }

  async #run(): Promise<void> {
    const limit = this.#options.maxConsecutiveErrors ?? 3;
    let consecutiveErrors = 0;
    const tool = { implementation: this.#client.arping, version: this.#client.arpingVersion };
    const probes = minimumProbes(tool);
    const round: ArpProbeOptions = canBurst(tool)
      ? { mode: "burst" }
      : { mode: "rounds", count: probes, budgetMs: probes * ARP_PROBE_INTERVAL_MS };
    while (!this.#stopping) {
      const atMs = this.elapsedMs();
      let result: ArpProbeResult;
      try {
        result = await probeArp(this.#client, this.ip, round);
      } catch (error) {
        // A round that did not run is unknown, not silent: it is not fed to the reducer.
        this.#failedRounds += 1;
        consecutiveErrors += 1;
        if (consecutiveErrors >= limit) {
          this.#fatal = new EnvironmentError(
            "CC_ENV_ARP_PROBE_FAILED",
            `ARP watch of ${this.ip} stopped after ${consecutiveErrors} failed rounds in a row: ${messageOf(error)}`,
            { cause: error },
          );
          return;
        }
        await this.#clock.sleep(1000);
        continue;
      }
      consecutiveErrors = 0;
      const macs = result.replies.map((reply) => reply.mac);
      this.#state = reduceArpWatch(this.#state, { type: "round", atMs, macs, probes: result.sent });
      this.#options.onRound?.(
        { atMs, macs, durationMs: result.durationMs, probes: result.sent },
        this.summary(),
      );
    }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
