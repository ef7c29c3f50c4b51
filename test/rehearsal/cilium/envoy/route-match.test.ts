// Gateway API routing through Cilium's translation and Envoy's matching: HTTPRoutes → model →
// RouteConfiguration → a decision per request, for the rules the Gateway suites rely on.

import { describe, expect, it } from "vitest";
import { routeRequest, selectVirtualHost } from "../../../../rehearsal/cilium/envoy/route-match.ts";
import type {
  GatewayObj,
  RouteObj,
} from "../../../../rehearsal/cilium/operator/gateway-api/gateway-types.ts";
import { gatewayModel } from "../../../../rehearsal/cilium/operator/gateway-api/ingestion.ts";
import {
  type EnvoyRouteConfiguration,
  routeConfigurations,
} from "../../../../rehearsal/cilium/operator/gateway-api/translation/route-configuration.ts";

const NS = "demo";
const gateway = (listeners: GatewayObj["spec"]["listeners"]): GatewayObj => ({
  metadata: { name: "gw", namespace: NS, uid: "u" },
  spec: { gatewayClassName: "cilium", listeners },
});
const http80 = gateway([{ name: "http", port: 80, protocol: "HTTP" }]);
const route = (name: string, spec: Omit<RouteObj["spec"], "parentRefs">): RouteObj => ({
  metadata: { name, namespace: NS },
  spec: { parentRefs: [{ name: "gw" }], ...spec },
});
const services = new Map(
  ["v1", "v2", "v3", "web"].map((name) => [`${NS}/${name}`, { ports: [{ port: 8080 }] }]),
);

function config(gw: GatewayObj, routes: RouteObj[]): EnvoyRouteConfiguration {
  const listeners = gatewayModel({ gateway: gw, httpRoutes: routes, grpcRoutes: [], services, grants: [] });
  return routeConfigurations(listeners).find(
    (c) => c.name === "listener-insecure",
  ) as EnvoyRouteConfiguration;
}

const get = (
  path: string,
  extra: { authority?: string; headers?: Record<string, string>; method?: string } = {},
) => ({
  method: extra.method ?? "GET",
  authority: extra.authority ?? "example.com",
  path,
  headers: extra.headers ?? {},
  scheme: "http" as const,
});

const clusterOf = (decision: ReturnType<typeof routeRequest>) =>
  decision.kind === "forward" ? decision.cluster : decision.kind;

describe("matching precedence", () => {
  const routes = [
    route("r", {
      rules: [
        {
          matches: [{ path: { type: "PathPrefix", value: "/" } }],
          backendRefs: [{ name: "v1", port: 8080 }],
        },
        {
          matches: [{ path: { type: "PathPrefix", value: "/v2" } }],
          backendRefs: [{ name: "v2", port: 8080 }],
        },
        {
          matches: [{ path: { type: "Exact", value: "/v2/exact" } }],
          backendRefs: [{ name: "v3", port: 8080 }],
        },
        {
          matches: [
            { path: { type: "PathPrefix", value: "/h" }, headers: [{ name: "version", value: "two" }] },
          ],
          backendRefs: [{ name: "v2", port: 8080 }],
        },
        {
          matches: [
            { path: { type: "PathPrefix", value: "/h" }, queryParams: [{ name: "animal", value: "whale" }] },
          ],
          backendRefs: [{ name: "v3", port: 8080 }],
        },
        {
          matches: [{ path: { type: "PathPrefix", value: "/m" }, method: "POST" }],
          backendRefs: [{ name: "v3", port: 8080 }],
        },
      ],
    }),
  ];
  const rc = config(http80, routes);

  it("prefers the exact path, then the longest prefix, segment-wise", () => {
    expect(clusterOf(routeRequest(rc, get("/v2/exact")))).toBe(`${NS}:v3:8080`);
    expect(clusterOf(routeRequest(rc, get("/v2/other")))).toBe(`${NS}:v2:8080`);
    expect(clusterOf(routeRequest(rc, get("/v2")))).toBe(`${NS}:v2:8080`);
    // PathPrefix matches whole segments: /v2x is not under /v2.
    expect(clusterOf(routeRequest(rc, get("/v2x")))).toBe(`${NS}:v1:8080`);
  });

  it("honours header, query and method matches", () => {
    expect(clusterOf(routeRequest(rc, get("/h", { headers: { version: "two" } })))).toBe(`${NS}:v2:8080`);
    expect(clusterOf(routeRequest(rc, get("/h?animal=whale")))).toBe(`${NS}:v3:8080`);
    expect(clusterOf(routeRequest(rc, get("/h")))).toBe(`${NS}:v1:8080`);
    expect(clusterOf(routeRequest(rc, get("/m", { method: "POST" })))).toBe(`${NS}:v3:8080`);
    expect(clusterOf(routeRequest(rc, get("/m")))).toBe(`${NS}:v1:8080`);
  });

  it("ignores the header match under the header fault", () => {
    expect(clusterOf(routeRequest(rc, get("/h"), Math.random, { ignoreHeaderMatches: true }))).toBe(
      `${NS}:v2:8080`,
    );
  });
});

