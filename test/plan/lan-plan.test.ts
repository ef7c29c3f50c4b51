import { describe, expect, it } from "vitest";
import { compatFor } from "../../src/compat/compat-for.ts";
import { PlanError } from "../../src/errors.ts";
import { parseIp } from "../../src/net/ip-address.ts";
import { parseCidr, rangesOverlap } from "../../src/net/ip-range.ts";
import { planLan } from "../../src/plan/lan-plan.ts";
import { located, modelFrom } from "./plan-model.ts";

// The seed repo's Cilium version: which pool fields the operator reads.
const compat = compatFor(modelFrom().helmRelease.version);

const pool = (blocks: string) => `apiVersion: cilium.io/v2
kind: CiliumLoadBalancerIPPool
metadata:
  name: p
spec:
  blocks:
${blocks}`;

function expectDisjoint(ipRange: string, ...others: string[]): void {
  const range = parseCidr(ipRange)!;
  for (const other of others) {
    const [start, stop] = other.split("-");
    const cidr = parseCidr(other);
    const otherRange = cidr ?? {
      family: 4 as const,
      first: parseIp(start!)!.value,
      last: parseIp(stop ?? start!)!.value,
    };
    expect(rangesOverlap(range, otherRange), `${ipRange} overlaps ${other}`).toBe(false);
  }
}

describe("planLan", () => {
  it("mirrors the seed LAN: the /24 around the pool, gateway .1, an ip-range below the pool", () => {
    const lan = planLan(modelFrom(), { runId: "r1", nodeCount: 3, compat });
    expect(lan).toMatchObject({
      networkName: "cc-lan-r1",
      subnet: "192.168.5.0/24",
      gateway: "192.168.5.1",
      subnetOrigin: "derived-from-pool",
      labels: { "io.cilium-conformance/run-id": "r1", "io.cilium-conformance/managed": "true" },
    });
    // .16/28 would reach .31 (inside the pool) and .0/28 holds the gateway: a /29 is the largest fit.
    expect(lan.ipRange).toBe("192.168.5.8/29");
    expectDisjoint(lan.ipRange, "192.168.5.30-192.168.5.255", "192.168.5.1", "192.168.5.0");
    expect(lan.ipRangeSize).toBeGreaterThanOrEqual(lan.addressesNeeded);
  });

  it("uses the declared LAN and gateway and keeps clear of the DHCP range", () => {
    const model = modelFrom({
      pools: pool("    - cidr: 10.20.0.64/26\n"),
      lan: {
        cidr: located("10.20.0.0/24"),
        gateway: located("10.20.0.254"),
        dhcpRange: located({ start: "10.20.0.2", stop: "10.20.0.40" }),
      },
    });
    const lan = planLan(model, { runId: "r2", nodeCount: 3, compat });
    expect(lan.subnet).toBe("10.20.0.0/24");
    expect(lan.gateway).toBe("10.20.0.254");
    expect(lan.subnetOrigin).toBe("declared");
    expect(lan.ipRange).toBe("10.20.0.48/28");
    expectDisjoint(lan.ipRange, "10.20.0.64/26", "10.20.0.254", "10.20.0.2-10.20.0.40");
    expect(lan.notes).toEqual([]);
  });

  it("keeps the gateway out of the ip-range wherever it is", () => {
    const model = modelFrom({
      pools: pool("    - cidr: 10.20.0.64/26\n"),
      lan: { cidr: located("10.20.0.0/24"), gateway: located("10.20.0.17") },
    });
    expect(planLan(model, { runId: "g", nodeCount: 3, compat }).ipRange).toBe("10.20.0.32/28");
  });

  it("overlaps the DHCP range only when nothing else fits, and says so", () => {
    const model = modelFrom({
      pools: pool("    - start: 192.168.5.30\n      stop: 192.168.5.255\n"),
      lan: { dhcpRange: located({ start: "192.168.5.2", stop: "192.168.5.29" }) },
    });
    const lan = planLan(model, { runId: "r3", nodeCount: 3, compat });
    expect(lan.ipRange).toBe("192.168.5.8/29");
    expect(lan.notes.join()).toMatch(/overlaps the declared DHCP range/);
  });

  it("grows the range for more nodes and fails with CC_PLAN_LAN_NO_ROOM when none fits", () => {
    const lan = planLan(modelFrom(), { runId: "r4", nodeCount: 5, compat });
    expect(parseCidr(lan.ipRange)!.prefix).toBe(29);
    expect(() => planLan(modelFrom(), { runId: "r4", nodeCount: 8, compat })).toThrow(
      expect.objectContaining({ code: "CC_PLAN_LAN_NO_ROOM" }),
    );
  });

  it("refuses a pool that covers the whole /24, with the fix", () => {
    const model = modelFrom({ pools: pool("    - cidr: 192.168.5.0/24\n") });
    let error: unknown;
    try {
      planLan(model, { runId: "r5", nodeCount: 3, compat });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(PlanError);
    expect(error).toMatchObject({ code: "CC_PLAN_LAN_NO_ROOM", exitCode: 2 });
    expect((error as PlanError).message).toContain("192.168.5.0/24");
    expect((error as PlanError).hint).toMatch(/outside the pool/);
  });

  it("widens the derived LAN until it holds blocks spread over two /24s", () => {
    const model = modelFrom({ pools: pool("    - cidr: 10.1.4.128/25\n    - cidr: 10.1.5.0/25\n") });
    const lan = planLan(model, { runId: "r6", nodeCount: 3, compat });
    expect(lan.subnet).toBe("10.1.4.0/23");
    expect(lan.ipRange).toBe("10.1.4.16/28");
    expectDisjoint(lan.ipRange, "10.1.4.128/25", "10.1.5.0/25", "10.1.4.1");
  });

  it("rejects a pool outside the declared LAN and a gateway outside it", () => {
    const outside = modelFrom({ lan: { cidr: located("192.168.6.0/24") } });
    expect(() => planLan(outside, { runId: "r7", nodeCount: 3, compat })).toThrow(/outside the declared LAN/);
    const badGateway = modelFrom({ lan: { gateway: located("10.0.0.1") } });
    expect(() => planLan(badGateway, { runId: "r7", nodeCount: 3, compat })).toThrow(
      expect.objectContaining({ code: "CC_PLAN_LAN_INVALID", file: ".cilium-conformance.yaml" }),
    );
  });
  it("keeps clear of a cidr written with host bits, as the operator masks it", () => {
    const model = modelFrom({ pools: pool("    - cidr: 192.168.5.40/27\n") });
    const lan = planLan(model, { runId: "r8", nodeCount: 3, compat });
    expect(lan.subnet).toBe("192.168.5.0/24");
    expectDisjoint(lan.ipRange, "192.168.5.32/27", "192.168.5.1");
    expect(lan.avoided[0]?.range).toBe("192.168.5.32/27");
  });
});
