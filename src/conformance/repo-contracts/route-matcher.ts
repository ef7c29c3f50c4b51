// Which rule of which HTTPRoute a request reaches through Cilium's Envoy, following Cilium's own
// translation (cilium/cilium operator/pkg/model/translation/envoy_route_configuration.go and
// envoy_virtual_host.go):
// - one virtual host per hostname; a route without hostnames sits under its listener's hostname,
//   or `*`. Envoy picks the most specific virtual host for the Host header (exact, then the longest
//   `*.` suffix, then `*`) and only that host's routes compete — a less specific hostname's route
//   is never a fallback. The Gateway API spec words hostname precedence as an ordering
//   (apis/v1/httproute_types.go, HTTPRouteSpec.Hostnames); where the two readings could differ,
//   the derivation does not assert (request-derivation.ts).
// - within a virtual host, routes are sorted stably (SortableRoute.Less): the longest Exact path,
//   then the longest RegularExpression, then the longest prefix (a trailing `/` trimmed), then a
//   method match, then more header matches, then more query matches. Ties keep the input order:
//   the routes' order (the spec: oldest first, then namespace/name), then rule order, then match order.
// - PathPrefix matches whole path elements (Envoy path_separated_prefix; "/" matches everything);
//   Exact and RegularExpression (RE2, full match) apply to the path without its query; header names
//   are case-insensitive, values case-sensitive.

import { RE2JS } from "re2js";
import type { HttpRouteModel, RouteMatch, RouteRule, ValueMatch } from "./http-route-rules.ts";
import type { AttachedRoute } from "./route-attachment.ts";

export interface HttpRequestSpec {
  host: string;
  /** Path only, without the query. */
  path: string;
  method: string;
  headers: Readonly<Record<string, string>>;
  query: Readonly<Record<string, string>>;
}

export interface MatchedRule {
  route: HttpRouteModel;
  rule: RouteRule;
  match: RouteMatch;
}

export type Resolution =
  | (MatchedRule & {
      kind: "rule";
      virtualHost: string;
      /** Another route's match that ranks equal: which one wins depends on the routes' age. */
      tiedWith: MatchedRule | undefined;
    })
  | { kind: "none"; virtualHost: string | undefined };

const regexCache = new Map<string, RE2JS | null>();

function compiled(pattern: string): RE2JS | null {
  let regex = regexCache.get(pattern);
  if (regex === undefined) {
    try {
      regex = RE2JS.compile(pattern);
    } catch {
      regex = null;
    }
    regexCache.set(pattern, regex);
  }
  return regex;
}

export function fullMatch(pattern: string, text: string): boolean {
  return compiled(pattern)?.matches(text) ?? false;
}

function hostOf(host: string): string {
  return host.toLowerCase().replace(/:\d+$/, "");
}

/** Whether a hostname (exact, `*.` wildcard or `*`) takes this host. */
export function domainMatches(domain: string, host: string): boolean {
  if (domain === "*") return true;
  if (domain.startsWith("*.")) {
    const suffix = domain.slice(1).toLowerCase();
    return host.endsWith(suffix) && host.length > suffix.length;
  }
  return domain.toLowerCase() === host;
}

/** Envoy's domain precedence: exact, then longer wildcard suffixes, then `*`. */
function domainRank(domain: string): number {
  if (domain === "*") return 0;
  if (domain.startsWith("*.")) return domain.length;
  return 1_000_000 + domain.length;
}

export function virtualHostFor(routes: readonly AttachedRoute[], rawHost: string): string | undefined {
  const host = hostOf(rawHost);
  let best: string | undefined;
  for (const attached of routes) {
    for (const domain of attached.hostnames.length > 0 ? attached.hostnames : ["*"]) {
      if (!domainMatches(domain, host)) continue;
      if (best === undefined || domainRank(domain) > domainRank(best)) best = domain;
    }
  }
  return best;
}

function servesDomain(attached: AttachedRoute, domain: string): boolean {
  return attached.hostnames.length === 0 ? domain === "*" : attached.hostnames.includes(domain);
}

function trimmedPrefix(value: string): string {
  return value === "/" ? "/" : value.replace(/\/+$/, "");
}

export function pathMatches(match: RouteMatch, path: string): boolean {
  const { type, value } = match.path;
  if (type === "Exact") return path === value;
  if (type === "RegularExpression") return fullMatch(value, path);
  const prefix = trimmedPrefix(value);
  if (prefix === "/") return path.startsWith("/");
  return path === prefix || path.startsWith(`${prefix}/`);
}

function valueMatches(matcher: ValueMatch, actual: string | undefined): boolean {
  if (actual === undefined) return false;
  return matcher.type === "Exact" ? actual === matcher.value : fullMatch(matcher.value, actual);
}

function headerValue(headers: Readonly<Record<string, string>>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

export function requestMatches(match: RouteMatch, request: HttpRequestSpec): boolean {
  if (!pathMatches(match, request.path)) return false;
  if (match.method !== undefined && match.method !== request.method) return false;
  if (!match.headers.every((header) => valueMatches(header, headerValue(request.headers, header.name))))
    return false;
  return match.queryParams.every((param) => valueMatches(param, request.query[param.name]));
}

/** Cilium's SortableRoute key, compared element by element, larger first. */
function sortKey(match: RouteMatch): number[] {
  const { type, value } = match.path;
  return [
    type === "Exact" ? value.length : 0,
    type === "RegularExpression" ? value.length : 0,
    type === "PathPrefix" ? trimmedPrefix(value).length : 0,
    match.method === undefined ? 0 : 1,
    match.headers.length + (match.method === undefined ? 0 : 1),
    match.queryParams.length,
  ];
}

function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i += 1) {
    const difference = (b[i] ?? 0) - (a[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

function routeOrder(a: AttachedRoute, b: AttachedRoute): number {
  const left = `${a.route.namespace}/${a.route.name}`;
  const right = `${b.route.namespace}/${b.route.name}`;
  return left < right ? -1 : left > right ? 1 : 0;
}

/** The rule a request reaches on one Gateway port (all its HTTP listeners' routes), or none (404). */
export function resolveRequest(routes: readonly AttachedRoute[], request: HttpRequestSpec): Resolution {
  const virtualHost = virtualHostFor(routes, request.host);
  if (virtualHost === undefined) return { kind: "none", virtualHost };
  const competing = routes.filter((attached) => servesDomain(attached, virtualHost)).sort(routeOrder);
  const candidates: (MatchedRule & { key: number[] })[] = [];
  for (const { route } of competing) {
    for (const rule of route.rules) {
      for (const match of rule.matches) {
        if (requestMatches(match, request)) candidates.push({ route, rule, match, key: sortKey(match) });
      }
    }
  }
  // Array.prototype.sort is stable, as Go's sort.Stable is.
  candidates.sort((a, b) => compareKeys(a.key, b.key));
  const [winner, ...rest] = candidates;
  if (!winner) return { kind: "none", virtualHost };
  const tie = rest.find((other) => other.route !== winner.route && compareKeys(other.key, winner.key) === 0);
  return {
    kind: "rule",
    route: winner.route,
    rule: winner.rule,
    match: winner.match,
    virtualHost,
    tiedWith: tie ? { route: tie.route, rule: tie.rule, match: tie.match } : undefined,
  };
}
