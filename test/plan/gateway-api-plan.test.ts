import { describe, expect, it } from "vitest";
import { compatFor } from "../../src/compat/compat-for.ts";
import { planGatewayApi, withCrdSource } from "../../src/plan/gateway-api-plan.ts";

const RELEASE = "https://github.com/kubernetes-sigs/gateway-api/releases/download";
const RAW = "https://raw.githubusercontent.com/kubernetes-sigs/gateway-api";
const crd = (plural: string) => `${plural}.gateway.networking.k8s.io`;

describe("planGatewayApi", () => {
  it("1.15: v1.0.0 standard plus experimental TLSRoute and GRPCRoute files", () => {
    const plan = planGatewayApi(compatFor("1.15.19"));
    expect(plan.version).toBe("v1.0.0");
    expect(plan.channel).toBe("standard");
    expect(plan.urls).toEqual([
      `${RELEASE}/v1.0.0/standard-install.yaml`,
      `${RAW}/v1.0.0/config/crd/experimental/gateway.networking.k8s.io_tlsroutes.yaml`,
      `${RAW}/v1.0.0/config/crd/experimental/gateway.networking.k8s.io_grpcroutes.yaml`,
    ]);
    expect(plan.crdNames).toEqual(
      ["gatewayclasses", "gateways", "httproutes", "referencegrants", "tlsroutes", "grpcroutes"].map(crd),
    );
  });

  it("1.16: v1.1.0 standard (GRPCRoute now standard) plus experimental TLSRoute", () => {
    const plan = planGatewayApi(compatFor("1.16.19"));
    expect(plan.urls).toEqual([
      `${RELEASE}/v1.1.0/standard-install.yaml`,
      `${RAW}/v1.1.0/config/crd/experimental/gateway.networking.k8s.io_tlsroutes.yaml`,
    ]);
    expect(plan.crdNames).toContain(crd("grpcroutes"));
    expect(plan.crdNames).toContain(crd("tlsroutes"));
  });

  it.each([
    ["1.17.17", "v1.2.0"],
    ["1.18.11", "v1.2.0"],
    ["1.19.5", "v1.3.0"],
  ])("%s: %s standard only", (chart, version) => {
    const plan = planGatewayApi(compatFor(chart));
    expect(plan.version).toBe(version);
    expect(plan.urls).toEqual([`${RELEASE}/${version}/standard-install.yaml`]);
    expect(plan.extraExperimentalCrds).toEqual([]);
    expect(plan.crdNames).toEqual(
      ["gatewayclasses", "gateways", "httproutes", "referencegrants", "grpcroutes"].map(crd),
    );
  });

  it("1.20: v1.5.1, where TLSRoute and BackendTLSPolicy are standard", () => {
    const plan = planGatewayApi(compatFor("1.20.0-pre.3"));
    expect(plan.crdNames).toEqual(expect.arrayContaining([crd("tlsroutes"), crd("backendtlspolicies")]));
  });
});

describe("withCrdSource (--gateway-api-crds)", () => {
  it("installs from the given file or mirror and still waits for every CRD the chart requires", () => {
    const release = planGatewayApi(compatFor("1.18.11"));
    const mirrored = withCrdSource(release, "/srv/mirror/gateway-api-v1.2.0-standard.yaml");
    expect(mirrored.urls).toEqual(["/srv/mirror/gateway-api-v1.2.0-standard.yaml"]);
    expect(mirrored.crdNames).toEqual(release.crdNames);
    expect(mirrored.version).toBe(release.version);
    expect(mirrored.source).toContain("--gateway-api-crds");
  });

  it("changes nothing without a source", () => {
    const release = planGatewayApi(compatFor("1.18.11"));
    expect(withCrdSource(release, undefined)).toBe(release);
  });
});
