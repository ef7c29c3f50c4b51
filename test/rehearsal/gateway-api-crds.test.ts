import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { gatewayApiCrdsYaml } from "../../rehearsal/gateway-api-crds.ts";
import { acceptedStatus, CrdRegistry } from "../../rehearsal/kube-api/crd-registry.ts";
import { validateCrd } from "../../rehearsal/kube-api/schema/crd-validation.ts";
import { crdEstablished } from "../../src/decisions/crd-established.ts";

// biome-ignore lint/suspicious/noExplicitAny: test objects read deep, untyped API answers
type Json = Record<string, any>;

describe("the rehearsal's Gateway API CRDs", () => {
  const plan = {
    version: "v1.2.0",
    channel: "standard",
    crdNames: ["gatewayclasses", "gateways", "httproutes", "referencegrants", "grpcroutes"].map(
      (p) => `${p}.gateway.networking.k8s.io`,
    ),
  };
  const crds = parseAllDocuments(gatewayApiCrdsYaml(plan)).map((d) => d.toJS() as Json);

  it("define exactly the CRDs the plan waits for, with the release's served versions and annotations", () => {
    expect(crds.map((c) => c.metadata.name)).toEqual(plan.crdNames);
    expect(crds[0]?.metadata.annotations).toEqual({
      "api-approved.kubernetes.io": "https://github.com/kubernetes-sigs/gateway-api/pull/3328",
      "gateway.networking.k8s.io/bundle-version": "v1.2.0",
      "gateway.networking.k8s.io/channel": "standard",
    });
    expect(
      crds.find((c) => c.spec.names.kind === "Gateway")?.spec.versions.map((v: Json) => [v.name, v.storage]),
    ).toEqual([
      ["v1", true],
      ["v1beta1", false],
    ]);
    expect(
      crds.find((c) => c.spec.names.kind === "ReferenceGrant")?.spec.versions.map((v: Json) => v.name),
    ).toEqual(["v1beta1"]);
    expect(crds.find((c) => c.spec.names.kind === "GatewayClass")?.spec.scope).toBe("Cluster");
  });

  it("pass the API server's CRD validation (a *.k8s.io group needs the api-approved annotation)", () => {
    for (const version of ["v1.0.0", "v1.1.0", "v1.3.0", "v1.5.1"]) {
      for (const crd of parseAllDocuments(gatewayApiCrdsYaml({ ...plan, version })).map(
        (d) => d.toJS() as Json,
      )) {
        expect(validateCrd(crd)).toEqual([]);
      }
    }
    expect(
      parseAllDocuments(gatewayApiCrdsYaml({ ...plan, version: "v1.5.1" }))[0]?.toJS().metadata.annotations[
        "api-approved.kubernetes.io"
      ],
    ).toBe("https://github.com/kubernetes-sigs/gateway-api/pull/4530");
  });

  it("are Established and served by the API server's CRD registry, as the harness judges it", () => {
    const registry = new CrdRegistry();
    for (const crd of crds) {
      const established = {
        ...crd,
        status: acceptedStatus(crd, registry.conflictFor(crd), "2026-12-03T07:00:00Z"),
      };
      expect(crdEstablished(established as Json).ok).toBe(true);
      registry.update(established);
    }
    const gateways = registry
      .resources()
      .filter((r) => r.group === "gateway.networking.k8s.io" && r.plural === "gateways");
    expect(gateways.map((r) => [r.version, r.hasStatus])).toEqual([
      ["v1", true],
      ["v1beta1", true],
    ]);
  });
});
