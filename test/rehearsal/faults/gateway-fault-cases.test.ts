// Which of the Gateway suite's HTTP cases each Envoy fault turns red, computed from the double's
// own parts without a cluster: the suite's Gateway and HTTPRoutes (fixtures/workloads) through
// the operator's reconcile (the RouteConfiguration Cilium writes) and Envoy's router with the
// fault. The catalogue must name exactly these: its case, plus its consequences.

import { describe, expect, it } from "vitest";
import { ENVOY_FAULTS } from "../../../rehearsal/cilium/envoy/envoy-faults.ts";
import { faultsForListener, type ProxyFaults } from "../../../rehearsal/cilium/envoy/listener-faults.ts";
import { type RouterFaults, routeRequest } from "../../../rehearsal/cilium/envoy/route-match.ts";
import {
  type GatewayWorld,
  reconcileGateway,
} from "../../../rehearsal/cilium/operator/gateway-api/gateway-reconcile.ts";
import type { GatewayObj, RouteObj } from "../../../rehearsal/cilium/operator/gateway-api/gateway-types.ts";
import type { EnvoyRouteConfiguration } from "../../../rehearsal/cilium/operator/gateway-api/translation/route-configuration.ts";
import { findFault } from "../../../rehearsal/faults/catalogue.ts";
import { gatewayHttpCases } from "../../../src/conformance/gateway-api/gateway-http-cases.ts";
import { designWeightedSplit } from "../../../src/probes/weighted-split-design.ts";
import { renderWorkload } from "../../../src/workloads/render-workload.ts";

const NS = "cc-gateway";
const SUFFIX = "conformance.test";
const variables = { NAMESPACE: NS, RUN_ID: "r", HOSTNAME_SUFFIX: SUFFIX };
const gateway = renderWorkload("gateway-api/gateway.yaml", variables)[0] as unknown as GatewayObj;
const routes = renderWorkload("gateway-api/httproutes.yaml", variables).map(
  (object) => ({ ...object, kind: "HTTPRoute" }) as unknown as RouteObj,
);
const cases = gatewayHttpCases(routes as never);

function routeConfiguration(): EnvoyRouteConfiguration {
  const backends = [
    ...new Set(routes.flatMap((r) => r.spec.rules?.flatMap((rule) => rule.backendRefs ?? []) ?? [])),
  ];
  const services = new Map(
    backends.map((ref) => [`${NS}/${ref.name}`, { ports: [{ port: ref.port ?? 8080 }] }]),
  );
  const world: GatewayWorld = {
    gateway: (namespace, name) => (namespace === NS && name === gateway.metadata.name ? gateway : undefined),
    classController: (name) => (name === "cilium" ? "io.cilium/gateway-controller" : undefined),
    namespaces: () => [{ metadata: { name: NS, labels: { "kubernetes.io/metadata.name": NS } } }],
    serviceExists: (namespace, name) => services.has(`${namespace}/${name}`),
    grants: [],
    now: () => new Date("2026-12-03T10:00:00Z"),
    tlsSecretProblem: () => undefined,
    httpRoutes: routes,
    grpcRoutes: [],
    services,
    gatewayServiceIngress: () => [{ ip: "192.168.5.40" }],
  };
  const result = reconcileGateway(gateway, world, 18, {
    secretsNamespace: "cilium-secrets",
    externalTrafficPolicy: "Cluster",
    ipv4: true,
    ipv6: false,
  });
  const config = result.translation?.cec.resources.find(
    (resource) => resource["@type"] === "type.googleapis.com/envoy.config.route.v3.RouteConfiguration",
  );
  expect(config, result.error).toBeDefined();
  return config as EnvoyRouteConfiguration;
}

const backendOf = (cluster: string) => cluster.split(":")[1] ?? cluster;

