import { describe, expect, it } from "vitest";
import { compatFor } from "../../src/compat/compat-for.ts";
import { lbServiceCases, lbServiceVariables } from "../../src/conformance/lb-ipam/lb-service-cases.ts";
import {
  addressOutsidePools,
  expectedPoolCounts,
  expectedRefusalReason,
  ipsHeldFromPool,
  lastOfferedAddress,
  poolCountersMatch,
  poolOffering,
  poolSelects,
} from "../../src/conformance/lb-ipam/pool-expectations.ts";
import { sharedIpVerdict } from "../../src/conformance/lb-ipam/shared-ip.ts";
import { poolCounters, type WirePool } from "../../src/decisions/pool-counters.ts";
import { renderWorkload } from "../../src/workloads/render-workload.ts";
import { buildModel, POOL_FILE } from "../checks/model-builder.ts";

const LAN = { subnet: "192.168.5.0/24", gateway: "192.168.5.1", ipRange: "192.168.5.0/28" };

function pools(yaml: string, version = "1.18.11") {
  const model = buildModel({ version, files: { [POOL_FILE]: yaml } });
  return { pools: model.pools, compat: compatFor(version) };
}

const homelab = `apiVersion: cilium.io/v2
kind: CiliumLoadBalancerIPPool
metadata:
  name: home-compute-pool
spec:
  blocks:
    - start: 192.168.5.30
      stop: 192.168.5.255
`;

const cidrPool = `apiVersion: cilium.io/v2alpha1
kind: CiliumLoadBalancerIPPool
metadata:
  name: cidr-pool
spec:
  serviceSelector:
    matchLabels:
      lb: home
  blocks:
    - cidr: 192.168.5.64/28
`;

// Pool counters as operator/pkg/lbipam writes them (conditions shaped like
// ../shared/cilium-samples/lbipam/docs-lb-ipam__pool-status-conditions.jsonl: status Unknown,
// reason noreason, the count in message).
function wirePool(total: string, available: string, used: string): WirePool {
  const condition = (type: string, message: string) => ({
    type,
    status: "Unknown",
    reason: "noreason",
    message,
    observedGeneration: 1,
    lastTransitionTime: "2026-11-26T20:00:00Z",
  });
  return {
    metadata: { name: "cidr-pool" },
    status: {
      conditions: [
        condition("cilium.io/IPsTotal", total),
        condition("cilium.io/IPsAvailable", available),
        condition("cilium.io/IPsUsed", used),
      ],
    },
  };
}

function judge(yaml: string, version: string, wire: WirePool) {
  const { pools: all, compat } = pools(yaml, version);
  const counters = poolCounters(wire);
  if (!counters.value) throw new Error(counters.seen);
  return poolCountersMatch(counters.value, expectedPoolCounts(all[0]!, compat));
}

describe("the pool's counters (operator/pkg/lbipam updatePoolCounts: IPsTotal = available + used)", () => {
  it("counts a start/stop range in full on every version", () => {
    for (const version of ["1.15.19", "1.18.11"]) {
      const {
        pools: [pool],
        compat,
      } = pools(homelab, version);
      expect(expectedPoolCounts(pool!, compat)).toMatchObject({
        ipsTotal: 226n,
        reserved: 0n,
        offered: 226n,
      });
    }
  });
  it("takes a reserving pool's IPsTotal as its raw size: 16 for a /28 on 1.15, reserved ones among the used", () => {
    expect(judge(cidrPool, "1.15.19", wirePool("16", "14", "2"))).toMatchObject({ ok: true });
    // The old expectation (the net 14) was a false red on every reserving cidr pool:
    const net = judge(cidrPool, "1.15.19", wirePool("14", "14", "0"));
    expect(net.ok).toBe(false);
    expect(net.seen).toBe(
      "IPsTotal=14 IPsAvailable=14 IPsUsed=0; the repo's blocks make IPsTotal 16 (14 for Services + 2 reserved first/last addresses, counted as used)",
    );
  });
  it('honours allowFirstLastIPs: "No" from 1.16, and needs the reserved addresses among the used', () => {
    const reserving = cidrPool.replace("spec:\n", 'spec:\n  allowFirstLastIPs: "No"\n');
    expect(judge(reserving, "1.18.11", wirePool("16", "13", "3"))).toMatchObject({ ok: true });
    expect(judge(reserving, "1.18.11", wirePool("16", "15", "1"))).toMatchObject({ ok: false });
    expect(judge(cidrPool, "1.18.11", wirePool("16", "16", "0"))).toMatchObject({ ok: true });
  });
});

