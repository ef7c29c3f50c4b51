import { describe, expect, it } from "vitest";
import { compatFor } from "../../src/compat/compat-for.ts";
import {
  gatewayInfrastructureLabels,
  gatewayServiceLabels,
} from "../../src/conformance/gateway-api/gateway-infrastructure.ts";
import { renderWorkload } from "../../src/workloads/render-workload.ts";
import { selectorRepo } from "./selector-repo.ts";

const repo = selectorRepo;
const gateway = { namespace: "cc-gateway-api-r1", name: "conformance" };
const v118 = compatFor("1.18.11");

describe("gatewayInfrastructureLabels", () => {
  it("gives the Gateway the labels both the pool and the L2 policy select (the Gateway had none before)", () => {
    const model = repo(
      "  serviceSelector:\n    matchLabels:\n      lb: home\n",
      "  serviceSelector:\n    matchExpressions:\n      - key: announce\n        operator: In\n        values: [l2]\n",
    );
    expect(gatewayInfrastructureLabels(model, gateway, v118)).toEqual({
      ok: true,
      labels: { lb: "home", announce: "l2" },
      announcedBy: "l2",
    });
  });

  it("needs no labels when nothing selects, and names the policy that announces", () => {
    expect(gatewayInfrastructureLabels(repo("", ""), gateway, v118)).toEqual({
      ok: true,
      labels: {},
      announcedBy: "l2",
    });
  });

  it("says why the Gateway is not announced when no policy announces LoadBalancer IPs", () => {
    const result = gatewayInfrastructureLabels(repo("", "", "  externalIPs: true\n"), gateway, v118);
    expect(result).toEqual({
      ok: true,
      labels: {},
      announcedBy: undefined,
      notAnnounced: "the repo has no L2 policy that announces LoadBalancer IPs",
    });
  });

  it("matches selectors against the Service Cilium creates: its name and namespace labels count", () => {
    const byName =
      '  serviceSelector:\n    matchLabels:\n      io.kubernetes.service.name: "cilium-gateway-conformance"\n';
    expect(gatewayInfrastructureLabels(repo(byName, ""), gateway, v118)).toMatchObject({ ok: true });
    const other = '  serviceSelector:\n    matchLabels:\n      io.kubernetes.service.name: "ingress"\n';
    const refused = gatewayInfrastructureLabels(repo(other, ""), gateway, v118);
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.reason).toContain(
      "no pool selects the Gateway's Service cilium-gateway-conformance",
    );
  });

  it("refuses on Gateway API v1.0 (Cilium 1.15), which has no spec.infrastructure, when labels are needed", () => {
    const model = repo("  serviceSelector:\n    matchLabels:\n      lb: home\n", "");
    const result = gatewayInfrastructureLabels(model, gateway, compatFor("1.15.19"));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toContain(
      "Gateway API v1.0.0 (Cilium 1.15) has no spec.infrastructure",
    );
  });
});

describe("the Gateway's Service labels (operator/pkg/model/translation getService)", () => {
  it("are the infrastructure labels, the owning-gateway labels and the meta labels selectors see", () => {
    expect(gatewayServiceLabels(gateway, { lb: "home" })).toEqual({
      "io.cilium.gateway/owning-gateway": "conformance",
      "gateway.networking.k8s.io/gateway-name": "conformance",
      lb: "home",
      "io.kubernetes.service.namespace": "cc-gateway-api-r1",
      "io.kubernetes.service.name": "cilium-gateway-conformance",
    });
  });

  it("fit the suite's Gateway workload, rendered with the variables the suite gives it (it needed one more before)", () => {
    const [object] = renderWorkload("gateway-api/gateway.yaml", {
      NAMESPACE: gateway.namespace,
      RUN_ID: "r1",
    });
    expect(object).toMatchObject({
      kind: "Gateway",
      metadata: { name: gateway.name },
      spec: { gatewayClassName: "cilium" },
    });
  });
});
