// Runs LbIpam against the API server as operator/pkg/lbipam's Run loop does: pools first (their
// initial sync), then Services (their initial sync), then every event in order, each one's status
// writes sent (JSON patch `replace /status` of the status subresource, field manager
// cilium-operator-lb-ipam) before the next event is looked at. When the last pool goes, LB-IPAM
// restarts: the informers' current contents are replayed as resource.Events would replay them.

import { type Informer, kindInformer } from "../../../k8s/informer.ts";
import type { KubeObjects, Obj } from "../../../k8s/kube-objects.ts";
import { KubeApiError } from "../../../k8s/kube-rest-client.ts";
import type { Logger } from "../../log-line.ts";
import { FIELD_MANAGER, LbIpam, type LbIpamFaults, type LbIpamWrite } from "./lbipam.ts";
import type { LbIpamBehaviour } from "./lbipam-behaviour.ts";

export interface LbIpamControllerOptions {
  objects: KubeObjects;
  behaviour: LbIpamBehaviour;
  /** cilium.io/v2alpha1 before 1.18, cilium.io/v2 from 1.18 (the storage version). */
  poolApiVersion: string;
  log: Logger;
  faults?: LbIpamFaults;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
}

type Step = () => void;

export class LbIpamController {
  readonly lbipam: LbIpam;
  readonly #options: LbIpamControllerOptions;
  readonly #pools: Informer<Obj>;
  readonly #services: Informer<Obj>;
  readonly #queue: Step[] = [];
  #draining = false;
  #started = false;
  #idle: Promise<void> = Promise.resolve();
  #idleResolve: (() => void) | undefined;

  constructor(options: LbIpamControllerOptions) {
    this.#options = options;
    const log = options.log.with({ subsys: "lbipam" });
    this.lbipam = new LbIpam(options.behaviour, {
      now: options.now ?? (() => new Date()),
      log: (level, message) => log[level](message),
      ...(options.faults ? { faults: options.faults } : {}),
    });
    const onError = (error: unknown) => log.warn("Failed to watch", { error: String(error) });
    this.#pools = kindInformer(
      options.objects,
      { apiVersion: options.poolApiVersion, kind: "CiliumLoadBalancerIPPool" },
      { onError },
    );
    this.#services = kindInformer(options.objects, { apiVersion: "v1", kind: "Service" }, { onError });
    this.#pools.on({
      upsert: (pool) => this.#enqueue(() => this.lbipam.poolUpsert(pool)),
      delete: (pool) => this.#enqueue(() => this.lbipam.poolDelete(pool)),
    });
    this.#services.on({
      upsert: (service) => this.#enqueue(() => this.lbipam.serviceUpsert(service)),
      delete: (service) => this.#enqueue(() => this.lbipam.serviceDelete(service)),
    });
  }

  async start(): Promise<void> {
    this.#pools.start();
    this.#services.start();
    await Promise.all([this.#pools.synced, this.#services.synced]);
    // Events delivered before both caches were complete were queued; the initial sync replays
    // the caches in LB-IPAM's order instead (the steps are idempotent).
    this.#started = true;
    this.#enqueue(() => {});
  }

  async stop(): Promise<void> {
    await Promise.all([this.#pools.stop(), this.#services.stop()]);
  }

  /** Resolves once every queued event has been handled and its writes sent. */
  idle(): Promise<void> {
    return this.#idle;
  }

  #enqueue(step: Step): void {
    this.#queue.push(step);
    if (!this.#draining) {
      this.#draining = true;
      this.#idle = new Promise((resolve) => {
        this.#idleResolve = resolve;
      });
      void this.#drain();
    }
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0) {
      const step = this.#queue.shift() as Step;
      if (!this.#started) continue;
      try {
        step();
        this.#settle();
      } catch (error) {
        this.#options.log.error("LB-IPAM event failed", { subsys: "lbipam", error: String(error) });
      }
      await this.#flush();
    }
    this.#draining = false;
    this.#idleResolve?.();
  }

  /** The initial syncs (and the replays after a restart), as resource.Events delivers them. */
  #settle(): void {
    for (let round = 0; round < 3; round += 1) {
      if (this.lbipam.phase === "waiting-for-pools") {
        for (const pool of this.#pools.list()) this.lbipam.poolUpsert(pool);
        this.lbipam.poolsSynced();
      }
      if (this.lbipam.phase === "initializing-services") {
        for (const service of this.#services.list()) this.lbipam.serviceUpsert(service);
        this.lbipam.servicesSynced();
      }
      if (this.lbipam.phase === "running" || this.#pools.list().length === 0) return;
    }
  }

  async #flush(): Promise<void> {
    for (const write of this.lbipam.takeWrites()) await this.#send(write);
  }

  async #send(write: LbIpamWrite): Promise<void> {
    const { objects } = this.#options;
    const ref =
      write.kind === "service-status"
        ? { apiVersion: "v1", kind: "Service", namespace: write.namespace, name: write.name }
        : { apiVersion: this.#options.poolApiVersion, kind: "CiliumLoadBalancerIPPool", name: write.name };
    for (let attempt = 0; attempt < 5; attempt += 1) {
      try {
        await objects.patchStatus(
          ref,
          [{ op: "replace", path: "/status", value: write.status }],
          FIELD_MANAGER,
        );
        return;
      } catch (error) {
        if (error instanceof KubeApiError && error.code === 404) return;
        // An API server without JSON patch (a real one has it): the same status by PUT.
        if (error instanceof KubeApiError && error.code === 415 && (await this.#putStatus(ref, write.status)))
          return;
        this.#options.log.warn("Failed to update status", {
          subsys: "lbipam",
          name: write.name,
          error: String(error),
        });
        await (this.#options.sleep ?? defaultSleep)(200 * 2 ** attempt);
      }
    }
  }

  async #putStatus(
    ref: { apiVersion: string; kind: string; name: string; namespace?: string },
    status: Record<string, unknown>,
  ): Promise<boolean> {
    const current = await this.#options.objects.get(ref);
    if (!current) return true;
    try {
      await this.#options.objects.updateStatus({ ...current, status });
      return true;
    } catch (error) {
      return error instanceof KubeApiError && error.code === 404;
    }
  }
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
