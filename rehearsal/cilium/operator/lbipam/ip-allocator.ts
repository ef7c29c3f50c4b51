// Cilium's pkg/ipalloc HashAllocator, ported step for step (cilium/cilium pkg/ipalloc/ipalloc.go,
// identical in v1.16–v1.19): allocations in a map, free addresses as blocks that are both a
// min-heap by size and a linked list in address order. AllocAny takes the first address of the
// heap's root, i.e. of the SMALLEST free block, so after a specific IP near the top of a range
// the next dynamic allocations fill the small tail first. Even the quirks are kept (`put` fixes
// the heap at its loop counter, not at the block's index), since they decide which IP comes next.

import { type HeapOps, heapFix, heapPush, heapRemove } from "../../../go/container-heap.ts";
import { type Addr, compareAddr, nextAddr, prevAddr, sameAddr } from "../../../go/netip.ts";

export class IpAllocError extends Error {
  override readonly name = "IpAllocError";
  readonly code: "full" | "out_of_range" | "in_use" | "not_found" | "bad_loop";
  constructor(code: IpAllocError["code"], message: string) {
    super(message);
    this.code = code;
  }
}

export const ErrFull = () => new IpAllocError("full", "cannot allocate IP, no more IPs available");
const ErrOutOfRange = () =>
  new IpAllocError("out_of_range", "the requested IP is out of the allocators range");
const ErrInUse = () => new IpAllocError("in_use", "the requested IP is already allocated");
const ErrNotFound = () => new IpAllocError("not_found", "the requested IP cannot be found");

interface LinkedBlock {
  from: Addr;
  to: Addr;
  /** to - from (Go's uint128 addrDiff: one less than the address count). */
  size: bigint;
  prev: LinkedBlock | undefined;
  next: LinkedBlock | undefined;
}

function block(from: Addr, to: Addr): LinkedBlock {
  return { from, to, size: to.value - from.value, prev: undefined, next: undefined };
}

function recalc(b: LinkedBlock): void {
  b.size = b.to.value - b.from.value;
}

function within(b: LinkedBlock, ip: Addr): boolean {
  return compareAddr(ip, b.from) >= 0 && compareAddr(ip, b.to) <= 0;
}

const addrKey = (ip: Addr) => `${ip.bits}:${ip.value}`;

export class HashAllocator<T> {
  readonly start: Addr;
  readonly stop: Addr;
  readonly #allocations = new Map<string, { ip: Addr; value: T }>();
  readonly #heap: HeapOps<LinkedBlock>;

  constructor(start: Addr, stop: Addr) {
    if (start.bits !== stop.bits) throw new Error("'start' must be the same address family as 'stop'");
    if (compareAddr(start, stop) > 0) throw new Error("'start' must be less then or equal to 'stop'");
    this.start = start;
    this.stop = stop;
    this.#heap = { items: [block(start, stop)], less: (a, b) => a.size < b.size };
  }

  allocAny(value: T): Addr {
    const root = this.#heap.items[0];
    if (!root) throw ErrFull();
    const ip = root.from;
    this.#take(ip);
    this.#allocations.set(addrKey(ip), { ip, value });
    return ip;
  }

