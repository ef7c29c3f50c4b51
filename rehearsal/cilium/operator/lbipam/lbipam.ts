// LB-IPAM's decisions, ported from cilium/cilium operator/pkg/lbipam/lbipam.go (v1.16–v1.19; the
// differences are in LbIpamBehaviour). Synchronous and free of I/O: every status the operator
// would PATCH is handed to `writes` in order, and the controller sends them. Pools and Services
// arrive as events exactly as the operator's resource.Events deliver them.

import {
  type Addr,
  compareAddr,
  formatAddr,
  nextAddr,
  parseAddr,
  parsePrefix,
  prefixRange,
  sameAddr,
} from "../../../go/netip.ts";
import {
  type Condition,
  findCondition,
  metaTime,
  removeStatusCondition,
  setStatusCondition,
} from "../../../k8s/conditions.ts";
import type { Obj } from "../../../k8s/kube-objects.ts";
import { type LabelSelector, selectorMatches } from "../../../k8s/label-selector.ts";
import { IpAllocError } from "./ip-allocator.ts";
import { LbRange, RangesStore, rangesIntersect } from "./lb-range.ts";
import type { LbIpamBehaviour } from "./lbipam-behaviour.ts";
import { isCompatible, isSatisfied, type ServiceView, specOf, updateServiceView } from "./service-view.ts";

export const SERVICE_CONDITION = "cilium.io/IPAMRequestSatisfied";
export const POOL_IPS_TOTAL = "cilium.io/IPsTotal";
export const POOL_IPS_AVAILABLE = "cilium.io/IPsAvailable";
export const POOL_IPS_USED = "cilium.io/IPsUsed";
export const POOL_CONFLICT = "cilium.io/PoolConflict";
export const FIELD_MANAGER = "cilium-operator-lb-ipam";

export type LbIpamWrite =
  | { kind: "service-status"; namespace: string; name: string; status: Record<string, unknown> }
  | { kind: "pool-status"; name: string; status: Record<string, unknown> };

export interface LbIpamHooks {
  now(): Date;
  log(level: "info" | "warn" | "error" | "debug", message: string): void;
  /** Fault injection points (issue 12); all default to Cilium's behaviour. */
  faults?: LbIpamFaults;
}

export interface LbIpamFaults {
  /** The Service condition is never written. */
  noSatisfiedCondition?: boolean;
  /** Requested IPs are ignored: every Service gets a dynamic address. */
  ignoreRequestedIps?: boolean;
  /** Sharing keys are ignored: every Service gets its own address. */
  ignoreSharingKeys?: boolean;
  /** Added to the IPsTotal a pool reports. */
  ipsTotalSkew?: bigint;
  /** Overlapping pools are never marked PoolConflict. */
  noPoolConflict?: boolean;
  /** Every pool is marked PoolConflict (with itself) and never resolved: nothing is allocated from it. */
  spuriousPoolConflict?: boolean;
  /** Deleted Services keep their IPs allocated. */
  neverRelease?: boolean;
  /** Dynamic allocations take an address just past the block (outside the pool). */
  allocateOutsidePool?: boolean;
  /** A requested IP that no pool contains is handed out anyway (instead of no_pool). */
  assignUnpooledRequests?: boolean;
  /** A pool's counters are written once and never updated after allocations or releases. */
  frozenCounters?: boolean;
}

interface PoolObject extends Obj {
  spec?: {
    blocks?: { cidr?: string; start?: string; stop?: string }[];
    serviceSelector?: LabelSelector;
    disabled?: boolean;
    allowFirstLastIPs?: string;
  };
  status?: { conditions?: Condition[] };
}

type Phase = "waiting-for-pools" | "initializing-services" | "running";

export class LbIpam {
  readonly behaviour: LbIpamBehaviour;
  readonly #hooks: LbIpamHooks;
  readonly #faults: LbIpamFaults;
  pools = new Map<string, PoolObject>();
  rangesStore = new RangesStore();
  satisfied = new Map<string, ServiceView>();
  unsatisfied = new Map<string, ServiceView>();
  phase: Phase = "waiting-for-pools";
  #poolsSynced = false;
  writes: LbIpamWrite[] = [];

  constructor(behaviour: LbIpamBehaviour, hooks: LbIpamHooks) {
    this.behaviour = behaviour;
    this.#hooks = hooks;
    this.#faults = hooks.faults ?? {};
  }

