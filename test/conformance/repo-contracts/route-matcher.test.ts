import { describe, expect, it } from "vitest";
import { readHttpRoute } from "../../../src/conformance/repo-contracts/http-route-rules.ts";
import type { AttachedRoute } from "../../../src/conformance/repo-contracts/route-attachment.ts";
import {
  type HttpRequestSpec,
  pathMatches,
  resolveRequest,
  virtualHostFor,
} from "../../../src/conformance/repo-contracts/route-matcher.ts";
import { parseManifests } from "../../../src/repo/yaml-documents.ts";

function route(name: string, spec: string, namespace = "apps"): AttachedRoute {
  const [manifest] = parseManifests(
    `apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\nspec:\n${spec}`,
    `apps/${name}.yaml`,
  );
  const model = readHttpRoute(manifest!);
  return { route: model, hostnames: model.hostnames };
}

function request(path: string, extra: Partial<HttpRequestSpec> = {}): HttpRequestSpec {
  return { host: "app.home.arpa", path, method: "GET", headers: {}, query: {}, ...extra };
}

function winner(routes: AttachedRoute[], req: HttpRequestSpec): string {
  const resolution = resolveRequest(routes, req);
  return resolution.kind === "none" ? "404" : `${resolution.route.name}#${resolution.rule.index}`;
}

const backend = (name: string) => `      backendRefs:\n        - name: ${name}\n          port: 80\n`;

describe("pathMatches (Envoy path_separated_prefix, exact, RE2 full match)", () => {
  const match = (type: string, value: string) =>
    route(
      "r",
      `  rules:\n    - matches:\n        - path:\n            type: ${type}\n            value: ${JSON.stringify(value)}\n${backend("b")}`,
    ).route.rules[0]!.matches[0]!;

  it("matches a prefix by whole path elements, ignoring a trailing slash", () => {
    const prefix = match("PathPrefix", "/api/");
    expect(["/api", "/api/", "/api/v1"].map((p) => pathMatches(prefix, p))).toEqual([true, true, true]);
    expect(pathMatches(prefix, "/apis")).toBe(false);
    expect(pathMatches(match("PathPrefix", "/"), "/anything")).toBe(true);
  });

  it("matches Exact literally and RegularExpression in full", () => {
    expect(pathMatches(match("Exact", "/health"), "/health")).toBe(true);
    expect(pathMatches(match("Exact", "/health"), "/health/")).toBe(false);
    const regex = match("RegularExpression", "/v[0-9]+/items");
    expect(pathMatches(regex, "/v2/items")).toBe(true);
    expect(pathMatches(regex, "/v2/items/x")).toBe(false);
  });
});

describe("resolveRequest (Cilium's SortableRoute order within the virtual host)", () => {
  const hosts = "  hostnames: [app.home.arpa]\n";

  it("prefers Exact over any prefix, then the longest prefix, across routes", () => {
    const routes = [
      route(
        "catch-all",
        `${hosts}  rules:\n    - matches:\n        - path: { type: PathPrefix, value: / }\n${backend("a")}`,
      ),
      route(
        "api",
        `${hosts}  rules:\n    - matches:\n        - path: { type: PathPrefix, value: /api }\n${backend("b")}`,
      ),
      route(
        "api-v1",
        `${hosts}  rules:\n    - matches:\n        - path: { type: PathPrefix, value: /api/v1 }\n${backend("c")}`,
      ),
      route(
        "exact",
        `${hosts}  rules:\n    - matches:\n        - path: { type: Exact, value: /api }\n${backend("d")}`,
      ),
    ];
    expect(winner(routes, request("/api"))).toBe("exact#0");
    expect(winner(routes, request("/api/v1/x"))).toBe("api-v1#0");
    expect(winner(routes, request("/api/v2"))).toBe("api#0");
    expect(winner(routes, request("/other"))).toBe("catch-all#0");
  });

  it("at equal paths prefers a method match, then more headers, then more query params", () => {
    const routes = [
      route(
        "r",
        `${hosts}  rules:\n` +
          `    - matches:\n        - path: { type: PathPrefix, value: /x }\n${backend("plain")}` +
          `    - matches:\n        - path: { type: PathPrefix, value: /x }\n          queryParams: [{ name: q, value: "1" }]\n${backend("query")}` +
          `    - matches:\n        - path: { type: PathPrefix, value: /x }\n          headers: [{ name: X-Env, value: canary }]\n${backend("header")}` +
          `    - matches:\n        - path: { type: PathPrefix, value: /x }\n          method: POST\n${backend("method")}`,
      ),
    ];
    const all = { headers: { "x-env": "canary" }, query: { q: "1" } };
    expect(winner(routes, request("/x", { ...all, method: "POST" }))).toBe("r#3");
    expect(winner(routes, request("/x", all))).toBe("r#2");
    expect(winner(routes, request("/x", { query: { q: "1" } }))).toBe("r#1");
    expect(winner(routes, request("/x", { headers: { "X-Env": "prod" } }))).toBe("r#0");
  });

  it("keeps list order within a route and reports a tie between two routes", () => {
    const rules = `    - matches:\n        - path: { type: PathPrefix, value: /same }\n`;
    const one = route("one", `${hosts}  rules:\n${rules}${backend("a")}${rules}${backend("b")}`);
    const two = route("two", `${hosts}  rules:\n${rules}${backend("c")}`);
    const resolution = resolveRequest([two, one], request("/same"));
    expect(resolution.kind === "rule" && `${resolution.route.name}#${resolution.rule.index}`).toBe("one#0");
    expect(resolution.kind === "rule" && resolution.tiedWith?.route.name).toBe("two");
  });

  it("uses only the most specific virtual host: an exact hostname's miss is a 404, not a wildcard fallback", () => {
    const exact = route(
      "exact",
      `  hostnames: [app.home.arpa]\n  rules:\n    - matches:\n        - path: { type: PathPrefix, value: /only }\n${backend("a")}`,
    );
    const wildcard = route(
      "wild",
      `  hostnames: ["*.home.arpa"]\n  rules:\n    - matches:\n        - path: { type: PathPrefix, value: / }\n${backend("b")}`,
    );
    expect(virtualHostFor([exact, wildcard], "APP.home.arpa:80")).toBe("app.home.arpa");
    expect(winner([exact, wildcard], request("/elsewhere"))).toBe("404");
    expect(winner([exact, wildcard], request("/only"))).toBe("exact#0");
    expect(winner([exact, wildcard], request("/", { host: "other.home.arpa" }))).toBe("wild#0");
    expect(winner([exact, wildcard], request("/", { host: "home.arpa" }))).toBe("404");
  });
});
