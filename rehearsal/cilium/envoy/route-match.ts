// Envoy's HTTP routing over the RouteConfiguration Cilium writes into a CiliumEnvoyConfig, as pure
// decisions (envoyproxy/envoy source/common/router/config_impl.cc):
// - virtual host: the request's :authority, lower-cased, matched against the domains — exact, then
//   suffix wildcards ("*.example.com", longest suffix first, at least one character before it),
//   then prefix wildcards ("example.com:*", longest first), then "*"; none → 404;
// - the first route whose match holds, in order: path (exact, prefix, path_separated_prefix, or a
//   safe_regex matching the whole path), every header matcher (a missing header never matches;
//   :authority and :method are pseudo-headers), every query parameter; none → 404 (Envoy's "NR");
// - the action: a (weighted) cluster with prefix/regex path rewrite, host rewrite and header
//   operations; a redirect (Location built from the request and the redirect's parts); or a
//   direct response.
// RE2 is approximated by JavaScript regular expressions anchored at both ends.

import type {
  EnvoyHeaderValueOption,
  EnvoyRoute,
  EnvoyRouteConfiguration,
  EnvoyStringMatcher,
  EnvoyVirtualHost,
} from "../operator/gateway-api/translation/route-configuration.ts";

export interface RouterRequest {
  method: string;
  /** The Host / :authority header as sent. */
  authority: string;
  /** Path with query string, as in the request line. */
  path: string;
  /** Lower-case names; repeated headers joined with ",". */
  headers: Record<string, string>;
  scheme: "http" | "https";
}

export interface HeaderOps {
  add: { name: string; value: string; append: boolean }[];
  remove: string[];
}

export type RouteDecision =
  | {
      kind: "forward";
      cluster: string;
      /** The path to send upstream (rewritten or not). */
      path: string;
      /** The Host to send upstream. */
      authority: string;
      requestHeaders: HeaderOps;
      responseHeaders: HeaderOps;
      timeoutMs?: number;
      mirrors: { cluster: string; percent: number }[];
    }
  | { kind: "redirect"; status: number; location: string; responseHeaders: HeaderOps }
  | { kind: "direct"; status: number; body: string }
  | { kind: "not-found" };

export interface RouterFaults {
  /** Header matchers other than :authority/:method always hold. */
  ignoreHeaderMatches?: boolean;
  /** Path matchers always hold. */
  ignorePathMatches?: boolean;
  /** Exact path matchers never hold (the route falls through to the next one, or 404). */
  exactPathsNeverMatch?: boolean;
  /** Virtual-host domains and :authority matchers are ignored (the first virtual host serves everything). */
  ignoreHostnames?: boolean;
  /** Weights are bent: the first of two equal clusters gets 60 %. */
  skewWeights?: boolean;
  /** A request no route matches goes to the last route's action instead of a 404. */
  noNotFound?: boolean;
}

const REDIRECT_CODES: Record<string, number> = {
  MOVED_PERMANENTLY: 301,
  FOUND: 302,
  SEE_OTHER: 303,
  TEMPORARY_REDIRECT: 307,
  PERMANENT_REDIRECT: 308,
};

export function selectVirtualHost(
  config: EnvoyRouteConfiguration,
  authority: string,
): EnvoyVirtualHost | undefined {
  const hosts = config.virtualHosts ?? [];
  const host = authority.toLowerCase();
  for (const vhost of hosts)
    if (vhost.domains.some((domain) => domain.toLowerCase() === host && domain !== "*")) return vhost;
  let best: { vhost: EnvoyVirtualHost; length: number } | undefined;
  for (const vhost of hosts) {
    for (const domain of vhost.domains) {
      if (domain.length > 1 && domain.startsWith("*")) {
        const suffix = domain.slice(1).toLowerCase();
        if (host.endsWith(suffix) && host.length > suffix.length && (!best || suffix.length > best.length))
          best = { vhost, length: suffix.length };
      }
    }
  }
  if (best) return best.vhost;
  for (const vhost of hosts) {
    for (const domain of vhost.domains) {
      if (domain.length > 1 && domain.endsWith("*")) {
        const prefix = domain.slice(0, -1).toLowerCase();
        if (host.startsWith(prefix) && host.length > prefix.length && (!best || prefix.length > best.length))
          best = { vhost, length: prefix.length };
      }
    }
  }
  if (best) return best.vhost;
  return hosts.find((vhost) => vhost.domains.includes("*"));
}