  /** The writes collected since the last call, in the order Cilium makes them. */
  takeWrites(): LbIpamWrite[] {
    const out = this.writes;
    this.writes = [];
    return out;
  }

  // ---- events (lbipam.go Run / initialize) -------------------------------------------------

  poolUpsert(pool: PoolObject): void {
    this.#poolOnUpsert(structuredClone(pool));
    this.#afterPoolEvent();
  }

  poolDelete(pool: PoolObject): void {
    this.#handlePoolDeleted(pool);
    this.#settleConflicts();
    this.#satisfyAndUpdateCounts();
    this.#afterPoolEvent();
  }

  poolsSynced(): void {
    if (this.phase !== "waiting-for-pools") return;
    this.#settleConflicts();
    this.#poolsSynced = true;
    this.#afterPoolEvent();
  }

  serviceUpsert(service: Obj): void {
    if (this.phase === "waiting-for-pools") return;
    const init = this.phase === "initializing-services";
    this.#handleUpsertService(service, init);
    if (!init) this.#satisfyAndUpdateCounts();
  }

  serviceDelete(service: Obj): void {
    if (this.phase === "waiting-for-pools") return;
    const init = this.phase === "initializing-services";
    this.#svcOnDelete(service, init);
  }

  servicesSynced(): void {
    if (this.phase !== "initializing-services") return;
    if (this.behaviour.revalidateOnServiceSync) this.#revalidateAllServices();
    else this.#satisfyServices();
    this.#updateAllPoolCounts();
    this.phase = "running";
  }

  #afterPoolEvent(): void {
    if (this.phase === "waiting-for-pools") {
      if (this.#poolsSynced && this.pools.size > 0) this.phase = "initializing-services";
      return;
    }
    // The controller goes dormant when the last pool is removed, and starts over (restart()).
    if (this.pools.size === 0) this.#restart();
  }

