// One pool block as LB-IPAM tracks it, and the store of all blocks in arrival order
// (operator/pkg/lbipam/range_store.go): allocation walks `ranges` in this order, so the first
// pool applied (and its first block) is tried first.

import { type Addr, compareAddr, formatAddr, sameAddr } from "../../../go/netip.ts";
import { HashAllocator } from "./ip-allocator.ts";
import type { ServiceView, ServiceViewIp } from "./service-view.ts";

export class LbRange {
  readonly alloc: HashAllocator<ServiceView[]>;
  /** spec.disabled of the pool. */
  externallyDisabled: boolean;
  /** Set while the pool conflicts with another (PoolConflict). */
  internallyDisabled = false;
  readonly originPool: string;

  constructor(from: Addr, to: Addr, pool: string, disabled: boolean) {
    this.alloc = new HashAllocator<ServiceView[]>(from, to);
    this.originPool = pool;
    this.externallyDisabled = disabled;
  }

  disabled(): boolean {
    return this.internallyDisabled || this.externallyDisabled;
  }

  equalRange(from: Addr, to: Addr): boolean {
    const range = this.alloc.range();
    return sameAddr(range.from, from) && sameAddr(range.to, to);
  }

  /** `192.168.5.30 - 192.168.5.255` (ipNetStr). */
  toString(): string {
    const { from, to } = this.alloc.range();
    return `${formatAddr(from)} - ${formatAddr(to)}`;
  }
}

export class RangesStore {
  ranges: LbRange[] = [];
  readonly #byPool = new Map<string, LbRange[]>();
  readonly #bySharingKey = new Map<string, ServiceViewIp[]>();

  add(range: LbRange): void {
    this.ranges.push(range);
    this.#byPool.set(range.originPool, [...(this.#byPool.get(range.originPool) ?? []), range]);
  }

  delete(range: LbRange): void {
    this.ranges = this.ranges.filter((candidate) => candidate !== range);
    const left = (this.#byPool.get(range.originPool) ?? []).filter((candidate) => candidate !== range);
    if (left.length > 0) this.#byPool.set(range.originPool, left);
    else this.#byPool.delete(range.originPool);
  }

  rangesOf(pool: string): LbRange[] {
    return this.#byPool.get(pool) ?? [];
  }

  sharingKeyIps(key: string): ServiceViewIp[] {
    return this.#bySharingKey.get(key) ?? [];
  }

  addSharingKeyIp(key: string, entry: ServiceViewIp): void {
    const list = this.#bySharingKey.get(key) ?? [];
    if (list.some((existing) => sameEntry(existing, entry))) return;
    this.#bySharingKey.set(key, [...list, entry]);
  }

  deleteSharingKeyIp(key: string, entry: ServiceViewIp): void {
    const list = this.#bySharingKey.get(key);
    if (!list) return;
    const index = list.findIndex((existing) => sameEntry(existing, entry));
    const left = index < 0 ? list : [...list.slice(0, index), ...list.slice(index + 1)];
    if (left.length > 0) this.#bySharingKey.set(key, left);
    else this.#bySharingKey.delete(key);
  }
}

function sameEntry(a: ServiceViewIp, b: ServiceViewIp): boolean {
  return sameAddr(a.ip, b.ip) && a.origin === b.origin;
}

export function rangesIntersect(one: LbRange, two: LbRange): boolean {
  const a = one.alloc.range();
  const b = two.alloc.range();
  return a.from.bits === b.from.bits && compareAddr(a.from, b.to) <= 0 && compareAddr(b.from, a.to) <= 0;
}
