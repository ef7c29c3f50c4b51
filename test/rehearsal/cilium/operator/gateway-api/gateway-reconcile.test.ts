// The Gateway reconcile against the statuses Cilium's own reconciler tests expect
// (../shared/cilium-samples/gateway-status, operator/pkg/gateway-api/testdata/*/output). The
// inputs are written here in the shape of those tests' inputs; only the statuses are compared.

import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  type GatewayWorld,
  gatewayClassStatus,
  reconcileGateway,
} from "../../../../../rehearsal/cilium/operator/gateway-api/gateway-reconcile.ts";
import type {
  GatewayObj,
  ReferenceGrantObj,
  RouteObj,
} from "../../../../../rehearsal/cilium/operator/gateway-api/gateway-types.ts";
import type { TranslatorConfig } from "../../../../../rehearsal/cilium/operator/gateway-api/translation/cilium-envoy-config.ts";
import type { Obj } from "../../../../../rehearsal/k8s/kube-objects.ts";
import { readSample } from "../../../support/samples.ts";

const NS = "gateway-conformance-infra";
const CONFIG: TranslatorConfig = {
  secretsNamespace: "cilium-secrets",
  externalTrafficPolicy: "Cluster",
  ipv4: true,
  ipv6: false,
};

function sample(file: string): { spec: unknown; status: unknown } {
  return parse(readSample(`gateway-status/${file}`)) as { spec: unknown; status: unknown };
}

/** Status without transition times (Cilium's updateStatus ignores them too). */
function timeless(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (key, inner) => (key === "lastTransitionTime" ? undefined : inner)),
  );
}

interface WorldInput {
  gateways?: GatewayObj[];
  httpRoutes?: RouteObj[];
  grpcRoutes?: RouteObj[];
  services?: string[];
  namespaces?: Obj[];
  grants?: ReferenceGrantObj[];
  secrets?: string[];
  ingress?: Record<string, { ip?: string }[]>;
}

function world(input: WorldInput): GatewayWorld {
  const services = new Map((input.services ?? []).map((key) => [key, { ports: [{ port: 8080 }] }]));
  return {
    gateway: (namespace, name) =>
      (input.gateways ?? []).find((gw) => gw.metadata.namespace === namespace && gw.metadata.name === name),
    classController: (name) => (name === "cilium" ? "io.cilium/gateway-controller" : undefined),
    namespaces: () => input.namespaces ?? [],
    serviceExists: (namespace, name) => services.has(`${namespace}/${name}`),
    grants: input.grants ?? [],
    now: () => new Date("2026-01-01T00:00:00Z"),
    tlsSecretProblem: (namespace, name) =>
      (input.secrets ?? []).includes(`${namespace}/${name}`) ? undefined : `secrets "${name}" not found`,
    httpRoutes: input.httpRoutes ?? [],
    grpcRoutes: input.grpcRoutes ?? [],
    services,
    gatewayServiceIngress: (namespace, name) => input.ingress?.[`${namespace}/${name}`] ?? [],
  };
}

const namespace = (name: string): Obj => ({
  metadata: { name, labels: { "kubernetes.io/metadata.name": name } },
});

function gateway(name: string, spec: GatewayObj["spec"]): GatewayObj {
  return { metadata: { name, namespace: NS }, spec };
}

function route(name: string, spec: RouteObj["spec"], kind = "HTTPRoute"): RouteObj {
  return { kind, metadata: { name, namespace: NS }, spec };
}

const sameNamespace = gateway("same-namespace", {
  gatewayClassName: "cilium",
  listeners: [{ name: "http", port: 80, protocol: "HTTP", allowedRoutes: { namespaces: { from: "Same" } } }],
});

