import { describe, expect, it } from "vitest";
import { l2PolicySelectsServices } from "../../../src/checks/rules/l2-policy-selects-services.ts";
import { HOMELAB_GATEWAY } from "../gateway-yaml.ts";
import { l2PolicyYaml } from "../l2-policy-yaml.ts";
import { findingsOf, GATEWAY_FILE, L2_FILE } from "../model-builder.ts";
import { piholeServiceYaml, SERVICES_FILE } from "../service-yaml.ts";

const SERVICES = SERVICES_FILE;
const service = piholeServiceYaml;

const policy = (selector: string, announce = "  loadBalancerIPs: true\n") =>
  l2PolicyYaml(`${announce}  serviceSelector:\n${selector}`);
const LAN = "    matchLabels:\n      announce: lan\n";

const check = (files: Record<string, string>) => findingsOf(l2PolicySelectsServices, { files });

describe("l2-policy-selects-no-service", () => {
  it("warns at spec.serviceSelector when no Service and no Gateway's Service carries the labels", () => {
    const findings = check({
      [L2_FILE]: policy(LAN),
      [SERVICES]: service({ app: "pihole" }),
      [GATEWAY_FILE]: HOMELAB_GATEWAY,
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      id: "l2-policy-selects-no-service",
      severity: "warning",
      file: L2_FILE,
      line: 7,
    });
    expect(findings[0]!.message).toContain(
      "CiliumL2AnnouncementPolicy home-l2: spec.serviceSelector (announce=lan) selects none of the repo's 1 LoadBalancer Service and 1 Gateway's Service",
    );
    expect(findings[0]!.message).toContain("spec.infrastructure.labels");
  });

  it("is silent when a LoadBalancer Service carries the labels", () => {
    expect(check({ [L2_FILE]: policy(LAN), [SERVICES]: service({ announce: "lan" }) })).toEqual([]);
  });

  it("counts the Gateway's Service: spec.infrastructure.labels, and the labels Cilium adds itself", () => {
    const labelled = HOMELAB_GATEWAY.replace(
      "spec:\n",
      "spec:\n  infrastructure:\n    labels:\n      announce: lan\n",
    );
    expect(check({ [L2_FILE]: policy(LAN), [GATEWAY_FILE]: labelled })).toEqual([]);
    // io.cilium.gateway/owning-gateway and gateway.networking.k8s.io/gateway-name = the Gateway's name.
    for (const key of ["io.cilium.gateway/owning-gateway", "gateway.networking.k8s.io/gateway-name"]) {
      const byGateway = `    matchLabels:\n      ${key}: homelab\n`;
      expect(check({ [L2_FILE]: policy(byGateway), [GATEWAY_FILE]: HOMELAB_GATEWAY }), key).toEqual([]);
    }
    // The Service's own name and namespace, which LB-IPAM and the announcer add before matching.
    const byName = "    matchLabels:\n      io.kubernetes.service.name: cilium-gateway-homelab\n";
    expect(check({ [L2_FILE]: policy(byName), [GATEWAY_FILE]: HOMELAB_GATEWAY })).toEqual([]);
    const otherGateway = "    matchLabels:\n      io.cilium.gateway/owning-gateway: other\n";
    expect(check({ [L2_FILE]: policy(otherGateway), [GATEWAY_FILE]: HOMELAB_GATEWAY })).toHaveLength(1);
  });

  it("matches expressions the way Cilium does (NotIn selects a Service without the key)", () => {
    const notInternal =
      "    matchExpressions:\n      - key: tier\n        operator: NotIn\n        values: [internal]\n";
    expect(check({ [L2_FILE]: policy(notInternal), [SERVICES]: service() })).toEqual([]);
    expect(check({ [L2_FILE]: policy(notInternal), [SERVICES]: service({ tier: "internal" }) })).toHaveLength(
      1,
    );
  });

  it("does not count a Service of another loadBalancerClass, which the announcer skips", () => {
    const bgp = service(
      { announce: "lan" },
      "  type: LoadBalancer\n  loadBalancerClass: io.cilium/bgp-control-plane\n",
    );
    expect(check({ [L2_FILE]: policy(LAN), [SERVICES]: bgp })).toHaveLength(1);
  });

  it("counts a Service with externalIPs for a policy that announces externalIPs only", () => {
    const external = service({ announce: "lan" }, "  type: ClusterIP\n  externalIPs: [192.168.5.60]\n");
    expect(check({ [L2_FILE]: policy(LAN, "  externalIPs: true\n"), [SERVICES]: external })).toEqual([]);
    expect(check({ [L2_FILE]: policy(LAN), [SERVICES]: external })).toHaveLength(1);
  });

  it("leaves a policy without a selector, an empty or invalid one, to the other rules", () => {
    expect(check({ [L2_FILE]: l2PolicyYaml("  loadBalancerIPs: true\n") })).toEqual([]);
    expect(check({ [L2_FILE]: policy("    matchLabels: {}\n") })).toEqual([]);
    expect(check({ [L2_FILE]: policy("    matchLabel:\n      announce: lan\n") })).toEqual([]);
  });

  it("names other HelmReleases, whose charts' Services it cannot see", () => {
    const release = `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: grafana
  namespace: monitoring
spec:
  chart:
    spec:
      chart: grafana
`;
    const [finding] = check({ [L2_FILE]: policy(LAN), "apps/grafana/helm-release.yaml": release });
    expect(finding!.message).toContain(
      "a Service that the chart of HelmRelease monitoring/grafana makes is not in the repo",
    );
  });
});
