// The agent's L2 announcer (pkg/l2announcer/l2announcer.go) as a loop over the current objects:
// on every change of policies, Services, the node's labels or devices it recomputes the
// selection (l2-selection.ts), writes the policy conditions, starts a leader election
// (`cilium-l2announce-<ns>-<svc>` in the agent's namespace, ReleaseOnCancel) for each newly
// selected Service and stops (releases) the ones no longer selected, and keeps the responder
// table equal to the entries of the Services this node leads. Every minute it deletes the
// prefix's Leases nobody holds (leaseGC).

import { KubeApiError, type KubeObject, type KubeRestClient } from "../../../k8s/kube-rest-client.ts";
import type { Labels } from "../../../k8s/label-selector.ts";
import { RESOURCES, resourcePath } from "../../../k8s/resource-path.ts";
import type { Logger } from "../../log-line.ts";
import { CoalescedRun } from "../coalesced-run.ts";
import type { ArpResponder } from "./arp-responder.ts";
import type { ResponderEntry } from "./arp-responder-rules.ts";
import { systemClock } from "./election-clock.ts";
import type { L2Policy, L2Service, SelectedService, SelectionFaults } from "./l2-selection.ts";
import { selectL2Services } from "./l2-selection.ts";
import { type ElectionFaults, LeaderElector } from "./leader-elector.ts";
import { LeaseLock } from "./lease-lock.ts";
import type { LeaseTimings } from "./lease-timings.ts";
import { L2_FIELD_MANAGER, nextPolicyConditions } from "./policy-conditions.ts";

export const LEASE_PREFIX = "cilium-l2announce";

export interface AnnouncerFaults {
  election?: ElectionFaults;
  selection?: SelectionFaults;
  /** Answer for every selected Service, leader or not (several nodes answer). */
  announceWithoutLease?: boolean;
  /** Answer only for selected Services this node does NOT lead (a non-holder answers). */
  announceWhenNotLeading?: boolean;
  /** Never answer (nobody answers). */
  neverAnnounce?: boolean;
}

export interface L2AnnouncerInputs {
  policies: () => L2Policy[];
  services: () => L2Service[];
  nodeLabels: () => Labels;
  devices: () => string[];
}

interface Running {
  selected: SelectedService;
  elector: LeaderElector;
  stop: AbortController;
  done: Promise<void>;
  leading: boolean;
}

export class L2Announcer {
  private readonly client: KubeRestClient;
  private readonly inputs: L2AnnouncerInputs;
  private readonly responder: ArpResponder;
  private readonly namespace: string;
  private readonly nodeName: string;
  private readonly timings: LeaseTimings;
  private readonly faults: AnnouncerFaults;
  private readonly log: Logger;
  private readonly running = new Map<string, Running>();
  private gcTimer: NodeJS.Timeout | undefined;
  private readonly reconciler = new CoalescedRun(
    () => this.reconcile(),
    (error) => this.log.warn("Error processing L2 announcement change", { error: String(error) }),
  );

  constructor(options: {
    client: KubeRestClient;
    inputs: L2AnnouncerInputs;
    responder: ArpResponder;
    namespace: string;
    nodeName: string;
    timings: LeaseTimings;
    faults?: AnnouncerFaults;
    log: Logger;
  }) {
    this.client = options.client;
    this.inputs = options.inputs;
    this.responder = options.responder;
    this.namespace = options.namespace;
    this.nodeName = options.nodeName;
    this.timings = options.timings;
    this.faults = options.faults ?? {};
    this.log = options.log;
  }

  start(): void {
    this.gcTimer = setInterval(() => void this.leaseGc(), 60_000);
    this.changed();
  }

  /** Something the selection depends on changed: recompute soon (events come in bursts). */
  changed(): void {
    this.reconciler.request();
  }

  /** Services this node leads, with what it announces for them. */
  leading(): SelectedService[] {
    return [...this.running.values()].filter((r) => r.leading).map((r) => r.selected);
  }

  async stop(): Promise<void> {
    if (this.gcTimer) clearInterval(this.gcTimer);
    await this.reconciler.stop();
    for (const running of this.running.values()) running.stop.abort();
    await Promise.all([...this.running.values()].map((r) => r.done));
    this.running.clear();
  }

  private async reconcile(): Promise<void> {
    const selection = selectL2Services({
      policies: this.inputs.policies(),
      services: this.inputs.services(),
      nodeLabels: this.inputs.nodeLabels(),
      devices: this.inputs.devices(),
      ...(this.faults.selection ? { faults: this.faults.selection } : {}),
    });
    await this.writePolicyConditions(selection.checks);
    for (const [key, running] of this.running) {
      const selected = selection.services.get(key);
      if (selected) running.selected = selected;
      else {
        this.running.delete(key);
        running.stop.abort();
        void running.done;
      }
    }
    for (const selected of selection.services.values()) {
      if (!this.running.has(selected.key)) this.startElection(selected);
    }
    await this.applyEntries();
  }

