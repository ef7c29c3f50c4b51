// Runs the L2 responder model on the node (see arp-responder-rules.ts): the nft table, the set of
// frontend addresses, the announced entries re-armed every second with the liveness timeout, and
// a gratuitous ARP for each entry that is new on this node — pkg/datapath/l2responder's
// garpOnNewEntry sends an ARP reply from the IP to the broadcast address when an (IP, interface)
// enters the responder map, since a failover may just have happened. busybox `arping -A` sends
// exactly that (ARP answer mode, sender = target = the IP).

import type { CommandRunner } from "../datapath/command-runner.ts";
import {
  frontendsScript,
  type ResponderEntry,
  responderScript,
  responderTableScript,
} from "./arp-responder-rules.ts";

export interface ResponderFaults {
  /** Entries never expire: a paused holder's kernel keeps answering. */
  noLivenessMute?: boolean;
  /** No gratuitous ARP on a new entry. */
  noGratuitousArp?: boolean;
}

export interface ArpResponderOptions {
  livenessMs: number;
  /** agent-liveness-update-interval (1s). */
  refreshMs?: number;
  faults?: ResponderFaults;
  log?: (level: "info" | "warn", message: string, fields?: Record<string, unknown>) => void;
}

const entryKey = (e: ResponderEntry) => `${e.ip}@${e.device}`;

export class ArpResponder {
  private readonly run: CommandRunner;
  private readonly options: ArpResponderOptions;
  private entries: ResponderEntry[] = [];
  private queue: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;

  constructor(run: CommandRunner, options: ArpResponderOptions) {
    this.run = run;
    this.options = options;
  }

  async start(): Promise<void> {
    await this.nft(responderTableScript());
    this.timer = setInterval(() => void this.refresh(), this.options.refreshMs ?? 1000);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.entries = [];
    await this.refresh();
  }

  current(): ResponderEntry[] {
    return [...this.entries];
  }

  setFrontends(ips: readonly string[]): Promise<void> {
    return this.nft(frontendsScript([...new Set(ips)].sort()));
  }

  /** The entries this node answers for now; new ones get a gratuitous ARP. */
  async setEntries(entries: readonly ResponderEntry[]): Promise<void> {
    const before = new Set(this.entries.map(entryKey));
    const unique = new Map(entries.map((e) => [entryKey(e), e]));
    this.entries = [...unique.values()];
    await this.refresh();
    if (this.options.faults?.noGratuitousArp) return;
    for (const entry of this.entries) {
      if (before.has(entryKey(entry))) continue;
      await this.run("arping", ["-A", "-c", "1", "-w", "1", "-I", entry.device, entry.ip]).catch(
        (error: unknown) =>
          this.options.log?.("warn", "Failed to send gratuitous arp", {
            ip: entry.ip,
            device: entry.device,
            error: String(error),
          }),
      );
    }
  }

  private refresh(): Promise<void> {
    const timeout = this.options.faults?.noLivenessMute ? undefined : this.options.livenessMs;
    return this.nft(responderScript(this.entries, timeout));
  }

  private nft(script: string): Promise<void> {
    const next = this.queue.then(() => this.run("nft", ["-f", "-"], script));
    this.queue = next.catch(() => undefined);
    return next.then(
      () => undefined,
      (error: unknown) => {
        this.options.log?.("warn", "nft update of the L2 responder failed", { error: String(error) });
      },
    );
  }
}