function fullMatch(pattern: string, text: string): boolean {
  try {
    return new RegExp(`^(?:${pattern})$`).test(text);
  } catch {
    return false;
  }
}

function stringMatches(matcher: EnvoyStringMatcher, value: string): boolean {
  if ("exact" in matcher) return value === matcher.exact;
  if ("prefix" in matcher) return value.startsWith(matcher.prefix);
  return fullMatch(matcher.safeRegex.regex, value);
}

function splitPath(path: string): { pathOnly: string; query: string } {
  const index = path.indexOf("?");
  return index < 0
    ? { pathOnly: path, query: "" }
    : { pathOnly: path.slice(0, index), query: path.slice(index + 1) };
}

function queryParams(query: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const part of query.split("&")) {
    if (part === "") continue;
    const [name = "", value = ""] = part.split("=");
    const key = decodeURIComponent(name.replace(/\+/g, " "));
    if (!params.has(key)) params.set(key, decodeURIComponent(value.replace(/\+/g, " ")));
  }
  return params;
}

export function routeMatches(route: EnvoyRoute, request: RouterRequest, faults: RouterFaults = {}): boolean {
  const { pathOnly, query } = splitPath(request.path);
  const match = route.match;
  if (!faults.ignorePathMatches) {
    if (match.path !== undefined && (pathOnly !== match.path || faults.exactPathsNeverMatch)) return false;
    if (match.prefix !== undefined && !pathOnly.startsWith(match.prefix)) return false;
    if (match.pathSeparatedPrefix !== undefined) {
      const prefix = match.pathSeparatedPrefix;
      if (!(pathOnly === prefix || pathOnly.startsWith(`${prefix}/`))) return false;
    }
    if (match.safeRegex !== undefined && !fullMatch(match.safeRegex.regex, pathOnly)) return false;
  }
  for (const header of match.headers ?? []) {
    const name = header.name.toLowerCase();
    if (name === ":authority" && faults.ignoreHostnames) continue;
    if (!name.startsWith(":") && faults.ignoreHeaderMatches) continue;
    const value =
      name === ":authority" ? request.authority : name === ":method" ? request.method : request.headers[name];
    if (value === undefined || !stringMatches(header.stringMatch, value)) return false;
  }
  if (match.queryParameters && match.queryParameters.length > 0) {
    const params = queryParams(query);
    for (const param of match.queryParameters) {
      const value = params.get(param.name);
      if (value === undefined || !stringMatches(param.stringMatch, value)) return false;
    }
  }
  return true;
}

function ops(add: EnvoyHeaderValueOption[] | undefined, remove: string[] | undefined): HeaderOps {
  return {
    add: (add ?? []).map((option) => ({
      name: option.header.key,
      value: option.header.value,
      append: option.appendAction === "APPEND_IF_EXISTS_OR_ADD",
    })),
    remove: remove ?? [],
  };
}

function concat(a: HeaderOps, b: HeaderOps): HeaderOps {
  return { add: [...a.add, ...b.add], remove: [...a.remove, ...b.remove] };
}

function durationMs(text: string | undefined): number | undefined {
  const match = text ? /^(\d+(?:\.\d+)?)s$/.exec(text) : null;
  return match ? Number(match[1]) * 1000 : undefined;
}

