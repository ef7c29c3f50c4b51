import { describe, expect, it } from "vitest";
import {
  ingressIps,
  serviceHasIp,
  serviceIpamRefused,
  serviceIpamSatisfied,
  type WireService,
} from "../../src/decisions/lb-service-ip.ts";

// Shaped like `kubectl get svc -o json` on a Cilium 1.16+ cluster (status written by the operator).
function service(
  conditions: NonNullable<WireService["status"]>["conditions"],
  ips: string[] = [],
): WireService {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "echo", namespace: "cc-lbipam" },
    spec: { type: "LoadBalancer" },
    status: {
      conditions,
      loadBalancer: { ingress: ips.map((ip) => ({ ip, ipMode: "VIP" })) },
    },
  };
}

const noPool = {
  lastTransitionTime: "2026-03-02T10:00:00Z",
  message: "There are no enabled CiliumLoadBalancerIPPools that match this service",
  reason: "no_pool",
  status: "False",
  type: "cilium.io/IPAMRequestSatisfied",
};
const satisfied = {
  lastTransitionTime: "2026-03-02T10:00:07Z",
  message: "",
  reason: "satisfied",
  status: "True",
  type: "cilium.io/IPAMRequestSatisfied",
};

describe("serviceHasIp", () => {
  it("needs an ingress IP only, and shows the condition beside it", () => {
    expect(serviceHasIp(service([], ["192.168.5.30"]))).toEqual({
      ok: true,
      seen: "ingress 192.168.5.30 (no condition cilium.io/IPAMRequestSatisfied)",
      value: { ips: ["192.168.5.30"] },
    });
    expect(serviceHasIp(service([noPool])).ok).toBe(false);
    expect(serviceHasIp(service([noPool])).seen).toBe(
      "no ingress IP (condition cilium.io/IPAMRequestSatisfied=False reason=no_pool)",
    );
    expect(serviceHasIp(undefined).ok).toBe(false);
  });
});

describe("serviceIpamSatisfied", () => {
  it("is satisfied with the condition True and an ingress IP", () => {
    expect(serviceIpamSatisfied(service([satisfied], ["192.168.5.30"]))).toEqual({
      ok: true,
      seen: "condition cilium.io/IPAMRequestSatisfied=True reason=satisfied, ingress 192.168.5.30",
      value: { ips: ["192.168.5.30"] },
    });
  });

  it("reports no_pool in the words of DESIGN.md's timeout line", () => {
    const verdict = serviceIpamSatisfied(service([noPool]));
    expect(verdict.ok).toBe(false);
    expect(verdict.seen).toBe("condition cilium.io/IPAMRequestSatisfied=False reason=no_pool, no ingress IP");
  });

  it("takes the newest entry when the operator appended several of one type", () => {
    expect(serviceIpamSatisfied(service([noPool, satisfied], ["192.168.5.30"])).ok).toBe(true);
    expect(
      serviceIpamSatisfied(
        service([satisfied, { ...noPool, lastTransitionTime: "2026-03-02T11:00:00Z" }], []),
      ).ok,
    ).toBe(false);
  });

  it("does not trust a True condition without an IP", () => {
    expect(serviceIpamSatisfied(service([satisfied], [])).seen).toContain("no ingress IP");
    expect(serviceIpamSatisfied(service([satisfied], [])).ok).toBe(false);
  });

  it("ignores the pre-1.15 condition name unless told to use it", () => {
    const legacy = { ...satisfied, type: "io.cilium/lb-ipam-request-satisfied" };
    expect(serviceIpamSatisfied(service([legacy], ["192.168.5.30"])).seen).toMatch(
      /^no condition cilium.io\/IPAMRequestSatisfied/,
    );
    expect(
      serviceIpamSatisfied(service([legacy], ["192.168.5.30"]), {
        conditionType: "io.cilium/lb-ipam-request-satisfied",
      }).ok,
    ).toBe(true);
  });

  it("lists dual-stack ingress IPs in order and skips hostname-only entries", () => {
    const dual = service([satisfied], ["192.168.5.40", "2001:db8:5::40"]);
    dual.status?.loadBalancer?.ingress?.push({ hostname: "lb.example" });
    expect(ingressIps(dual)).toEqual(["192.168.5.40", "2001:db8:5::40"]);
  });

  it("says when the Service is not there", () => {
    expect(serviceIpamSatisfied(undefined)).toEqual({ ok: false, seen: "Service not found" });
  });
});

describe("serviceIpamRefused", () => {
  const outOfPool = {
    ...noPool,
    reason: "pool_selector_mismatch",
    message: "The requested IPs are not in a pool that selects this service",
  };

  it("is a refusal when False with the expected reason and no IP", () => {
    expect(
      serviceIpamRefused(service([outOfPool]), { expectedReason: "pool_selector_mismatch" }),
    ).toMatchObject({
      ok: true,
      value: { reason: "pool_selector_mismatch" },
    });
  });

  it("is not the expected refusal when the reason differs", () => {
    const verdict = serviceIpamRefused(service([noPool]), { expectedReason: "pool_selector_mismatch" });
    expect(verdict.ok).toBe(false);
    expect(verdict.seen).toContain("reason=no_pool");
  });

  it("is not a refusal when an IP was handed out anyway", () => {
    expect(serviceIpamRefused(service([outOfPool], ["192.168.5.99"])).ok).toBe(false);
  });
});
