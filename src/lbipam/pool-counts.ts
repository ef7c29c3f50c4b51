// What LB-IPAM will count for a pool, before a cluster exists: how many addresses Services can get,
// and what the pool's own counters will say. The operator builds one allocator per block over the
// block's whole range and, where the first and last address are reserved, *allocates* them to no
// Service (cilium/cilium operator/pkg/lbipam/lbipam.go: handleNewPool / handlePoolModified,
// `lbRange.alloc.Alloc(from, nil)`). The counters come from the allocators' Stats() (pkg/ipalloc
// ipalloc.go: allocated, and size − allocated as available), summed by updatePoolCounts as
// IPsTotal = available + used. So `cilium.io/IPsTotal` is the RAW size of every block, reserved
// addresses included; a reservation shows only in IPsUsed (+2 per reserved block), IPsAvailable
// (−2) and in what Services can get.

import type { CiliumCompat } from "../compat/compat-types.ts";
import { rangeSize } from "../net/ip-range.ts";
import type { Manifest } from "../repo/infra-model.ts";
import { allocatableRange, type PoolBlock, readPoolBlocks } from "./pool-blocks.ts";

export interface BlockCount {
  block: PoolBlock;
  /** Every address of the block: its share of IPsTotal. */
  size: bigint;
  /** First/last addresses LB-IPAM allocates to nobody (counted as used). */
  reserved: bigint;
  /** Addresses a Service can get. */
  offered: bigint;
}

export interface PoolCounts {
  blocks: BlockCount[];
  /** What `cilium.io/IPsTotal` will say. */
  ipsTotal: bigint;
  /** What `cilium.io/IPsUsed` says while no Service holds an address. */
  reserved: bigint;
  /** What Services can get; `cilium.io/IPsAvailable` while no Service holds an address. */
  offered: bigint;
}

export function poolCounts(pool: Manifest, compat: CiliumCompat): PoolCounts {
  const blocks = readPoolBlocks(pool, compat).blocks.map((block): BlockCount => {
    const size = rangeSize(block.range);
    const usable = allocatableRange(block, compat);
    const offered = usable ? rangeSize(usable) : 0n;
    return { block, size, reserved: size - offered, offered };
  });
  const sum = (pick: (count: BlockCount) => bigint) =>
    blocks.reduce((total, count) => total + pick(count), 0n);
  return {
    blocks,
    ipsTotal: sum((count) => count.size),
    reserved: sum((count) => count.reserved),
    offered: sum((count) => count.offered),
  };
}