describe("ipsHeldFromPool", () => {
  it("counts each pool IP the Services hold once (a shared IP once), ignoring IPs of other pools", () => {
    const { pools: all, compat } = pools(homelab);
    const svc = (...ips: string[]) => ({ status: { loadBalancer: { ingress: ips.map((ip) => ({ ip })) } } });
    expect(
      ipsHeldFromPool(
        [
          svc("192.168.5.30"),
          svc("192.168.5.255"),
          svc("192.168.5.31"),
          svc("192.168.5.31"),
          svc(),
          svc("10.0.0.1"),
        ],
        all[0]!,
        compat,
      ),
    ).toEqual(["192.168.5.255", "192.168.5.30", "192.168.5.31"]);
  });
});

describe("pool addresses", () => {
  it("the last offered address follows the reservation rules", () => {
    const home = pools(homelab);
    expect(lastOfferedAddress(home.pools[0]!, home.compat)).toBe("192.168.5.255");
    const old = pools(cidrPool, "1.15.19");
    expect(lastOfferedAddress(old.pools[0]!, old.compat)).toBe("192.168.5.78");
  });
  it("finds which pool offers an address", () => {
    const { pools: all, compat } = pools(homelab);
    expect(poolOffering(all, compat, "192.168.5.30")?.name).toBe("home-compute-pool");
    expect(poolOffering(all, compat, "192.168.5.29")).toBeUndefined();
    expect(poolOffering(all, compat, "not-an-ip")).toBeUndefined();
  });
  it("picks an address outside every pool, the gateway and docker's range", () => {
    const { pools: all, compat } = pools(homelab);
    expect(addressOutsidePools(all, compat, LAN)).toBe("192.168.5.16");
  });
  it("falls back to TEST-NET-1 when the LAN is all pool", () => {
    const whole = homelab.replace("start: 192.168.5.30", "start: 192.168.5.0");
    const { pools: all, compat } = pools(whole);
    expect(addressOutsidePools(all, compat, LAN)).toBe("192.0.2.1");
  });
});

describe("expectedRefusalReason (operator/pkg/lbipam)", () => {
  it("no_pool for an address no pool contains, nothing for one a selecting pool contains", () => {
    const { pools: all, compat } = pools(homelab);
    expect(expectedRefusalReason(all, compat, "192.168.5.16", {})).toBe("no_pool");
    expect(expectedRefusalReason(all, compat, "192.168.5.40", {})).toBeUndefined();
  });
  it("pool_selector_mismatch when the containing pool does not select the Service", () => {
    const { pools: all, compat } = pools(cidrPool);
    expect(expectedRefusalReason(all, compat, "192.168.5.70", {})).toBe("pool_selector_mismatch");
    expect(expectedRefusalReason(all, compat, "192.168.5.70", { lb: "home" })).toBeUndefined();
    expect(poolSelects(all[0]!, { lb: "home" })).toBe(true);
  });
});

describe("Service cases", () => {
  it("use the version's annotation names and render into the LoadBalancer workload", () => {
    const names = {
      ipsAnnotation: compatFor("1.15.19").ipsAnnotation.value,
      sharingKeyAnnotation: compatFor("1.15.19").sharingKeyAnnotation.value,
    };
    const cases = lbServiceCases(names, {
      lastAddress: "192.168.5.255",
      outsideAddress: "192.168.5.16",
      sharingKey: "cc-run",
    });
    expect(cases.last.annotations).toEqual({ "io.cilium/lb-ipam-ips": "192.168.5.255" });
    expect(cases.sharedB.annotations).toEqual({ "io.cilium/lb-ipam-sharing-key": "cc-run" });
    const [service] = renderWorkload(
      "echo/loadbalancer-service.yaml",
      lbServiceVariables({ NAMESPACE: "cc-lb-ipam-r1", RUN_ID: "r1", BACKEND: "echo" }, cases.last, {
        lb: "home",
      }),
    );
    expect(service).toMatchObject({
      metadata: {
        name: "lb-last",
        labels: { lb: "home" },
        annotations: { "io.cilium/lb-ipam-ips": "192.168.5.255" },
      },
    });
  });
  it("judges sharing on the ingress IPs", () => {
    const svc = (name: string, ip?: string) => ({
      metadata: { name },
      status: { loadBalancer: { ingress: ip ? [{ ip }] : [] } },
    });
    expect(sharedIpVerdict(svc("a", "192.168.5.30"), svc("b", "192.168.5.30"))).toMatchObject({
      ok: true,
      value: { ip: "192.168.5.30" },
    });
    expect(sharedIpVerdict(svc("a", "192.168.5.30"), svc("b", "192.168.5.31")).ok).toBe(false);
    expect(sharedIpVerdict(svc("a", "192.168.5.30"), svc("b")).seen).toBe("a: 192.168.5.30; b: no IP");
  });
});