  #restart(): void {
    this.#hooks.log("info", "Restarting LB IPAM");
    this.pools = new Map();
    this.rangesStore = new RangesStore();
    this.satisfied = new Map();
    this.unsatisfied = new Map();
    this.phase = "waiting-for-pools";
    this.#poolsSynced = false;
  }

  // ---- pools --------------------------------------------------------------------------------

  #poolOnUpsert(pool: PoolObject): void {
    const existing = this.pools.get(pool.metadata.name);
    if (existing) {
      if (
        this.behaviour.skipUnchangedPoolSpec &&
        JSON.stringify(existing.spec ?? {}) === JSON.stringify(pool.spec ?? {})
      )
        return;
      if (!this.#handlePoolModified(pool)) return;
    } else if (!this.#handleNewPool(pool)) {
      return;
    }
    this.#settleConflicts();
    this.#satisfyAndUpdateCounts();
  }

  #newRange(pool: PoolObject, from: Addr, to: Addr, fromCidr: boolean): LbRange {
    const range = new LbRange(from, to, pool.metadata.name, pool.spec?.disabled === true);
    // First and last of a cidr block are reserved (allocated to nobody) when allowFirstLastIPs is "No",
    // except for /31, /32-like blocks where that would take everything.
    if (fromCidr && pool.spec?.allowFirstLastIPs === "No") reserveFirstLast(range);
    return range;
  }

  /** False when a block does not parse: Cilium stops there (earlier blocks stay) and retries the event. */
  #handleNewPool(pool: PoolObject): boolean {
    this.pools.set(pool.metadata.name, pool);
    const { blocks, parsed } = this.#parseBlocks(pool, "handleNewPool");
    for (const range of blocks)
      this.rangesStore.add(this.#newRange(pool, range.from, range.to, range.fromCidr));
    if (!parsed) return false;
    this.#unmarkPool(pool);
    return true;
  }

  /** The pool's blocks up to the first that does not parse (`parsed` false then, and logged as `step` logs it). */
  #parseBlocks(
    pool: PoolObject,
    step: "handleNewPool" | "handlePoolModified",
  ): { blocks: { from: Addr; to: Addr; fromCidr: boolean }[]; parsed: boolean } {
    const blocks: { from: Addr; to: Addr; fromCidr: boolean }[] = [];
    for (const block of pool.spec?.blocks ?? []) {
      const range = rangeFromBlock(block);
      if ("error" in range) {
        this.#hooks.log(
          "error",
          `pool upsert failed: poolOnUpsert: ${step}: error parsing ip block: ${range.error}`,
        );
        return { blocks, parsed: false };
      }
      blocks.push(range);
    }
    return { blocks, parsed: true };
  }

  #handlePoolModified(pool: PoolObject): boolean {
    const existing = this.pools.get(pool.metadata.name);
    const reserved = (p: PoolObject | undefined) => p?.spec?.allowFirstLastIPs === "No";
    const changedFirstLast = existing !== undefined && reserved(existing) !== reserved(pool);
    this.pools.set(pool.metadata.name, pool);
    const { blocks: wanted, parsed } = this.#parseBlocks(pool, "handlePoolModified");
    if (!parsed) return false;
    const existingRanges = [...this.rangesStore.rangesOf(pool.metadata.name)];
    for (const range of existingRanges) {
      const match = wanted.find((candidate) => range.equalRange(candidate.from, candidate.to));
      if (match) {
        if (match.fromCidr && changedFirstLast) {
          const { from, to } = range.alloc.range();
          if (!(sameAddr(from, to) || sameAddr(nextAddr(from), to))) {
            if (!reserved(pool)) {
              tryIt(() => range.alloc.free(from));
              tryIt(() => range.alloc.free(to));
            } else {
              tryIt(() => range.alloc.alloc(from, []));
              tryIt(() => range.alloc.alloc(to, []));
            }
          }
        }
        continue;
      }
      this.rangesStore.delete(range);
      this.#deleteRangeAllocations(range);
    }
    for (const candidate of wanted) {
      if (existingRanges.some((range) => range.equalRange(candidate.from, candidate.to))) continue;
      this.rangesStore.add(this.#newRange(pool, candidate.from, candidate.to, candidate.fromCidr));
    }
    for (const range of this.rangesStore.rangesOf(pool.metadata.name))
      range.externallyDisabled = pool.spec?.disabled === true;
    this.#revalidateAllServices();
    return true;
  }

  #handlePoolDeleted(pool: PoolObject): void {
    const modified: ServiceView[] = [];
    for (const range of [...this.rangesStore.rangesOf(pool.metadata.name)]) {
      this.rangesStore.delete(range);
      modified.push(...this.#deleteRangeAllocations(range));
    }
    this.pools.delete(pool.metadata.name);
    for (const view of modified) {
      let changed = this.#stripOrImportIngresses(view);
      if (!isSatisfied(view) && this.#satisfyService(view)) changed = true;
      if (changed) this.#patchServiceStatus(view);
      this.#storeUpsert(view);
    }
  }

  #deleteRangeAllocations(range: LbRange): ServiceView[] {
    const modified: ServiceView[] = [];
    for (const view of [...this.unsatisfied.values(), ...this.satisfied.values()]) {
      const before = view.allocatedIps.length;
      view.allocatedIps = view.allocatedIps.filter((alloc) => alloc.origin !== range);
      if (view.allocatedIps.length !== before) modified.push(view);
    }
    return modified;
  }

  #settleConflicts(): void {
    const conflicting = (pool: PoolObject) =>
      findCondition(pool.status?.conditions, POOL_CONFLICT)?.status === "True";
    if (this.#faults.spuriousPoolConflict) {
      for (const pool of this.pools.values()) {
        const [first] = this.rangesStore.rangesOf(pool.metadata.name);
        if (first && !conflicting(pool)) this.#markPoolConflicting(pool, pool, first, first);
      }
      return;
    }
    if (!this.#faults.noPoolConflict) {
      for (const outer of this.pools.values()) {
        if (conflicting(outer)) continue;
        const outerRanges = this.rangesStore.rangesOf(outer.metadata.name);
        const internal = internallyConflicting(outerRanges);
        if (internal) {
          this.#markPoolConflicting(outer, outer, internal[0], internal[1]);
          continue;
        }
        for (const inner of this.pools.values()) {
          if (inner.metadata.name === outer.metadata.name || conflicting(inner)) continue;
          const clash = conflictingRanges(outerRanges, this.rangesStore.rangesOf(inner.metadata.name));
          if (!clash) continue;
          // The newer pool is the one marked.
          if (createdBefore(outer, inner)) this.#markPoolConflicting(inner, outer, clash[1], clash[0]);
          else this.#markPoolConflicting(outer, inner, clash[0], clash[1]);
          break;
        }
      }
    }
    for (const outer of this.pools.values()) {
      if (!conflicting(outer)) continue;
      const outerRanges = this.rangesStore.rangesOf(outer.metadata.name);
      if (internallyConflicting(outerRanges)) continue;
      const stillConflicts = [...this.pools.values()].some(
        (inner) =>
          inner.metadata.name !== outer.metadata.name &&
          conflictingRanges(outerRanges, this.rangesStore.rangesOf(inner.metadata.name)),
      );
      if (!stillConflicts) this.#unmarkPool(outer);
    }
  }

  #markPoolConflicting(
    target: PoolObject,
    collision: PoolObject,
    targetRange: LbRange,
    collisionRange: LbRange,
  ): void {
    if (findCondition(target.status?.conditions, POOL_CONFLICT)?.status === "True") return;
    const message = `Pool conflicts since range '${targetRange}' overlaps range '${collisionRange}' from IP Pool '${collision.metadata.name}'`;
    this.#hooks.log(
      "warn",
      `Pool '${target.metadata.name}' conflicts since range '${targetRange}' overlaps range '${collisionRange}' from IP Pool '${collision.metadata.name}'`,
    );
    for (const range of this.rangesStore.rangesOf(target.metadata.name)) range.internallyDisabled = true;
    if (this.#setPoolCondition(target, POOL_CONFLICT, "True", "cidr_overlap", message))
      this.#patchPoolStatus(target);
  }

  #unmarkPool(target: PoolObject): void {
    for (const range of this.rangesStore.rangesOf(target.metadata.name)) range.internallyDisabled = false;
    if (this.#setPoolCondition(target, POOL_CONFLICT, "False", "resolved", "")) this.#patchPoolStatus(target);
  }

  #updateAllPoolCounts(): void {
    for (const pool of this.pools.values()) {
      if (this.#faults.frozenCounters && findCondition(pool.status?.conditions ?? [], POOL_IPS_AVAILABLE))
        continue;
      let total = 0n;
      let available = 0n;
      let used = 0n;
      for (const range of this.rangesStore.rangesOf(pool.metadata.name)) {
        const stats = range.alloc.stats();
        total += stats.available + stats.allocated;
        available += stats.available;
        used += stats.allocated;
      }
      total += this.#faults.ipsTotalSkew ?? 0n;
      const a = this.#setPoolCondition(pool, POOL_IPS_TOTAL, "Unknown", "noreason", total.toString());
      const b = this.#setPoolCondition(pool, POOL_IPS_AVAILABLE, "Unknown", "noreason", available.toString());
      const c = this.#setPoolCondition(pool, POOL_IPS_USED, "Unknown", "noreason", used.toString());
      if (a || b || c) this.#patchPoolStatus(pool);
    }
  }

  #setPoolCondition(
    pool: PoolObject,
    type: string,
    status: Condition["status"],
    reason: string,
    message: string,
  ): boolean {
    pool.status ??= {};
    pool.status.conditions ??= [];
    const generation = pool.metadata.generation ?? 0;
    const current = findCondition(pool.status.conditions, type);
    if (
      current &&
      current.status === status &&
      (current.observedGeneration ?? 0) === generation &&
      current.reason === reason &&
      current.message === message
    ) {
      return false;
    }
    setStatusCondition(pool.status.conditions, {
      type,
      status,
      observedGeneration: generation,
      lastTransitionTime: metaTime(this.#hooks.now()),
      reason,
      message,
    });
    return true;
  }

  // ---- services -----------------------------------------------------------------------------

  #isResponsibleFor(service: Obj): boolean {
    const spec = specOf(service);
    if (spec.type !== "LoadBalancer") return false;
    if (spec.loadBalancerClass === undefined || spec.loadBalancerClass === null)
      return this.behaviour.handlesClasslessServices;
    return this.behaviour.lbClasses.includes(spec.loadBalancerClass);
  }

  #getView(key: string): ServiceView | undefined {
    return this.satisfied.get(key) ?? this.unsatisfied.get(key);
  }

  #storeUpsert(view: ServiceView): void {
    if (isSatisfied(view)) {
      this.unsatisfied.delete(view.key);
      this.satisfied.set(view.key, view);
    } else {
      this.satisfied.delete(view.key);
      this.unsatisfied.set(view.key, view);
    }
  }

  #handleUpsertService(service: Obj, init: boolean): void {
    const key = `${service.metadata.namespace}/${service.metadata.name}`;
    if (!this.#isResponsibleFor(service)) {
      const view = this.#getView(key);
      if (!view) return;
      // Responsible before, not any more: release and clean the Service up for another controller.
      this.#svcOnDelete(service, init);
      view.status.loadBalancer.ingress = undefined;
      if (view.status.conditions) removeStatusCondition(view.status.conditions, SERVICE_CONDITION);
      this.#patchServiceStatus(view);
      return;
    }
    const view = updateServiceView(this.#getView(key), service, this.behaviour, (message) =>
      this.#hooks.log("error", message),
    );
    if (this.#faults.ignoreRequestedIps) view.requestedIps = [];
    if (this.#faults.ignoreSharingKeys) view.sharingKey = "";
    if (init) {
      this.#storeUpsert(view);
      return;
    }
    this.#stripInvalidAllocations(view);
    let changed = this.#stripOrImportIngresses(view);
    if (!isSatisfied(view) && this.#satisfyService(view)) changed = true;
    if (changed) this.#patchServiceStatus(view);
    this.#storeUpsert(view);
  }

  #svcOnDelete(service: Obj, init: boolean): void {
    this.#hooks.log("debug", `Deleted service '${service.metadata.namespace}/${service.metadata.name}'`);
    if (!this.#faults.neverRelease)
      this.#handleDeletedService(`${service.metadata.namespace}/${service.metadata.name}`);
    if (!init) this.#satisfyAndUpdateCounts();
  }

  #handleDeletedService(key: string): void {
    const view = this.#getView(key);
    if (!view) return;
    for (const alloc of view.allocatedIps) {
      const group = alloc.origin.alloc.get(alloc.ip);
      if (!group.found) continue;
      const left = group.value.filter((member) => member !== view);
      if (left.length > 0) alloc.origin.alloc.update(alloc.ip, left);
      else {
        tryIt(() => alloc.origin.alloc.free(alloc.ip));
        if (view.sharingKey !== "") this.rangesStore.deleteSharingKeyIp(view.sharingKey, alloc);
      }
    }
    this.satisfied.delete(key);
    this.unsatisfied.delete(key);
  }

  #satisfyAndUpdateCounts(): void {
    this.#satisfyServices();
    this.#updateAllPoolCounts();
  }

  #satisfyServices(): void {
    for (const view of [...this.unsatisfied.values()]) {
      if (this.#satisfyService(view)) this.#patchServiceStatus(view);
      this.#storeUpsert(view);
    }
  }

  #revalidateAllServices(): void {
    const revalidate = (view: ServiceView) => {
      this.#stripInvalidAllocations(view);
      let changed = this.#stripOrImportIngresses(view);
      if (!isSatisfied(view) && this.#satisfyService(view)) changed = true;
      if (changed) this.#patchServiceStatus(view);
      this.#storeUpsert(view);
    };
    const satisfied = [...this.satisfied.values()];
    const unsatisfied = [...this.unsatisfied.values()];
    for (const view of this.behaviour.revalidateSatisfiedFirst
      ? [...satisfied, ...unsatisfied]
      : [...unsatisfied, ...satisfied]) {
      revalidate(view);
    }
  }

  #stripInvalidAllocations(view: ServiceView): void {
    for (let index = view.allocatedIps.length - 1; index >= 0; index--) {
      const alloc = view.allocatedIps[index];
      if (!alloc) continue;
      const release = () => {
        const group = alloc.origin.alloc.get(alloc.ip);
        const left = group.found ? group.value.filter((member) => member !== view) : [];
        if (left.length === 0) {
          tryIt(() => alloc.origin.alloc.free(alloc.ip));
          this.rangesStore.deleteSharingKeyIp(view.sharingKey, alloc);
        } else {
          alloc.origin.alloc.update(alloc.ip, left);
        }
        view.allocatedIps.splice(index, 1);
      };
      const pool = this.pools.get(alloc.origin.originPool);
      if (!pool) {
        release();
        continue;
      }
      if (pool.spec?.serviceSelector) {
        const verdict = selectorMatches(pool.spec.serviceSelector, view.labels);
        if (!verdict.ok) continue;
        if (!verdict.matches) {
          release();
          continue;
        }
      }
      if (!this.#sharingGroupCompatible(view)) {
        release();
        continue;
      }
      if (view.requestedIps.length > 0) {
        if (!view.requestedIps.some((requested) => sameAddr(requested, alloc.ip))) release();
      } else if (alloc.ip.bits === 128 ? !view.requestedFamilies.ipv6 : !view.requestedFamilies.ipv4) {
        release();
      }
    }
  }

  #sharingGroupCompatible(view: ServiceView): boolean {
    for (const alloc of view.allocatedIps) {
      const group = alloc.origin.alloc.get(alloc.ip);
      const members = group.found ? group.value : [];
      if (members.length === 1) continue;
      for (const member of members) {
        if (member !== view && !isCompatible(member, view, this.behaviour)[0]) return false;
      }
    }
    return true;
  }

  /** Keeps ingresses LB-IPAM allocated; adopts others it can; drops the rest. */
  #stripOrImportIngresses(view: ServiceView): boolean {
    const before = view.status.loadBalancer.ingress ?? [];
    const kept: typeof before = [];
    for (const ingress of before) {
      if (!ingress.ip) continue;
      const ip = parseAddr(ingress.ip);
      if (!ip) continue;
      const allocated = view.allocatedIps.some((alloc) => sameAddr(alloc.ip, ip));
      if (!allocated) {
        if (view.requestedIps.length > 0 && !view.requestedIps.some((requested) => sameAddr(requested, ip)))
          continue;
        if (ip.bits === 128 ? !view.requestedFamilies.ipv6 : !view.requestedFamilies.ipv4) continue;
        const { range } = this.#findRangeOfIp(view, ip);
        if (!range) {
          this.#hooks.log(
            "warn",
            `Current IP does not belong to any matching range, deferring to regular allocation logic ip=${ingress.ip} service=${view.key}`,
          );
          continue;
        }
        try {
          range.alloc.alloc(ip, [view]);
        } catch (error) {
          if (error instanceof IpAllocError && error.code === "in_use") {
            this.#hooks.log(
              "warn",
              `Current IP is already allocated by another service, deferring to regular allocation logic ip=${ingress.ip} service=${view.key}`,
            );
            continue;
          }
          throw error;
        }
        const entry = { ip, origin: range };
        view.allocatedIps.push(entry);
        if (view.sharingKey !== "") this.rangesStore.addSharingKeyIp(view.sharingKey, entry);
      }
      kept.push(ingress);
    }
    const deduplicated = kept.filter((ingress, index) => index === 0 || kept[index - 1]?.ip !== ingress.ip);
    const changed = before.length !== deduplicated.length;
    view.status.loadBalancer.ingress = deduplicated.length > 0 ? deduplicated : undefined;
    return changed;
  }

  #satisfyService(view: ServiceView): boolean {
    let changed = view.requestedIps.length > 0 ? this.#satisfySpecific(view) : this.#satisfyGeneric(view);
    for (const alloc of view.allocatedIps) {
      const ingress = view.status.loadBalancer.ingress ?? [];
      if (ingress.some((entry) => entry.ip !== undefined && sameParsed(entry.ip, alloc.ip))) continue;
      view.status.loadBalancer.ingress = [...ingress, { ip: formatAddr(alloc.ip) }];
      changed = true;
      if (view.sharingKey !== "") this.rangesStore.addSharingKeyIp(view.sharingKey, alloc);
    }
    if (isSatisfied(view) && this.#setSatisfied(view, "True", "satisfied", "")) changed = true;
    this.#storeUpsert(view);
    return changed;
  }

  #satisfySpecific(view: ServiceView): boolean {
    let changed = false;
    for (const requested of view.requestedIps) {
      if (view.allocatedIps.some((alloc) => sameAddr(alloc.ip, requested))) continue;
      const { range, foundPool } = this.#findRangeOfIp(view, requested);
      if (!range && !foundPool && this.#faults.assignUnpooledRequests) {
        const ingress = view.status.loadBalancer.ingress ?? [];
        if (!ingress.some((entry) => entry.ip !== undefined && sameParsed(entry.ip, requested))) {
          view.status.loadBalancer.ingress = [...ingress, { ip: formatAddr(requested) }];
          changed = true;
        }
        continue;
      }
      if (!range) {
        const ip = formatAddr(requested);
        const [reason, message] = foundPool
          ? [
              "pool_selector_mismatch",
              `The pool with the CIDR containing '${ip}', doesn't select this service`,
            ]
          : ["no_pool", `No pool exists with a CIDR containing '${ip}'`];
        if (this.#setSatisfied(view, "False", reason, message)) changed = true;
        continue;
      }
      const holders = range.alloc.get(requested);
      if (holders.found) {
        const ip = formatAddr(requested);
        if (view.sharingKey === "") {
          if (
            this.#setSatisfied(
              view,
              "False",
              "already_allocated",
              `The IP '${ip}' is already allocated to another service`,
            )
          )
            changed = true;
          continue;
        }
        let reason = "";
        const compatible = holders.value.every((holder) => {
          const [ok, why] = isCompatible(holder, view, this.behaviour);
          if (!ok) reason = why;
          return ok;
        });
        if (!compatible) {
          const message =
            this.behaviour.incompatibleReason === "already_allocated_different_sharing_key"
              ? `The IP '${ip}' is already allocated to another service with a different sharing key`
              : `The IP '${ip}' is already allocated to an incompatible service. Reason: ${reason}`;
          if (this.#setSatisfied(view, "False", this.behaviour.incompatibleReason, message)) changed = true;
          continue;
        }
        range.alloc.update(requested, [...holders.value, view]);
      } else {
        range.alloc.alloc(requested, [view]);
      }
      view.allocatedIps.push({ ip: requested, origin: range });
    }
    return changed;
  }

  #satisfyGeneric(view: ServiceView): boolean {
    const hasV4 = view.allocatedIps.some((alloc) => alloc.ip.bits === 32);
    const hasV6 = view.allocatedIps.some((alloc) => alloc.ip.bits === 128);
    let changed = false;
    if (view.requestedFamilies.ipv4 && !hasV4) changed = this.#satisfyFamily(view, 32);
    if (view.requestedFamilies.ipv6 && !hasV6) changed = this.#satisfyFamily(view, 128);
    return changed;
  }

  #satisfyFamily(view: ServiceView, bits: 32 | 128): boolean {
    if (view.sharingKey !== "") {
      for (const shared of this.rangesStore.sharingKeyIps(view.sharingKey)) {
        if (shared.ip.bits !== bits) continue;
        const group = shared.origin.alloc.get(shared.ip);
        const members = group.found ? group.value : [];
        if (members.length === 0) continue;
        if (members.every((member) => isCompatible(member, view, this.behaviour)[0])) {
          view.allocatedIps.push(shared);
          shared.origin.alloc.update(shared.ip, [...members, view]);
          return false;
        }
      }
    }
    const allocated = this.#allocateIp(view, bits);
    if (allocated.ip) {
      view.allocatedIps.push({ ip: allocated.ip, origin: allocated.range });
      return false;
    }
    const [reason, message] = allocated.full
      ? [
          "out_of_ips",
          "All enabled CiliumLoadBalancerIPPools that match this service ran out of allocatable IPs",
        ]
      : ["no_pool", "There are no enabled CiliumLoadBalancerIPPools that match this service"];
    return this.#setSatisfied(view, "False", reason, message);
  }

  #allocateIp(
    view: ServiceView,
    bits: 32 | 128,
  ): { ip: Addr; range: LbRange } | { ip?: undefined; full: boolean } {
    let full = false;
    for (const range of this.rangesStore.ranges) {
      if (range.disabled()) continue;
      if (range.alloc.range().to.bits !== bits) continue;
      const pool = this.pools.get(range.originPool);
      if (!pool) continue;
      if (!poolSelects(pool, view)) continue;
      if (this.#faults.allocateOutsidePool) {
        const outside = nextAddr(range.alloc.range().to);
        return { ip: outside, range };
      }
      try {
        return { ip: range.alloc.allocAny([view]), range };
      } catch (error) {
        if (error instanceof IpAllocError && error.code === "full") {
          full = true;
          continue;
        }
        throw error;
      }
    }
    return { full };
  }

  #findRangeOfIp(view: ServiceView, ip: Addr): { range?: LbRange; foundPool: boolean } {
    let foundPool = false;
    for (const range of this.rangesStore.ranges) {
      if (range.disabled()) continue;
      const { from, to } = range.alloc.range();
      if (compareAddr(ip, from) < 0 || compareAddr(ip, to) > 0) continue;
      const pool = this.pools.get(range.originPool);
      if (!pool) continue;
      foundPool = true;
      if (!poolSelects(pool, view)) continue;
      return { range, foundPool: false };
    }
    return { foundPool };
  }

  #setSatisfied(view: ServiceView, status: Condition["status"], reason: string, message: string): boolean {
    if (this.#faults.noSatisfiedCondition) return false;
    view.status.conditions ??= [];
    const current = findCondition(view.status.conditions, SERVICE_CONDITION);
    if (
      current &&
      current.status === status &&
      (current.observedGeneration ?? 0) === view.generation &&
      current.reason === reason &&
      current.message === message
    ) {
      return false;
    }
    setStatusCondition(view.status.conditions, {
      type: SERVICE_CONDITION,
      status,
      observedGeneration: view.generation,
      lastTransitionTime: metaTime(this.#hooks.now()),
      reason,
      message,
    });
    return true;
  }

  #patchServiceStatus(view: ServiceView): void {
    const [namespace = "", name = ""] = view.key.split("/");
    const status: Record<string, unknown> = {
      loadBalancer: view.status.loadBalancer.ingress
        ? { ingress: structuredClone(view.status.loadBalancer.ingress) }
        : {},
    };
    if (view.status.conditions && view.status.conditions.length > 0)
      status.conditions = structuredClone(view.status.conditions);
    this.writes.push({ kind: "service-status", namespace, name, status });
  }

  #patchPoolStatus(pool: PoolObject): void {
    const conditions = pool.status?.conditions ?? [];
    this.writes.push({
      kind: "pool-status",
      name: pool.metadata.name,
      status: conditions.length > 0 ? { conditions: structuredClone(conditions) } : {},
    });
  }
}