/** Route one request; `random` is in [0, 1) and picks the weighted cluster. */
export function routeRequest(
  configuration: EnvoyRouteConfiguration | undefined,
  request: RouterRequest,
  random: () => number = Math.random,
  faults: RouterFaults = {},
): RouteDecision {
  if (!configuration) return { kind: "not-found" };
  let vhost = faults.ignoreHostnames
    ? configuration.virtualHosts?.[0]
    : selectVirtualHost(configuration, request.authority);
  if (!vhost && faults.noNotFound) vhost = configuration.virtualHosts?.[0];
  if (!vhost) return { kind: "not-found" };
  let route = vhost.routes.find((candidate) => routeMatches(candidate, request, faults));
  if (!route && faults.noNotFound) route = vhost.routes[vhost.routes.length - 1];
  if (!route) return { kind: "not-found" };
  const routeResponse = ops(route.responseHeadersToAdd, route.responseHeadersToRemove);
  if (route.directResponse)
    return {
      kind: "direct",
      status: route.directResponse.status,
      body: route.directResponse.body?.inlineString ?? "",
    };
  if (route.redirect)
    return { kind: "redirect", ...redirect(route, request), responseHeaders: routeResponse };
  const action = route.route;
  if (!action) return { kind: "not-found" };
  let cluster = action.cluster ?? "";
  let requestHeaders = ops(route.requestHeadersToAdd, route.requestHeadersToRemove);
  let responseHeaders = routeResponse;
  if (action.weightedClusters) {
    const clusters = action.weightedClusters.clusters.map((entry) => ({ ...entry }));
    if (faults.skewWeights && clusters.length === 2 && clusters[0]?.weight === clusters[1]?.weight) {
      const total = (clusters[0]?.weight ?? 0) * 2;
      (clusters[0] as { weight: number }).weight = total * 0.6;
      (clusters[1] as { weight: number }).weight = total * 0.4;
    }
    const total = clusters.reduce((sum, entry) => sum + entry.weight, 0);
    if (total === 0) return { kind: "direct", status: 503, body: "no healthy upstream" };
    // WeightedClusterEntry selection: the first cluster whose cumulative weight exceeds the pick.
    const pick = random() * total;
    let cumulative = 0;
    const chosen =
      clusters.find((entry) => {
        cumulative += entry.weight;
        return pick < cumulative;
      }) ?? (clusters[clusters.length - 1] as (typeof clusters)[number]);
    cluster = chosen.name;
    requestHeaders = concat(requestHeaders, ops(chosen.requestHeadersToAdd, chosen.requestHeadersToRemove));
    responseHeaders = concat(
      responseHeaders,
      ops(chosen.responseHeadersToAdd, chosen.responseHeadersToRemove),
    );
  }
  const { pathOnly, query } = splitPath(request.path);
  let path = pathOnly;
  if (action.prefixRewrite !== undefined) {
    const matched = route.match.pathSeparatedPrefix ?? route.match.prefix ?? "";
    path = action.prefixRewrite + pathOnly.slice(matched.length);
    if (path === "") path = "/";
  } else if (action.regexRewrite) {
    try {
      path = pathOnly.replace(
        new RegExp(action.regexRewrite.pattern.regex),
        action.regexRewrite.substitution.replace(/\\(\d)/g, "$$$1"),
      );
    } catch {
      // An invalid pattern leaves the path alone.
    }
  }
  const timeoutMs = durationMs(action.timeout);
  return {
    kind: "forward",
    cluster,
    path: query ? `${path}?${query}` : path,
    authority: action.hostRewriteLiteral ?? request.authority,
    requestHeaders,
    responseHeaders,
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    mirrors: (action.requestMirrorPolicies ?? []).map((mirror) => ({
      cluster: mirror.cluster,
      percent: mirror.runtimeFraction.defaultValue.numerator,
    })),
  };
}

/** RedirectAction → status and Location (config_impl.cc RouteEntryImplBase::newUri). */
function redirect(route: EnvoyRoute, request: RouterRequest): { status: number; location: string } {
  const action = route.redirect ?? {};
  const scheme = action.schemeRedirect ?? (action.httpsRedirect ? "https" : request.scheme);
  const [originalHost = "", originalPort] = splitHostPort(request.authority);
  const host = action.hostRedirect ?? originalHost;
  let port: string | undefined =
    action.portRedirect !== undefined ? String(action.portRedirect) : originalPort;
  // Default ports are left out of the Location.
  if ((scheme === "http" && port === "80") || (scheme === "https" && port === "443")) port = undefined;
  if (action.schemeRedirect !== undefined && action.portRedirect === undefined) port = undefined;
  const { pathOnly, query } = splitPath(request.path);
  let path = pathOnly;
  if (action.pathRedirect !== undefined) path = action.pathRedirect;
  else if (action.prefixRewrite !== undefined) {
    const matched = route.match.pathSeparatedPrefix ?? route.match.prefix ?? "";
    path = action.prefixRewrite + pathOnly.slice(matched.length);
    if (path === "") path = "/";
  }
  const location = `${scheme}://${host}${port ? `:${port}` : ""}${path}${query ? `?${query}` : ""}`;
  return { status: REDIRECT_CODES[action.responseCode ?? "MOVED_PERMANENTLY"] ?? 301, location };
}

function splitHostPort(authority: string): [string, string | undefined] {
  if (authority.startsWith("[")) {
    const end = authority.indexOf("]");
    const rest = authority.slice(end + 1);
    return [authority.slice(0, end + 1), rest.startsWith(":") ? rest.slice(1) : undefined];
  }
  const index = authority.lastIndexOf(":");
  return index < 0 ? [authority, undefined] : [authority.slice(0, index), authority.slice(index + 1)];
}