describe("reconcileGateway (1.18)", () => {
  it("programs a Gateway whose Service has an address, with its route attached (httproute-simple-same-namespace)", () => {
    const infraTest = route("gateway-conformance-infra-test", {
      parentRefs: [{ name: "same-namespace" }],
      rules: [{ backendRefs: [{ name: "infra-backend-v1", port: 8080 }] }],
    });
    const result = reconcileGateway(
      sameNamespace,
      world({
        gateways: [sameNamespace],
        httpRoutes: [infraTest],
        services: [`${NS}/infra-backend-v1`],
        namespaces: [namespace(NS)],
        ingress: { [`${NS}/same-namespace`]: [{ ip: "172.18.255.196" }] },
      }),
      18,
      CONFIG,
    );
    expect(result.error).toBeUndefined();
    expect(timeless(result.status)).toEqual(
      timeless(sample("httproute-simple-same-namespace__same-namespace.yaml").status),
    );
    expect(result.routeStatuses).toHaveLength(1);
    expect(timeless(result.routeStatuses[0]?.status)).toEqual(
      timeless(
        sample("httproute-simple-same-namespace__httproute-gateway-conformance-infra-test.yaml").status,
      ),
    );
    expect(result.translation?.service.ports).toEqual([{ name: "port-80", port: 80, protocol: "TCP" }]);
  });

  it("waits for an address and counts no route the namespace selector refuses (gateway-with-attached-routes)", () => {
    const gw = gateway("gateway-with-one-attached-route", {
      gatewayClassName: "cilium",
      listeners: [
        {
          name: "http",
          port: 80,
          protocol: "HTTP",
          allowedRoutes: {
            kinds: [{ kind: "HTTPRoute" }],
            namespaces: {
              from: "Selector",
              selector: { matchLabels: { "kubernetes.io/metadata.name": NS } },
            },
          },
        },
      ],
    });
    const httpRoute = route("http-route-1", {
      parentRefs: [{ kind: "Gateway", name: gw.metadata.name, namespace: NS }],
      rules: [{ backendRefs: [{ name: "infra-backend-v1", port: 8080 }] }],
    });
    // As in Cilium's test, no Namespace object carries the label the selector asks for.
    const result = reconcileGateway(
      gw,
      world({ gateways: [gw], httpRoutes: [httpRoute], services: [`${NS}/infra-backend-v1`] }),
      18,
      CONFIG,
    );
    expect(timeless(result.status)).toEqual(
      timeless(sample("gateway-with-attached-routes__gateway-with-one-attached-route.yaml").status),
    );
    // 1.18 words the refusal as a selector restriction (main says "namespace restrictions"
    // since cilium f334eb443a, which the sample comes from).
    expect(result.routeStatuses[0]?.status.parents?.[0]?.conditions[0]).toMatchObject({
      type: "Accepted",
      status: "False",
      reason: "NotAllowedByListeners",
      message: "HTTPRoute is not allowed to attach to this Gateway due to namespace selector restrictions",
    });
  });

  it("accepts no Gateway whose only listener has a missing certificate (gateway-invalid-tls-configuration)", () => {
    const gw = gateway("gateway-certificate-nonexistent-secret", {
      gatewayClassName: "cilium",
      listeners: [
        {
          name: "https",
          port: 443,
          protocol: "HTTPS",
          allowedRoutes: { namespaces: { from: "All" } },
          tls: { certificateRefs: [{ group: "", kind: "Secret", name: "nonexistent-certificate" }] },
        },
      ],
    });
    const result = reconcileGateway(gw, world({ gateways: [gw] }), 18, CONFIG);
    expect(result.error).toBe("No Accepted Listeners for Gateway");
    expect(result.translation).toBeUndefined();
    expect(timeless(result.status)).toEqual(
      timeless(
        sample("gateway-invalid-tls-configuration__gateway-certificate-nonexistent-secret.yaml").status,
      ),
    );
  });

  it("programs every HTTPS listener, each with its own route kind attached (gateway-multi-port-https)", () => {
    const tls = {
      certificateRefs: [{ group: "", kind: "Secret", name: "multi-port-https-tls", namespace: NS }],
    };
    const gw = gateway("multi-port-https", {
      gatewayClassName: "cilium",
      listeners: [
        {
          name: "https",
          protocol: "HTTPS",
          port: 443,
          hostname: "*.example.test",
          tls,
          allowedRoutes: { namespaces: { from: "Same" } },
        },
        {
          name: "grpcs",
          protocol: "HTTPS",
          port: 50051,
          hostname: "*.example.test",
          tls,
          allowedRoutes: { namespaces: { from: "Same" } },
        },
      ],
    });
    const httpRoute = route("http-route", {
      parentRefs: [{ name: "multi-port-https", sectionName: "https" }],
      hostnames: ["api.example.test"],
      rules: [
        {
          matches: [{ path: { type: "PathPrefix", value: "/web" } }],
          backendRefs: [{ name: "infra-backend-v1", port: 8080 }],
        },
      ],
    });
    const grpcRoute = route(
      "grpc-route",
      {
        parentRefs: [{ name: "multi-port-https", sectionName: "grpcs" }],
        hostnames: ["api.example.test"],
        rules: [
          {
            matches: [{ method: { service: "com.example.Grpc", method: "Serve" } }],
            backendRefs: [{ name: "grpc-infra-backend-v1", port: 8080 }],
          },
        ],
      },
      "GRPCRoute",
    );
    const result = reconcileGateway(
      gw,
      world({
        gateways: [gw],
        httpRoutes: [httpRoute],
        grpcRoutes: [grpcRoute],
        services: [`${NS}/infra-backend-v1`, `${NS}/grpc-infra-backend-v1`],
        namespaces: [namespace(NS)],
        secrets: [`${NS}/multi-port-https-tls`],
        ingress: { [`${NS}/multi-port-https`]: [{ ip: "172.18.255.200" }] },
      }),
      18,
      CONFIG,
    );
    expect(timeless(result.status)).toEqual(
      timeless(sample("gateway-multi-port-https__multi-port-https.yaml").status),
    );
    const translation = result.translation;
    expect(translation?.service.ports.map((port) => port.name)).toEqual(["port-443", "port-50051"]);
    expect(translation?.cec.services).toEqual([
      { name: "cilium-gateway-multi-port-https", namespace: NS, ports: [443, 50051] },
    ]);
    const listener = translation?.cec.resources[0];
    expect(listener).toMatchObject({
      name: "listener",
      filterChains: [
        { filterChainMatch: { transportProtocol: "raw_buffer" }, routeConfigName: "listener-insecure" },
        {
          filterChainMatch: { transportProtocol: "tls", serverNames: ["*.example.test"] },
          routeConfigName: "listener-secure",
          tlsSecrets: [`cilium-secrets/${NS}-multi-port-https-tls`],
        },
      ],
    });
    expect(
      translation?.cec.resources
        .filter((resource) => resource["@type"].endsWith("Cluster"))
        .map((cluster) => cluster.name),
    ).toEqual([`${NS}:grpc-infra-backend-v1:8080`, `${NS}:infra-backend-v1:8080`]);
  });

  it("stays waiting for the address under the never-programmed fault", () => {
    const result = reconcileGateway(
      sameNamespace,
      world({
        gateways: [sameNamespace],
        namespaces: [namespace(NS)],
        ingress: { [`${NS}/same-namespace`]: [{ ip: "172.18.255.196" }] },
      }),
      18,
      CONFIG,
      { neverProgrammed: true },
    );
    expect(result.status?.conditions?.find((condition) => condition.type === "Programmed")).toMatchObject({
      status: "False",
      reason: "AddressNotAssigned",
    });
    expect(result.status?.addresses).toBeUndefined();
  });
});