describe("hostnames", () => {
  const routes = [
    route("exact", {
      hostnames: ["foo.example.com"],
      rules: [{ backendRefs: [{ name: "v1", port: 8080 }] }],
    }),
    route("wild", { hostnames: ["*.example.com"], rules: [{ backendRefs: [{ name: "v2", port: 8080 }] }] }),
  ];
  const rc = config(http80, routes);

  it("routes by Host with or without a port, exact before wildcard, one label for a wildcard, else 404", () => {
    expect(clusterOf(routeRequest(rc, get("/", { authority: "foo.example.com" })))).toBe(`${NS}:v1:8080`);
    expect(clusterOf(routeRequest(rc, get("/", { authority: "foo.example.com:8080" })))).toBe(
      `${NS}:v1:8080`,
    );
    expect(clusterOf(routeRequest(rc, get("/", { authority: "bar.example.com" })))).toBe(`${NS}:v2:8080`);
    expect(routeRequest(rc, get("/", { authority: "a.b.example.com" })).kind).toBe("not-found");
    expect(routeRequest(rc, get("/", { authority: "example.org" })).kind).toBe("not-found");
  });

  it("picks virtual hosts as Envoy does", () => {
    expect(selectVirtualHost(rc, "FOO.example.com")?.name).toBe("foo.example.com");
  });
});

describe("actions", () => {
  it("splits by weight", () => {
    const rc = config(http80, [
      route("w", {
        rules: [
          {
            backendRefs: [
              { name: "v1", port: 8080, weight: 50 },
              { name: "v2", port: 8080, weight: 50 },
            ],
          },
        ],
      }),
    ]);
    expect(clusterOf(routeRequest(rc, get("/"), () => 0.49))).toBe(`${NS}:v1:8080`);
    expect(clusterOf(routeRequest(rc, get("/"), () => 0.5))).toBe(`${NS}:v2:8080`);
    expect(clusterOf(routeRequest(rc, get("/"), () => 0.55, { skewWeights: true }))).toBe(`${NS}:v1:8080`);
  });

  it("answers 500 for a rule whose backends do not exist, 404 when nothing matches", () => {
    const rc = config(http80, [
      route("bad", {
        rules: [
          {
            matches: [{ path: { type: "PathPrefix", value: "/bad" } }],
            backendRefs: [{ name: "missing", port: 8080 }],
          },
        ],
      }),
      route("ok", {
        rules: [
          { matches: [{ path: { type: "Exact", value: "/ok" } }], backendRefs: [{ name: "v1", port: 8080 }] },
        ],
      }),
    ]);
    expect(routeRequest(rc, get("/bad/x"))).toEqual({ kind: "direct", status: 500, body: "" });
    expect(routeRequest(rc, get("/nothing")).kind).toBe("not-found");
  });

  it("redirects and rewrites", () => {
    const rc = config(http80, [
      route("redirect", {
        rules: [
          {
            matches: [{ path: { type: "PathPrefix", value: "/old" } }],
            filters: [{ type: "RequestRedirect", requestRedirect: { scheme: "https", statusCode: 302 } }],
          },
          {
            matches: [{ path: { type: "PathPrefix", value: "/prefix" } }],
            filters: [
              {
                type: "URLRewrite",
                urlRewrite: {
                  hostname: "rewritten.example",
                  path: { type: "ReplacePrefixMatch", replacePrefixMatch: "/new" },
                },
              },
            ],
            backendRefs: [{ name: "v1", port: 8080 }],
          },
          {
            matches: [{ path: { type: "PathPrefix", value: "/hdr" } }],
            filters: [
              {
                type: "RequestHeaderModifier",
                requestHeaderModifier: {
                  set: [{ name: "x-set", value: "1" }],
                  add: [{ name: "x-add", value: "2" }],
                  remove: ["x-gone"],
                },
              },
            ],
            backendRefs: [{ name: "v1", port: 8080 }],
          },
        ],
      }),
    ]);
    expect(routeRequest(rc, get("/old/page?q=1"))).toMatchObject({
      kind: "redirect",
      status: 302,
      location: "https://example.com/old/page?q=1",
    });
    expect(routeRequest(rc, get("/prefix/one"))).toMatchObject({
      kind: "forward",
      path: "/new/one",
      authority: "rewritten.example",
    });
    expect(routeRequest(rc, get("/hdr"))).toMatchObject({
      kind: "forward",
      requestHeaders: {
        add: [
          { name: "x-add", value: "2", append: true },
          { name: "x-set", value: "1", append: false },
        ],
        remove: ["x-gone"],
      },
    });
  });
});