function sameParsed(text: string, ip: Addr): boolean {
  const parsed = parseAddr(text);
  return parsed !== undefined && sameAddr(parsed, ip);
}

function tryIt(action: () => void): void {
  try {
    action();
  } catch {
    // Go ignores these errors (the return value is dropped)
  }
}

function reserveFirstLast(range: LbRange): void {
  const { from, to } = range.alloc.range();
  if (sameAddr(from, to) || sameAddr(nextAddr(from), to)) return;
  tryIt(() => range.alloc.alloc(from, []));
  tryIt(() => range.alloc.alloc(to, []));
}

/** A pool block as an address range (ipRangeFromBlock); `stop` may be omitted for one address. */
/** Whether the pool's serviceSelector (none: every Service) selects the Service; an invalid one throws Cilium's error. */
function poolSelects(pool: PoolObject, view: ServiceView): boolean {
  if (!pool.spec?.serviceSelector) return true;
  const verdict = selectorMatches(pool.spec.serviceSelector, view.labels);
  if (!verdict.ok)
    throw new Error(`making selector from pool '${pool.metadata.name}' label selector: ${verdict.error}`);
  return verdict.matches;
}

export function rangeFromBlock(block: {
  cidr?: string;
  start?: string;
  stop?: string;
}): { from: Addr; to: Addr; fromCidr: boolean } | { error: string } {
  if (block.cidr) {
    const prefix = parsePrefix(block.cidr);
    if (!prefix)
      return { error: `error parsing cidr '${block.cidr}': netip.ParsePrefix("${block.cidr}"): bad prefix` };
    return { ...prefixRange(prefix), fromCidr: true };
  }
  const from = parseAddr(block.start ?? "");
  if (!from)
    return {
      error: `error parsing start ip '${block.start ?? ""}': ParseAddr("${block.start ?? ""}"): unable to parse IP`,
    };
  if (!block.stop) return { from, to: from, fromCidr: false };
  const to = parseAddr(block.stop);
  if (!to)
    return { error: `error parsing stop ip '${block.stop}': ParseAddr("${block.stop}"): unable to parse IP` };
  return { from, to, fromCidr: false };
}

function internallyConflicting(ranges: LbRange[]): [LbRange, LbRange] | undefined {
  for (const [i, outer] of ranges.entries()) {
    for (const [j, inner] of ranges.entries()) {
      if (i !== j && rangesIntersect(outer, inner)) return [outer, inner];
    }
  }
  return undefined;
}

function conflictingRanges(outer: LbRange[], inner: LbRange[]): [LbRange, LbRange] | undefined {
  for (const a of outer) for (const b of inner) if (rangesIntersect(a, b)) return [a, b];
  return undefined;
}

function createdBefore(a: PoolObject, b: PoolObject): boolean {
  // metav1.Time.Before on creationTimestamp (whole seconds); equal times are not "before".
  return (
    (Date.parse(a.metadata.creationTimestamp ?? "") || 0) <
    (Date.parse(b.metadata.creationTimestamp ?? "") || 0)
  );
}
