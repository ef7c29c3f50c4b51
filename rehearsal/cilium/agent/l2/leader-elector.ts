// client-go's leader election (k8s.io/client-go/tools/leaderelection/leaderelection.go, v0.30 in
// Cilium 1.16 to v0.34+ in 1.19), which the L2 announcer runs once per selected Service with
// ReleaseOnCancel (pkg/l2announcer/l2announcer.go serviceLeaderElection):
// - acquire: tryAcquireOrRenew every retryPeriod × [1, 2.2) (wait.JitterUntil, JitterFactor 1.2);
// - a lease held by another identity is valid until `leaseDurationSeconds` after the moment THIS
//   candidate last saw its record change (observedTime, local clock) — not its renewTime;
// - renew: every retryPeriod (wait.Until); a renewal that has not succeeded within renewDeadline
//   (PollUntilContextTimeout, immediate, interval retryPeriod) ends the leadership;
// - on cancel while leading: release (holder "", leaseDurationSeconds 1, transitions kept);
// - OnStoppedLeading runs whenever Run returns, led or not.

import type { ElectionClock } from "./election-clock.ts";
import { type LeaderElectionRecord, rawRecord } from "./leader-election-record.ts";

/** resourcelock.Interface, for a Lease. */
export interface ResourceLock {
  readonly identity: string;
  describe(): string;
  /** The current record; undefined when the Lease does not exist. Throws on other failures. */
  get(signal: AbortSignal): Promise<LeaderElectionRecord | undefined>;
  create(record: LeaderElectionRecord, signal: AbortSignal): Promise<void>;
  /** Replaces the record on the object last read or written (optimistic concurrency). */
  update(record: LeaderElectionRecord, signal: AbortSignal): Promise<void>;
}

