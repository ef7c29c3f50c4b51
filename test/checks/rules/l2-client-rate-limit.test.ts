import { describe, expect, it } from "vitest";
import { l2ClientRateLimit } from "../../../src/checks/rules/l2-client-rate-limit.ts";
import { findingsOf, GATEWAY_FILE } from "../model-builder.ts";

const gateways = (count: number) =>
  Array.from(
    { length: count },
    (_, index) => `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: gw-${index}
  namespace: gateway
spec:
  gatewayClassName: cilium
  listeners:
    - name: http
      protocol: HTTP
      port: 80
`,
  ).join("---\n");

describe("l2-client-rate-limit", () => {
  it("warns when the limit is left at the default, with the lease arithmetic", () => {
    const [finding] = findingsOf(l2ClientRateLimit, {
      values: "l2announcements:\n  enabled: true\n",
      files: { [GATEWAY_FILE]: gateways(2) },
    });
    expect(finding).toMatchObject({ severity: "warning", line: 2 });
    expect(finding!.message).toContain("chart default of 10 QPS / 20 burst");
    expect(finding!.message).toContain(
      "2 Gateways (each gets a LoadBalancer Service) and 0 LoadBalancer Services in the repo",
    );
    expect(finding!.message).toContain("≈ 0.4 QPS");
  });

  it("counts the repo's L2-announced LoadBalancer Services with the Gateways (not BGP-class or ClusterIP ones)", () => {
    const service = (name: string, spec: string) =>
      `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: dns\nspec:\n${spec}  ports:\n    - port: 53\n`;
    const values =
      "l2announcements:\n  enabled: true\n  leaseRenewDeadline: 1s\nk8sClientRateLimit:\n  qps: 12\n  burst: 24\n";
    const [finding] = findingsOf(l2ClientRateLimit, {
      values,
      files: {
        [GATEWAY_FILE]: gateways(1),
        "apps/dns/services.yaml": [
          service("dns-a", "  type: LoadBalancer\n"),
          service("dns-b", "  type: LoadBalancer\n  loadBalancerClass: io.cilium/l2-announcer\n"),
          service("dns-c", "  type: LoadBalancer\n"),
          service("bgp", "  type: LoadBalancer\n  loadBalancerClass: io.cilium/bgp-control-plane\n"),
          service("internal", "  type: ClusterIP\n"),
        ].join("---\n"),
      },
    });
    // 1 Gateway + 3 announced Services, renewing every second: 4 QPS on top of the base 10.
    expect(finding!.message).toContain(
      "1 Gateway (each gets a LoadBalancer Service) and 3 LoadBalancer Services in the repo",
    );
    expect(finding!.message).toContain("≈ 4 QPS for lease renewals");
  });

  it("mentions the lower pre-1.27 defaults on 1.16", () => {
    const [finding] = findingsOf(l2ClientRateLimit, {
      version: "1.16.19",
      values: "l2announcements:\n  enabled: true\n",
    });
    expect(finding!.message).toContain("5/10 on Kubernetes before 1.27");
  });

  it("is silent with a sized limit", () => {
    const values = "l2announcements:\n  enabled: true\nk8sClientRateLimit:\n  qps: 30\n  burst: 60\n";
    expect(findingsOf(l2ClientRateLimit, { values, files: { [GATEWAY_FILE]: gateways(3) } })).toEqual([]);
  });

  it("warns when qps is below what the leases need on top of the base budget", () => {
    const values =
      "l2announcements:\n  enabled: true\n  leaseRenewDeadline: 1s\nk8sClientRateLimit:\n  qps: 12\n  burst: 24\n";
    const [finding] = findingsOf(l2ClientRateLimit, { values, files: { [GATEWAY_FILE]: gateways(5) } });
    expect(finding).toMatchObject({ line: 5 });
    expect(finding!.message).toContain("≈ 5 QPS for lease renewals");
  });

  it("warns when burst is below qps", () => {
    const values = "l2announcements:\n  enabled: true\nk8sClientRateLimit:\n  qps: 30\n  burst: 10\n";
    expect(findingsOf(l2ClientRateLimit, { values })[0]!.message).toContain("`burst: 60`");
  });

  it("is silent while L2 announcements are off", () => {
    expect(findingsOf(l2ClientRateLimit, { values: "" })).toEqual([]);
  });
});