function requestOf(httpCase: (typeof cases)[number]) {
  return {
    method: "GET",
    authority: httpCase.request.host ?? "192.168.5.40",
    path: httpCase.request.path,
    headers: Object.fromEntries(
      Object.entries(httpCase.request.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
    ),
    scheme: "http" as const,
  };
}

/** The suite's cases that this router (with these faults) answers wrongly. */
function redCases(faults: RouterFaults): string[] {
  const config = routeConfiguration();
  const red: string[] = [];
  for (const httpCase of cases) {
    const request = requestOf(httpCase);
    const name = `HTTP ${httpCase.name}`;
    if (httpCase.kind === "no-match") {
      if (routeRequest(config, request, () => 0.5, faults).kind !== "not-found") red.push(name);
      continue;
    }
    if (httpCase.kind === "route") {
      const decision = routeRequest(config, request, () => 0.5, faults);
      if (decision.kind !== "forward" || backendOf(decision.cluster) !== httpCase.backend) red.push(name);
      continue;
    }
    // The split: the design's request count with evenly spread picks, judged by its accepted range.
    const design = designWeightedSplit(httpCase.weights);
    const counts = new Map<string, number>();
    for (let i = 0; i < design.requests; i += 1) {
      const decision = routeRequest(config, request, () => (i + 0.5) / design.requests, faults);
      const backend = decision.kind === "forward" ? backendOf(decision.cluster) : decision.kind;
      counts.set(backend, (counts.get(backend) ?? 0) + 1);
    }
    const ok = design.backends.every((b) => {
      const observed = counts.get(b.backend) ?? 0;
      return observed >= b.low && observed <= b.high;
    });
    if (!ok) red.push(name);
  }
  return red.sort();
}

// Each name with the proxy knob rehearsal/cilium/envoy/main.ts sets for it, as it holds on the
// suite's own Gateway (a CiliumEnvoyConfig in the suite's cc- namespace).
const suiteListener = (faults: ProxyFaults) =>
  faultsForListener({ metadata: { name: "cilium-gateway-cc", namespace: NS } }, faults);
const ENVOY_FAULT_KNOBS: [string, ProxyFaults][] = [
  ["gateway-hostname-match-ignored", { ignoreHostnames: true }],
  ["gateway-header-match-ignored", { ignoreHeaderMatches: true }],
  ["gateway-path-match-ignored", { ignorePathMatches: true }],
  ["gateway-exact-path-never-matches", { exactPathsNeverMatch: true }],
  ["gateway-weights-60-40", { skewWeights: true }],
  ["gateway-no-404", { noNotFound: true }],
  ["repo-route-path-match-ignored", { ignoreRepoPathMatches: true }],
];

describe("Envoy faults against the Gateway suite's HTTP cases", () => {
  it("without a fault, every case is answered right", () => {
    expect(cases.length).toBeGreaterThanOrEqual(6);
    expect(redCases({})).toEqual([]);
  });

  it("covers every Envoy fault", () => {
    expect(ENVOY_FAULT_KNOBS.map(([name]) => name).sort()).toEqual(Object.values(ENVOY_FAULTS).sort());
  });

  for (const [name, knob] of ENVOY_FAULT_KNOBS) {
    const faults = suiteListener(knob);
    it(`${name} turns red exactly its case and the consequences it lists`, () => {
      const fault = findFault(name);
      expect(fault).toBeDefined();
      // Cases in the Gateway suite itself; a repo-contracts one is the repo's own Gateway.
      const inSuite = (fault?.consequences ?? []).filter((c) => (c.suite ?? fault?.suite) === "gateway-api");
      const named = fault?.suite === "gateway-api" ? [fault.case] : [];
      const expected = [...named, ...inSuite.map((c) => c.case)].sort();
      expect(redCases(faults)).toEqual(expected);
      // What the named case's last answer looks like in its message (http-observation.ts), named by the cause.
      const namedCase = cases.find((c) => `HTTP ${c.name}` === fault?.case);
      if (namedCase && namedCase.kind !== "split") {
        const decision = routeRequest(routeConfiguration(), requestOf(namedCase), () => 0.5, faults);
        const seen =
          decision.kind === "forward"
            ? `200 from ${backendOf(decision.cluster)}-6c9f7d-x2k4q`
            : "404 empty body";
        expect(fault?.cause.test(`last: ${seen}`), `${fault?.cause} on "${seen}"`).toBe(true);
      }
    });
  }
});

describe("a fault on the repo's own Gateways only", () => {
  it("holds outside the harness's cc- namespaces and nowhere else", () => {
    const knob = { ignoreRepoPathMatches: true, skewWeights: true };
    expect(suiteListener(knob)).toEqual({ skewWeights: true });
    expect(
      faultsForListener({ metadata: { name: "cilium-gateway-home", namespace: "gateway" } }, knob),
    ).toEqual({
      skewWeights: true,
      ignorePathMatches: true,
    });
  });
});