  private startElection(selected: SelectedService): void {
    const stop = new AbortController();
    const lock = new LeaseLock(
      this.client,
      this.namespace,
      `${LEASE_PREFIX}-${selected.namespace}-${selected.name}`,
      this.nodeName,
    );
    const running = { selected, stop, leading: false } as Running;
    const klog = this.log.with({ subsys: "klog" });
    running.elector = new LeaderElector({
      lock,
      ...this.timings,
      releaseOnCancel: true,
      clock: systemClock,
      ...(this.faults.election ? { faults: this.faults.election } : {}),
      log: { info: (m, f) => klog.info(m, f), error: (m, f) => klog.error(m, f) },
      onStartedLeading: () => {
        running.leading = true;
        void this.applyEntries();
      },
      onStoppedLeading: () => {
        running.leading = false;
        void this.applyEntries();
      },
    });
    // serviceLeaderElection: run the election again whenever it ends, until the Service goes.
    running.done = (async () => {
      while (!stop.signal.aborted) {
        await running.elector.run(stop.signal);
        if (!stop.signal.aborted) await systemClock.sleep(10, stop.signal);
      }
    })();
    this.running.set(selected.key, running);
  }

  private applyEntries(): Promise<void> {
    const entries: ResponderEntry[] = [];
    if (!this.faults.neverAnnounce) {
      for (const running of this.running.values()) {
        const announce = this.faults.announceWithoutLease
          ? true
          : this.faults.announceWhenNotLeading
            ? !running.leading
            : running.leading;
        if (announce) entries.push(...running.selected.entries);
      }
    }
    return this.responder.setEntries(entries);
  }

  private async writePolicyConditions(checks: ReturnType<typeof selectL2Services>["checks"]): Promise<void> {
    const byPolicy = new Map<string, typeof checks>();
    for (const check of checks) byPolicy.set(check.policy, [...(byPolicy.get(check.policy) ?? []), check]);
    for (const policy of this.inputs.policies()) {
      const next = nextPolicyConditions(
        policy.status?.conditions ?? [],
        byPolicy.get(policy.metadata.name) ?? [],
        policy.metadata.generation,
        new Date().toISOString().replace(/\.\d+Z$/, "Z"),
      );
      if (!next) continue;
      const path = resourcePath(RESOURCES.l2Policies, { name: policy.metadata.name, subresource: "status" });
      const status = { ...(policy.status ?? {}), conditions: next };
      const options = { query: { fieldManager: L2_FIELD_MANAGER } };
      try {
        // Cilium replaces /status with a JSON patch (RFC 6902). An API server that refuses JSON
        // patch (415) or answers without applying it gets a merge patch setting the same status.
        let applied = false;
        try {
          const result = await this.client.patch<L2Policy>(
            path,
            [{ op: "replace", path: "/status", value: status }],
            "application/json-patch+json",
            options,
          );
          applied = JSON.stringify(result?.status?.conditions) === JSON.stringify(next);
        } catch (error) {
          if (!(error instanceof KubeApiError && error.code === 415)) throw error;
        }
        if (!applied) await this.client.patch(path, { status }, "application/merge-patch+json", options);
      } catch (error) {
        this.log.warn("updating policy status failed", { error: String(error) });
      }
    }
  }

  /**
   * Cilium's lease GC (pkg/l2announcer/l2announcer.go leaseGC, run by a hive job.Timer every
   * minute on every agent): delete the announcement Leases nobody holds. A Forbidden list is
   * expected (the feature was never on); any other error — a Lease another agent deleted first
   * included — fails the timer job, which hive logs as an error (cilium/hive job/timer.go).
   */
  async leaseGc(): Promise<void> {
    const started = performance.now();
    let failure: string | undefined;
    try {
      const list = await this.client.list<KubeObject & { spec?: { holderIdentity?: string } }>(
        resourcePath(RESOURCES.leases, { namespace: this.namespace }),
      );
      for (const lease of list.items) {
        if (!lease.metadata.name.startsWith(LEASE_PREFIX)) continue;
        if (lease.spec?.holderIdentity) continue;
        try {
          await this.client.delete(
            resourcePath(RESOURCES.leases, { namespace: this.namespace, name: lease.metadata.name }),
          );
        } catch (error) {
          failure = `leaseClient.Delete(${lease.metadata.name}): ${String(error)}`;
          break;
        }
      }
    } catch (error) {
      if (error instanceof KubeApiError && error.code === 403) return;
      failure = `leaseClient.List: ${String(error)}`;
    }
    if (failure)
      this.log.error("Timer job failed", {
        name: "l2-announcer-lease-gc",
        error: failure,
        duration: `${Math.round(performance.now() - started)}ms`,
      });
  }
}