describe("route statuses", () => {
  const routeWorld = (extra: WorldInput = {}) =>
    world({
      gateways: [sameNamespace],
      namespaces: [namespace(NS)],
      services: [`${NS}/infra-backend-v1`],
      ...extra,
    });

  for (const [file, spec] of [
    [
      "httproute-invalid-nonexistent-backendref__httproute-invalid-nonexistent-backend-ref.yaml",
      {
        parentRefs: [{ name: "same-namespace" }],
        rules: [{ backendRefs: [{ name: "nonexistent", namespace: NS, port: 8080 }] }],
      },
    ],
    [
      "httproute-invalid-cross-namespace-backend-ref__httproute-invalid-cross-namespace-backend-ref.yaml",
      {
        parentRefs: [{ name: "same-namespace" }],
        rules: [
          {
            backendRefs: [{ name: "web-backend", namespace: "gateway-conformance-web-backend", port: 8080 }],
          },
        ],
      },
    ],
    [
      "httproute-invalid-parentref-not-matching-section-name__httproute-httproute-listener-not-matching-section-name.yaml",
      {
        parentRefs: [{ name: "same-namespace", namespace: NS, port: 80, sectionName: "http1" }],
        rules: [{ backendRefs: [{ kind: "Service", name: "infra-backend-v1", port: 8080 }] }],
      },
    ],
  ] as const) {
    it(`writes ${file.split("__")[0]}'s conditions`, () => {
      const httpRoute = route("r", structuredClone(spec) as unknown as RouteObj["spec"]);
      const result = reconcileGateway(sameNamespace, routeWorld({ httpRoutes: [httpRoute] }), 18, CONFIG);
      expect(timeless(result.routeStatuses[0]?.status)).toEqual(timeless(sample(file).status));
    });
  }

  it("under the gateway-route-backends-not-found fault: BackendNotFound for an existing backend, the data path unchanged", () => {
    const spec = {
      parentRefs: [{ name: "same-namespace" }],
      rules: [{ backendRefs: [{ name: "infra-backend-v1", port: 8080 }] }],
    } as unknown as RouteObj["spec"];
    const healthy = reconcileGateway(
      sameNamespace,
      routeWorld({ httpRoutes: [route("r", spec)] }),
      18,
      CONFIG,
    );
    const faulty = reconcileGateway(
      sameNamespace,
      routeWorld({ httpRoutes: [route("r", spec)] }),
      18,
      CONFIG,
      {
        backendsNotFound: true,
      },
    );
    const resolved = (result: typeof healthy) =>
      result.routeStatuses[0]?.status.parents?.[0]?.conditions?.find((c) => c.type === "ResolvedRefs");
    expect(resolved(healthy)).toMatchObject({ status: "True", reason: "ResolvedRefs" });
    expect(resolved(faulty)).toMatchObject({
      status: "False",
      reason: "BackendNotFound",
      message: 'services "infra-backend-v1" not found',
    });
    expect(faulty.translation).toEqual(healthy.translation);
  });
});