  alloc(ip: Addr, value: T): void {
    if (compareAddr(ip, this.start) < 0 || compareAddr(ip, this.stop) > 0) throw ErrOutOfRange();
    if (this.#allocations.has(addrKey(ip))) throw ErrInUse();
    if (this.#heap.items.length === 0) throw ErrFull();
    this.#take(ip);
    this.#allocations.set(addrKey(ip), { ip, value });
  }

  update(ip: Addr, value: T): void {
    const entry = this.#allocations.get(addrKey(ip));
    if (!entry) throw ErrNotFound();
    entry.value = value;
  }

  free(ip: Addr): void {
    if (!this.#allocations.has(addrKey(ip))) throw ErrNotFound();
    this.#put(ip);
    this.#allocations.delete(addrKey(ip));
  }

  get(ip: Addr): { found: true; value: T } | { found: false } {
    const entry = this.#allocations.get(addrKey(ip));
    return entry ? { found: true, value: entry.value } : { found: false };
  }

  /** Allocated count, and the addresses still available (range size minus allocated). */
  stats(): { allocated: bigint; available: bigint } {
    const allocated = BigInt(this.#allocations.size);
    return { allocated, available: this.stop.value - this.start.value + 1n - allocated };
  }

  range(): { from: Addr; to: Addr } {
    return { from: this.start, to: this.stop };
  }

  /** Free blocks in heap order (for tests). */
  freeBlocks(): { from: Addr; to: Addr }[] {
    return this.#heap.items.map(({ from, to }) => ({ from, to }));
  }

  #take(ip: Addr): void {
    const items = this.#heap.items;
    const index = items.findIndex((b) => within(b, ip));
    const available = items[index];
    if (!available) throw ErrInUse();
    if (sameAddr(available.from, ip)) {
      if (sameAddr(available.from, available.to)) {
        this.#delete(index);
        return;
      }
      available.from = nextAddr(available.from);
      recalc(available);
      heapFix(this.#heap, index);
      return;
    }
    if (sameAddr(available.to, ip)) {
      if (sameAddr(available.from, available.to)) {
        this.#delete(index);
        return;
      }
      available.to = prevAddr(available.to);
      recalc(available);
      heapFix(this.#heap, index);
      return;
    }
    // The IP is inside the block: split it in two around the IP.
    heapRemove(this.#heap, index);
    const left = block(available.from, prevAddr(ip));
    const right = block(nextAddr(ip), available.to);
    if (available.prev) {
      available.prev.next = left;
      left.prev = available.prev;
    }
    left.next = right;
    right.prev = left;
    if (available.next) {
      right.next = available.next;
      available.next.prev = right;
    }
    heapPush(this.#heap, left);
    heapPush(this.#heap, right);
  }

  #put(ip: Addr): void {
    const items = this.#heap.items;
    if (items.length === 0) {
      heapPush(this.#heap, block(ip, ip));
      return;
    }
    const maxIter = 1_000_000;
    let curr = items[0] as LinkedBlock;
    let prev: LinkedBlock | undefined;
    for (let i = 0; i < maxIter; i++) {
      if (compareAddr(ip, curr.from) < 0) {
        if (sameAddr(prevAddr(curr.from), ip)) {
          curr.from = prevAddr(curr.from);
          recalc(curr);
          if (curr.prev && sameAddr(curr.prev.to, prevAddr(curr.from))) this.#merge(curr.prev, curr);
          return;
        }
        if (curr.prev) {
          if (curr.prev === prev) {
            this.#insert(curr.prev, curr, ip);
            return;
          }
          prev = curr;
          curr = curr.prev;
          continue;
        }
        this.#insert(undefined, curr, ip);
        return;
      }
      if (sameAddr(nextAddr(curr.to), ip)) {
        curr.to = nextAddr(curr.to);
        recalc(curr);
        // Cilium fixes the heap at the loop counter here, not at curr's index.
        if (i < items.length) heapFix(this.#heap, i);
        if (curr.next && sameAddr(curr.next.from, nextAddr(curr.to))) this.#merge(curr, curr.next);
        return;
      }
      if (curr.next) {
        if (curr.next === prev) {
          this.#insert(curr, curr.next, ip);
          return;
        }
        prev = curr;
        curr = curr.next;
        continue;
      }
      this.#insert(curr, undefined, ip);
      return;
    }
    throw new IpAllocError("bad_loop", "allocator detected a potentially infinite loop and broke free");
  }

  #delete(index: number): void {
    const removed = heapRemove(this.#heap, index);
    if (removed.prev) removed.prev.next = removed.next;
    if (removed.next) removed.next.prev = removed.prev;
  }

  #merge(left: LinkedBlock, right: LinkedBlock): void {
    const merged = block(left.from, right.to);
    merged.prev = left.prev;
    merged.next = right.next;
    if (left.prev) left.prev.next = merged;
    if (right.next) right.next.prev = merged;
    heapRemove(this.#heap, this.#heap.items.indexOf(left));
    heapRemove(this.#heap, this.#heap.items.indexOf(right));
    heapPush(this.#heap, merged);
  }

  #insert(left: LinkedBlock | undefined, right: LinkedBlock | undefined, ip: Addr): void {
    const fresh = block(ip, ip);
    fresh.prev = left;
    fresh.next = right;
    if (left) left.next = fresh;
    if (right) right.prev = fresh;
    heapPush(this.#heap, fresh);
  }
}
