import { describe, expect, it } from "vitest";
import { compatFor } from "../../src/compat/compat-for.ts";
import { lbServiceCases, lbServiceVariables } from "../../src/conformance/lb-ipam/lb-service-cases.ts";
import {
  addressOutsidePools,
  expectedIpsTotal,
  expectedRefusalReason,
  lastOfferedAddress,
  poolOffering,
  poolSelects,
} from "../../src/conformance/lb-ipam/pool-expectations.ts";
import { sharedIpVerdict } from "../../src/conformance/lb-ipam/shared-ip.ts";
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

describe("expectedIpsTotal", () => {
  it("counts a start/stop range in full on every version", () => {
    for (const version of ["1.15.19", "1.18.11"]) {
      const {
        pools: [pool],
        compat,
      } = pools(homelab, version);
      expect(expectedIpsTotal(pool!, compat)).toBe(226n);
    }
  });
  it("applies the version's first/last rule to cidr blocks: 14 on 1.15, 16 from 1.16", () => {
    const old = pools(cidrPool, "1.15.19");
    expect(expectedIpsTotal(old.pools[0]!, old.compat)).toBe(14n);
    const current = pools(cidrPool, "1.16.19");
    expect(expectedIpsTotal(current.pools[0]!, current.compat)).toBe(16n);
  });
  it('honours allowFirstLastIPs: "No" from 1.16', () => {
    const {
      pools: [pool],
      compat,
    } = pools(cidrPool.replace("spec:\n", 'spec:\n  allowFirstLastIPs: "No"\n'), "1.18.11");
    expect(expectedIpsTotal(pool!, compat)).toBe(14n);
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