export interface ElectionLog {
  info(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** Deliberate departures from client-go, for the fault catalogue (issue 12); all off normally. */
export interface ElectionFaults {
  /** A candidate never considers another holder's lease expired. */
  neverTakeOver?: boolean;
  /** A candidate waits this many times the lease duration before taking over (e.g. 3). */
  takeoverDelayFactor?: number;
  /** The holder writes this leaseDurationSeconds instead of the configured one (e.g. 3600). */
  holderLeaseSeconds?: number;
}

export interface LeaderElectorConfig {
  lock: ResourceLock;
  leaseDurationMs: number;
  renewDeadlineMs: number;
  retryPeriodMs: number;
  releaseOnCancel: boolean;
  onStartedLeading: () => void;
  onStoppedLeading: () => void;
  onNewLeader?: (identity: string) => void;
  clock: ElectionClock;
  /** [0, 1), for the acquire jitter. */
  random?: () => number;
  log?: ElectionLog;
  faults?: ElectionFaults;
}

export const JITTER_FACTOR = 1.2;

const NO_RECORD: LeaderElectionRecord = {
  holderIdentity: "",
  leaseDurationSeconds: 0,
  acquireTime: undefined,
  renewTime: undefined,
  leaderTransitions: 0,
};

export class LeaderElector {
  private readonly config: LeaderElectorConfig;
  private observedRecord: LeaderElectionRecord = NO_RECORD;
  private observedRaw = "";
  private observedTime = 0;
  private reportedLeader = "";

  constructor(config: LeaderElectorConfig) {
    if (config.leaseDurationMs <= config.renewDeadlineMs) {
      throw new Error("leaseDuration must be greater than renewDeadline");
    }
    if (config.renewDeadlineMs <= JITTER_FACTOR * config.retryPeriodMs) {
      throw new Error("renewDeadline must be greater than retryPeriod*JitterFactor");
    }
    this.config = config;
  }

  isLeader(): boolean {
    return this.observedRecord.holderIdentity === this.config.lock.identity;
  }

  /** The record this elector last observed (its own writes included). */
  observed(): LeaderElectionRecord {
    return this.observedRecord;
  }

  /** leaderelection.Run: acquire, lead until the lease is lost or the signal aborts. */
  async run(signal: AbortSignal): Promise<void> {
    try {
      if (!(await this.acquire(signal))) return;
      this.config.onStartedLeading();
      await this.renew(signal);
    } finally {
      this.config.onStoppedLeading();
    }
  }

  private async acquire(signal: AbortSignal): Promise<boolean> {
    const { clock, retryPeriodMs, lock } = this.config;
    const random = this.config.random ?? Math.random;
    this.config.log?.info("Attempting to acquire leader lease...", { lock: lock.describe() });
    while (!signal.aborted) {
      const succeeded = await this.tryAcquireOrRenew(signal);
      this.maybeReportTransition();
      if (succeeded) {
        this.config.log?.info("Successfully acquired lease", { lock: lock.describe() });
        return true;
      }
      await clock.sleep(retryPeriodMs + random() * JITTER_FACTOR * retryPeriodMs, signal);
    }
    return false;
  }

  private async renew(signal: AbortSignal): Promise<void> {
    const { clock, retryPeriodMs, renewDeadlineMs, lock } = this.config;
    while (!signal.aborted) {
      const renewed = await this.pollRenewal(signal);
      this.maybeReportTransition();
      if (!renewed) {
        if (signal.aborted) break;
        this.config.log?.info("Failed to renew lease", {
          lock: lock.describe(),
          err: `context deadline exceeded after ${renewDeadlineMs}ms`,
        });
        return;
      }
      await clock.sleep(retryPeriodMs, signal);
    }
    if (this.config.releaseOnCancel) await this.release();
  }

  /** PollUntilContextTimeout(retryPeriod, renewDeadline, immediate=true, tryAcquireOrRenew). */
  private async pollRenewal(signal: AbortSignal): Promise<boolean> {
    const { clock, retryPeriodMs, renewDeadlineMs } = this.config;
    const deadline = clock.now() + renewDeadlineMs;
    const attempt = new AbortController();
    const onAbort = () => attempt.abort();
    signal.addEventListener("abort", onAbort, { once: true });
    const expiry = new AbortController();
    void clock.sleep(renewDeadlineMs, expiry.signal).then(() => attempt.abort());
    try {
      while (!attempt.signal.aborted) {
        if (await this.tryAcquireOrRenew(attempt.signal)) return true;
        const remaining = deadline - clock.now();
        if (remaining <= 0) return false;
        await clock.sleep(Math.min(retryPeriodMs, remaining), attempt.signal);
        if (clock.now() >= deadline) return false;
      }
      return false;
    } finally {
      expiry.abort();
      signal.removeEventListener("abort", onAbort);
    }
  }

  private isLeaseValid(now: number): boolean {
    const faults = this.config.faults;
    if (faults?.neverTakeOver && !this.isLeader()) return true;
    const factor = !this.isLeader() && faults?.takeoverDelayFactor ? faults.takeoverDelayFactor : 1;
    return this.observedTime + this.observedRecord.leaseDurationSeconds * 1000 * factor > now;
  }

  private setObservedRecord(record: LeaderElectionRecord): void {
    this.observedRecord = record;
    this.observedTime = this.config.clock.now();
  }

  /** tryAcquireOrRenew: true when this identity holds the lease after the call. */
  private async tryAcquireOrRenew(signal: AbortSignal): Promise<boolean> {
    const { lock, clock, leaseDurationMs } = this.config;
    const now = clock.now();
    const record: LeaderElectionRecord = {
      holderIdentity: lock.identity,
      leaseDurationSeconds: this.config.faults?.holderLeaseSeconds ?? Math.trunc(leaseDurationMs / 1000),
      renewTime: now,
      acquireTime: now,
      leaderTransitions: 0,
    };

    // Fast path: the leader updates its own lease without reading it first.
    if (this.isLeader() && this.isLeaseValid(now)) {
      const updated = {
        ...record,
        acquireTime: this.observedRecord.acquireTime,
        leaderTransitions: this.observedRecord.leaderTransitions,
      };
      try {
        await lock.update(updated, signal);
        this.setObservedRecord(updated);
        return true;
      } catch (error) {
        this.config.log?.info("Failed to update lease optimistically, falling back to slow path", {
          lock: lock.describe(),
          err: message(error),
        });
      }
    }

    let current: LeaderElectionRecord | undefined;
    try {
      current = await lock.get(signal);
    } catch (error) {
      this.config.log?.error("Error retrieving lease lock", { lock: lock.describe(), err: message(error) });
      return false;
    }
    if (current === undefined) {
      try {
        await lock.create(record, signal);
      } catch (error) {
        this.config.log?.error("Error initially creating lease lock", {
          lock: lock.describe(),
          err: message(error),
        });
        return false;
      }
      this.setObservedRecord(record);
      return true;
    }

    const raw = rawRecord(current);
    if (raw !== this.observedRaw) {
      this.setObservedRecord(current);
      this.observedRaw = raw;
    }
    if (current.holderIdentity.length > 0 && this.isLeaseValid(now) && !this.isLeader()) {
      return false;
    }

    const next = this.isLeader()
      ? { ...record, acquireTime: current.acquireTime, leaderTransitions: current.leaderTransitions }
      : { ...record, leaderTransitions: current.leaderTransitions + 1 };
    try {
      await lock.update(next, signal);
    } catch (error) {
      this.config.log?.error("Failed to update lease", { lock: lock.describe(), err: message(error) });
      return false;
    }
    this.setObservedRecord(next);
    return true;
  }

  private async release(): Promise<boolean> {
    const { lock, clock, renewDeadlineMs } = this.config;
    const signal = AbortSignal.timeout(renewDeadlineMs);
    let current: LeaderElectionRecord | undefined;
    try {
      current = await lock.get(signal);
    } catch (error) {
      this.config.log?.error("error retrieving resource lock", {
        lock: lock.describe(),
        err: message(error),
      });
      return false;
    }
    if (current === undefined) {
      this.config.log?.info("lease lock not found", { lock: lock.describe() });
      return false;
    }
    if (!this.isLeader()) return true;
    const now = clock.now();
    const released: LeaderElectionRecord = {
      holderIdentity: "",
      leaderTransitions: current.leaderTransitions,
      leaseDurationSeconds: 1,
      renewTime: now,
      acquireTime: now,
    };
    try {
      await lock.update(released, signal);
    } catch (error) {
      this.config.log?.error("Failed to release lease", { lock: lock.describe(), err: message(error) });
      return false;
    }
    this.setObservedRecord(released);
    return true;
  }

  private maybeReportTransition(): void {
    if (this.observedRecord.holderIdentity === this.reportedLeader) return;
    this.reportedLeader = this.observedRecord.holderIdentity;
    this.config.onNewLeader?.(this.reportedLeader);
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