describe("1.16/1.17", () => {
  it("marks the Gateway Programmed once its objects exist, address or not", () => {
    for (const minor of [16, 17]) {
      const result = reconcileGateway(
        sameNamespace,
        world({ gateways: [sameNamespace], namespaces: [namespace(NS)] }),
        minor,
        CONFIG,
      );
      expect(
        result.status?.conditions?.map((condition) => [
          condition.type,
          condition.status,
          condition.reason,
          condition.message,
        ]),
      ).toEqual([
        ["Accepted", "True", "Accepted", "Gateway successfully scheduled"],
        ["Programmed", "True", "Programmed", "Gateway successfully reconciled"],
      ]);
      expect(result.status?.listeners?.[0]).toMatchObject({
        supportedKinds: [{ group: "gateway.networking.k8s.io", kind: "HTTPRoute" }],
      });
    }
  });
});

describe("gatewayClassStatus", () => {
  it("accepts the class with Cilium's message, and writes nothing the second time", () => {
    const status = gatewayClassStatus({ metadata: { generation: 1 } }, new Date("2026-01-01T00:00:00Z"));
    expect(status?.conditions).toEqual([
      {
        type: "Accepted",
        status: "True",
        observedGeneration: 1,
        lastTransitionTime: "2026-01-01T00:00:00Z",
        reason: "Accepted",
        message: "Valid GatewayClass",
      },
    ]);
    expect(
      gatewayClassStatus(
        { metadata: { generation: 1 }, status: status ?? { conditions: [] } },
        new Date("2026-01-02T00:00:00Z"),
      ),
    ).toBeUndefined();
  });
});
