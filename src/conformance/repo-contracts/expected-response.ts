// What a request that reached a rule must get back, from the rule's filters and backends as the
// Gateway API defines them (kubernetes-sigs/gateway-api apis/v1/httproute_types.go at v1.2.0:
// HTTPRequestRedirectFilter, HTTPURLRewriteFilter, HTTPPathModifier's ReplacePrefixMatch table,
// HTTPHeaderFilter). Each expectation is observable from outside: a redirect's status and
// Location, or the echo backend's JSON (which Service's pod answered, and the host, path and
// headers it saw), and the response headers.

import type { BackendRef, HeaderChanges, PathModifier, RouteFilter, RouteRule } from "./http-route-rules.ts";
import type { HttpRequestSpec, MatchedRule } from "./route-matcher.ts";

export interface ExpectedBackend {
  namespace: string;
  service: string;
  port: number | undefined;
  weight: number;
}

export type ExpectedResponse =
  | { kind: "redirect"; status: number; location: string }
  | {
      kind: "backend";
      backends: readonly ExpectedBackend[];
      /** What the backend must see. */
      seen: { host: string; path: string; headers: HeaderChanges | undefined };
      responseHeaders: HeaderChanges | undefined;
    }
  | { kind: "status"; status: number }
  | { kind: "not-asserted"; reason: string };

export interface ListenerFacts {
  protocol: string;
  port: number;
}

function withoutTrailingSlash(value: string): string {
  return value.length > 1 ? value.replace(/\/+$/, "") : value;
}

/** The spec's ReplacePrefixMatch table: whole path elements, trailing slashes ignored. */
export function replacePrefix(path: string, prefix: string, replacement: string): string {
  const matched = withoutTrailingSlash(prefix);
  const rest = matched === "/" ? path : path.slice(matched.length);
  const base = replacement === "" || replacement === "/" ? "" : withoutTrailingSlash(replacement);
  const joined = rest.startsWith("/") || rest === "" ? `${base}${rest}` : `${base}/${rest}`;
  return joined === "" ? "/" : joined;
}

function modifiedPath(path: string, modifier: PathModifier | undefined, matched: MatchedRule): string {
  if (!modifier) return path;
  if (modifier.type === "ReplaceFullPath") return modifier.value;
  return replacePrefix(path, matched.match.path.value, modifier.value);
}

export function withQuery(path: string, query: Readonly<Record<string, string>>): string {
  const entries = Object.entries(query);
  if (entries.length === 0) return path;
  return `${path}?${new URLSearchParams(entries).toString()}`;
}

const WELL_KNOWN_PORTS: Record<string, number> = { http: 80, https: 443 };

function redirectLocation(
  filter: Extract<RouteFilter, { type: "RequestRedirect" }>,
  request: HttpRequestSpec,
  listener: ListenerFacts,
  matched: MatchedRule,
): string {
  const requestScheme = listener.protocol === "HTTPS" ? "https" : "http";
  const scheme = filter.scheme ?? requestScheme;
  const port =
    filter.port ?? (filter.scheme ? (WELL_KNOWN_PORTS[filter.scheme] ?? listener.port) : listener.port);
  const host = filter.hostname ?? request.host.replace(/:\d+$/, "");
  const showPort = WELL_KNOWN_PORTS[scheme] !== port;
  const path = modifiedPath(request.path, filter.path, matched);
  return `${scheme}://${host}${showPort ? `:${port}` : ""}${withQuery(path, request.query)}`;
}

function unsupportedFilter(filters: readonly RouteFilter[]): string | undefined {
  const other = filters.find(
    (filter) =>
      filter.type !== "RequestRedirect" &&
      filter.type !== "URLRewrite" &&
      filter.type !== "RequestHeaderModifier" &&
      filter.type !== "ResponseHeaderModifier",
  );
  return other && "declared" in other ? other.declared : undefined;
}

function serviceBackends(backends: readonly BackendRef[]): ExpectedBackend[] | string {
  const weighted = backends.filter((backend) => backend.weight > 0);
  const foreign = weighted.find((backend) => backend.group !== "" || backend.kind !== "Service");
  if (foreign)
    return `backend ${foreign.kind} ${foreign.name} is not a Service: no stand-in can answer for it`;
  if (weighted.some((backend) => backend.filters.length > 0))
    return "a backendRef carries its own filters: which request a backend sees depends on the weighted pick";
  return weighted.map((backend) => ({
    namespace: backend.namespace,
    service: backend.name,
    port: backend.port,
    weight: backend.weight,
  }));
}

export function expectedResponse(
  matched: MatchedRule,
  request: HttpRequestSpec,
  listener: ListenerFacts,
): ExpectedResponse {
  const rule: RouteRule = matched.rule;
  const unsupported = unsupportedFilter(rule.filters);
  if (unsupported) return { kind: "not-asserted", reason: `the rule uses the ${unsupported} filter` };
  const redirect = rule.filters.find((filter) => filter.type === "RequestRedirect");
  if (redirect?.type === "RequestRedirect") {
    return {
      kind: "redirect",
      status: redirect.statusCode,
      location: redirectLocation(redirect, request, listener, matched),
    };
  }
  if (rule.backendRefs.length === 0) {
    return {
      kind: "not-asserted",
      reason: "the rule has no backendRefs (the status it gets is implementation-specific)",
    };
  }
  const backends = serviceBackends(rule.backendRefs);
  if (typeof backends === "string") return { kind: "not-asserted", reason: backends };
  if (backends.length === 0) return { kind: "status", status: 500 };
  const rewrite = rule.filters.find((filter) => filter.type === "URLRewrite");
  const requestHeaders = rule.filters.find((filter) => filter.type === "RequestHeaderModifier");
  const responseHeaders = rule.filters.find((filter) => filter.type === "ResponseHeaderModifier");
  const host = request.host.replace(/:\d+$/, "");
  return {
    kind: "backend",
    backends,
    seen: {
      host: rewrite?.type === "URLRewrite" && rewrite.hostname ? rewrite.hostname : host,
      path: withQuery(
        rewrite?.type === "URLRewrite" ? modifiedPath(request.path, rewrite.path, matched) : request.path,
        request.query,
      ),
      headers: requestHeaders?.type === "RequestHeaderModifier" ? requestHeaders.changes : undefined,
    },
    responseHeaders: responseHeaders?.type === "ResponseHeaderModifier" ? responseHeaders.changes : undefined,
  };
}
