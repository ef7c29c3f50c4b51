import { describe, expect, it } from "vitest";
import { replacePrefix } from "../../../src/conformance/repo-contracts/expected-response.ts";
import { sampleMatching } from "../../../src/conformance/repo-contracts/regex-sample.ts";
import { deriveRouteContracts } from "../../../src/conformance/repo-contracts/request-derivation.ts";
import { fullMatch } from "../../../src/conformance/repo-contracts/route-matcher.ts";
import type { Manifest } from "../../../src/repo/infra-model.ts";
import { loadInfraRepo } from "../../../src/repo/load-infra-repo.ts";
import { parseManifests } from "../../../src/repo/yaml-documents.ts";

const GATEWAY = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: home, namespace: gateway }
spec:
  gatewayClassName: cilium
  listeners:
    - { name: http, protocol: HTTP, port: 80, hostname: "*.home.arpa", allowedRoutes: { namespaces: { from: All } } }
`;

function manifests(text: string, file = "apps/routes.yaml"): Manifest[] {
  return parseManifests(text, file);
}

function routeYaml(name: string, body: string, namespace = "apps"): string {
  return `---\napiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: { name: ${name}, namespace: ${namespace} }\nspec:\n  parentRefs: [{ name: home, namespace: gateway }]\n${body}`;
}

describe("replacePrefix (the spec's ReplacePrefixMatch table)", () => {
  it.each([
    ["/foo/bar", "/foo", "/xyz", "/xyz/bar"],
    ["/foo/bar", "/foo", "/xyz/", "/xyz/bar"],
    ["/foo/bar", "/foo/", "/xyz", "/xyz/bar"],
    ["/foo/bar", "/foo/", "/xyz/", "/xyz/bar"],
    ["/foo", "/foo", "/xyz", "/xyz"],
    ["/foo/", "/foo", "/xyz", "/xyz/"],
    ["/foo/bar", "/foo", "", "/bar"],
    ["/foo/", "/foo", "", "/"],
    ["/foo", "/foo", "", "/"],
    ["/foo/", "/foo", "/", "/"],
    ["/foo", "/foo", "/", "/"],
  ])("%s with prefix %s replaced by %j gives %s", (path, prefix, replacement, expected) => {
    expect(replacePrefix(path, prefix, replacement)).toBe(expected);
  });
});

describe("sampleMatching", () => {
  it.each(["/api/v[0-9]+/.*", "^/(users|groups)/\\d{3}$", "[^/]+\\.json", "(?:a|b)c?d*"])(
    "builds a string %s matches in full",
    (pattern) => {
      const sample = sampleMatching(pattern);
      expect(sample).toBeDefined();
      expect(fullMatch(pattern, sample!)).toBe(true);
    },
  );

  it("gives up on syntax it does not cover instead of guessing", () => {
    expect(sampleMatching("\\p{Greek}+")).toBeUndefined();
  });
});

describe("deriveRouteContracts", () => {
  it("derives one request per rule that only that rule takes, and a 404 per hostname", () => {
    const routes = manifests(
      routeYaml(
        "shop",
        `  hostnames: [shop.home.arpa]\n  rules:\n` +
          `    - matches: [{ path: { type: PathPrefix, value: /api } }]\n      backendRefs: [{ name: api, port: 8080 }]\n` +
          `    - matches: [{ path: { type: PathPrefix, value: / }, headers: [{ name: x-canary, value: "yes" }] }]\n      backendRefs: [{ name: canary, port: 80 }]\n` +
          `    - backendRefs: [{ name: web, port: 80 }]\n`,
      ),
    );
    const [scope] = deriveRouteContracts(manifests(GATEWAY, "gw.yaml"), routes);
    expect(scope?.rules.map((rule) => rule.notDerived)).toEqual([[], [], []]);
    const [api, canary, web] = scope!.rules;
    expect(api!.probes[0]!.request).toMatchObject({ host: "shop.home.arpa", path: "/api/cc-contracts" });
    expect(api!.probes[0]!.expect).toMatchObject({
      kind: "backend",
      backends: [{ service: "api", port: 8080 }],
    });
    // Outside /api the request falls to the catch-all rule, which must answer instead.
    expect(api!.probes[1]).toMatchObject({
      request: { path: "/cc-contracts-outside" },
      expect: { kind: "backend", backends: [{ service: "web" }] },
    });
    expect(canary!.probes[0]!.request.headers).toEqual({ "x-canary": "yes" });
    expect(canary!.probes[1]!.purpose).toContain("without header x-canary");
    expect(web!.probes).toHaveLength(1);
    // The catch-all takes every path of shop.home.arpa: no 404 is promised there, only under the
    // listener's wildcard where no route serves.
    expect(scope!.unmatched.map((probe) => probe.request.host)).toEqual(["cc-contracts.home.arpa"]);
    expect(scope!.notes[0]).toContain("shop.home.arpa");
  });

  it("names a rule another rule shadows instead of asserting something it cannot reach", () => {
    const routes = manifests(
      routeYaml(
        "dup",
        `  hostnames: [dup.home.arpa]\n  rules:\n` +
          `    - matches: [{ path: { type: Exact, value: /x } }]\n      backendRefs: [{ name: first, port: 80 }]\n` +
          `    - matches: [{ path: { type: Exact, value: /x } }]\n      backendRefs: [{ name: second, port: 80 }]\n`,
      ),
    );
    const [scope] = deriveRouteContracts(manifests(GATEWAY, "gw.yaml"), routes);
    expect(scope!.rules[1]!.probes).toEqual([]);
    expect(scope!.rules[1]!.notDerived[0]).toMatch(
      /every request it matches goes to HTTPRoute apps\/dup rule 0/,
    );
    expect(scope!.unmatched.map((probe) => probe.request.host)).toEqual([
      "cc-contracts.home.arpa",
      "dup.home.arpa",
    ]);
  });

  it("turns a wildcard hostname into a concrete host that no exact hostname claims", () => {
    const routes = manifests(
      routeYaml(
        "wild",
        `  hostnames: ["*.home.arpa"]\n  rules:\n    - backendRefs: [{ name: any, port: 80 }]\n`,
      ) +
        routeYaml(
          "taken",
          `  hostnames: [cc-contracts.home.arpa]\n  rules:\n    - backendRefs: [{ name: taken, port: 80 }]\n`,
        ),
    );
    const [scope] = deriveRouteContracts(manifests(GATEWAY, "gw.yaml"), routes);
    const wild = scope!.rules.find((rule) => rule.id === "apps/wild#0");
    expect(wild!.probes[0]!.request.host).toBe("cc-contracts-1.home.arpa");
  });

  it("expects a redirect's status and Location, and a rewrite as the backend sees it", () => {
    const routes = manifests(
      routeYaml(
        "moves",
        `  hostnames: [old.home.arpa]\n  rules:\n` +
          `    - matches: [{ path: { type: PathPrefix, value: /legacy } }]\n      filters: [{ type: RequestRedirect, requestRedirect: { scheme: https, hostname: new.home.arpa, path: { type: ReplacePrefixMatch, replacePrefixMatch: /v2 }, statusCode: 301 } }]\n` +
          `    - matches: [{ path: { type: PathPrefix, value: /app } }]\n      filters: [{ type: URLRewrite, urlRewrite: { path: { type: ReplacePrefixMatch, replacePrefixMatch: / } } }]\n      backendRefs: [{ name: app, port: 80 }]\n`,
      ),
    );
    const [scope] = deriveRouteContracts(manifests(GATEWAY, "gw.yaml"), routes);
    expect(scope!.rules[0]!.probes[0]!.expect).toEqual({
      kind: "redirect",
      status: 301,
      location: "https://new.home.arpa/v2/cc-contracts",
    });
    const rewrite = scope!.rules[1]!.probes.find((probe) => probe.request.path === "/app/cc-contracts");
    expect(rewrite?.expect).toMatchObject({
      kind: "backend",
      seen: { path: "/cc-contracts", host: "old.home.arpa" },
    });
  });

  it("covers the seed repo's routes: each rule reachable on its own hostname, 404 elsewhere on none", () => {
    const model = loadInfraRepo(new URL("../../../fixtures/homelab", import.meta.url).pathname);
    const scopes = deriveRouteContracts(model.gateways, model.httpRoutes);
    expect(scopes).toHaveLength(1);
    const hosts = scopes[0]!.rules.map((rule) => `${rule.id} ${rule.probes[0]?.request.host}`);
    expect(hosts.sort()).toEqual([
      "homepage/homepage#0 home.home.arpa",
      "monitoring/grafana#0 grafana.home.arpa",
      "whoami/whoami#0 whoami.home.arpa",
    ]);
    // Only the listener's own wildcard has no route of its own: a host under it gets 404.
    expect(scopes[0]!.unmatched.map((probe) => probe.request.host)).toEqual(["cc-contracts.home.arpa"]);
  });
});
