// The counters LB-IPAM writes on a CiliumLoadBalancerIPPool (operator/pkg/lbipam/lbipam.go):
// conditions cilium.io/IPsTotal, cilium.io/IPsAvailable, cilium.io/IPsUsed with status Unknown
// and the number as a string in `message`; cilium.io/PoolConflict True (reason cidr_overlap) or
// False (reason resolved). Counts are bigints: an IPv6 block holds more than 2^53 addresses.

import { describeCondition, findCondition, type WireCondition } from "./condition.ts";
import { fail, pass, type Verdict } from "./verdict.ts";
import type { WireObject } from "./wire-object.ts";

export const POOL_CONDITIONS = {
  total: "cilium.io/IPsTotal",
  available: "cilium.io/IPsAvailable",
  used: "cilium.io/IPsUsed",
  conflict: "cilium.io/PoolConflict",
} as const;

export interface WirePool extends WireObject {
  status?: { conditions?: WireCondition[] };
}

export interface PoolCounters {
  total: bigint;
  available: bigint;
  used: bigint;
}

/** Counters of the pool, once the operator has written all three with numeric messages. */
export function poolCounters(pool: WirePool | undefined): Verdict<PoolCounters> {
  if (!pool) return fail("pool not found");
  const read = (type: string): bigint | string => {
    const message = findCondition(pool.status?.conditions, type)?.message;
    if (message === undefined) return `no condition ${type}`;
    return /^\d+$/.test(message.trim())
      ? BigInt(message.trim())
      : `${type} message ${JSON.stringify(message)}`;
  };
  const total = read(POOL_CONDITIONS.total);
  const available = read(POOL_CONDITIONS.available);
  const used = read(POOL_CONDITIONS.used);
  const missing = [total, available, used].filter((value) => typeof value === "string");
  if (
    missing.length > 0 ||
    typeof total === "string" ||
    typeof available === "string" ||
    typeof used === "string"
  ) {
    return fail(missing.join(", "));
  }
  return pass(`IPsTotal=${total} IPsAvailable=${available} IPsUsed=${used}`, { total, available, used });
}

/** The pool has no conflict: PoolConflict absent or not True. */
export function poolWithoutConflict(pool: WirePool | undefined): Verdict {
  if (!pool) return fail("pool not found");
  const conflict = findCondition(pool.status?.conditions, POOL_CONDITIONS.conflict);
  const seen = describeCondition(conflict, POOL_CONDITIONS.conflict);
  return conflict?.status === "True"
    ? fail(conflict.message ? `${seen} message=${JSON.stringify(conflict.message)}` : seen)
    : pass(seen);
}

/** For "IPsAvailable returns to its earlier value": the counter equals `expected`. */
export function poolAvailableIs(pool: WirePool | undefined, expected: bigint): Verdict<PoolCounters> {
  const counters = poolCounters(pool);
  if (!counters.ok || !counters.value) return counters;
  return counters.value.available === expected
    ? counters
    : fail(`${counters.seen} (want IPsAvailable=${expected})`, counters.value);
}
