import { describe, expect, it } from "vitest";
import {
  poolAvailableIs,
  poolCounters,
  poolWithoutConflict,
  type WirePool,
} from "../../src/decisions/pool-counters.ts";

// Shaped like what the LB-IPAM operator writes on a CiliumLoadBalancerIPPool: counters are
// conditions with status Unknown, reason noreason and the number as a string in `message`.
const counter = (type: string, message: string) => ({
  lastTransitionTime: "2026-03-02T10:00:00Z",
  message,
  observedGeneration: 1,
  reason: "noreason",
  status: "Unknown",
  type,
});
function pool(conditions: NonNullable<WirePool["status"]>["conditions"]): WirePool {
  return {
    apiVersion: "cilium.io/v2",
    kind: "CiliumLoadBalancerIPPool",
    metadata: { name: "home-compute-pool" },
    status: { conditions },
  };
}
const counters = (total: string, available: string, used: string) => [
  counter("cilium.io/IPsTotal", total),
  counter("cilium.io/IPsAvailable", available),
  counter("cilium.io/IPsUsed", used),
];

describe("poolCounters", () => {
  it("reads the three counters as bigints", () => {
    expect(poolCounters(pool(counters("226", "224", "2")))).toEqual({
      ok: true,
      seen: "IPsTotal=226 IPsAvailable=224 IPsUsed=2",
      value: { total: 226n, available: 224n, used: 2n },
    });
  });

  it("keeps IPv6-sized counts exact", () => {
    expect(
      poolCounters(pool(counters("18446744073709551616", "18446744073709551615", "1"))).value?.total,
    ).toBe(18446744073709551616n);
  });

  it("waits while the operator has not written them all", () => {
    const verdict = poolCounters(pool([counter("cilium.io/IPsTotal", "226")]));
    expect(verdict).toEqual({
      ok: false,
      seen: "no condition cilium.io/IPsAvailable, no condition cilium.io/IPsUsed",
    });
  });

  it("says so when a message is not a number", () => {
    expect(poolCounters(pool(counters("many", "1", "0"))).seen).toBe('cilium.io/IPsTotal message "many"');
  });
});

describe("poolWithoutConflict", () => {
  it("passes without a PoolConflict condition, or with it False reason resolved", () => {
    expect(poolWithoutConflict(pool(counters("1", "1", "0")))).toEqual({
      ok: true,
      seen: "no condition cilium.io/PoolConflict",
    });
    const resolved = { ...counter("cilium.io/PoolConflict", ""), status: "False", reason: "resolved" };
    expect(poolWithoutConflict(pool([resolved])).ok).toBe(true);
  });

  it("fails on an overlap with another pool, with the operator's message", () => {
    const overlap = {
      ...counter(
        "cilium.io/PoolConflict",
        'Pool conflicts since CIDR "192.168.5.0/24" overlaps CIDR "192.168.5.0/25" from IP Pool "other"',
      ),
      status: "True",
      reason: "cidr_overlap",
    };
    const verdict = poolWithoutConflict(pool([overlap]));
    expect(verdict.ok).toBe(false);
    expect(verdict.seen).toMatch(
      /^condition cilium.io\/PoolConflict=True reason=cidr_overlap message=".*overlaps/,
    );
  });
});

describe("poolAvailableIs", () => {
  it("is done when IPsAvailable is back to the earlier value", () => {
    expect(poolAvailableIs(pool(counters("226", "226", "0")), 226n).ok).toBe(true);
    expect(poolAvailableIs(pool(counters("226", "225", "1")), 226n)).toMatchObject({
      ok: false,
      seen: "IPsTotal=226 IPsAvailable=225 IPsUsed=1 (want IPsAvailable=226)",
    });
  });
});
