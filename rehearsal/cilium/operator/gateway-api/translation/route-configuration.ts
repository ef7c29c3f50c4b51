// Model → Envoy RouteConfiguration, as Cilium's translator writes it into the CiliumEnvoyConfig
// (operator/pkg/model/translation/envoy_route_configuration.go and envoy_virtual_host.go, v1.18):
// one route configuration per transport (`listener-insecure`, `listener-secure`) shared by every
// port of the Gateway, a virtual host per hostname (domains `host` and `host:*`, or `*`), routes
// merged by match key (their backends become one weighted cluster), stably sorted by exact path
// length, regex length, prefix length, method, header count, query count; a wildcard hostname
// adds an `:authority` regex that matches exactly one label. JSON in protojson's field names.

import type { HeaderFilter, KeyValueMatch, ModelListener, ModelRoute, StringMatch } from "../ingestion.ts";

export type EnvoyStringMatcher = { exact: string } | { prefix: string } | { safeRegex: { regex: string } };

export interface EnvoyHeaderMatcher {
  name: string;
  stringMatch: EnvoyStringMatcher;
}

export interface EnvoyRouteMatch {
  path?: string;
  prefix?: string;
  pathSeparatedPrefix?: string;
  safeRegex?: { regex: string };
  headers?: EnvoyHeaderMatcher[];
  queryParameters?: { name: string; stringMatch: EnvoyStringMatcher }[];
}

export interface EnvoyHeaderValueOption {
  header: { key: string; value: string };
  appendAction: "APPEND_IF_EXISTS_OR_ADD" | "OVERWRITE_IF_EXISTS_OR_ADD";
}

export interface EnvoyRouteAction {
  cluster?: string;
  weightedClusters?: {
    clusters: {
      name: string;
      weight: number;
      requestHeadersToAdd?: EnvoyHeaderValueOption[];
      requestHeadersToRemove?: string[];
      responseHeadersToAdd?: EnvoyHeaderValueOption[];
      responseHeadersToRemove?: string[];
    }[];
  };
  hostRewriteLiteral?: string;
  prefixRewrite?: string;
  regexRewrite?: { pattern: { regex: string }; substitution: string };
  requestMirrorPolicies?: {
    cluster: string;
    runtimeFraction: { defaultValue: { numerator: number; denominator: "HUNDRED" } };
  }[];
  timeout?: string;
  maxStreamDuration?: { maxStreamDuration: string };
}

export interface EnvoyRedirectAction {
  httpsRedirect?: boolean;
  schemeRedirect?: string;
  hostRedirect?: string;
  portRedirect?: number;
  pathRedirect?: string;
  prefixRewrite?: string;
  responseCode?: "MOVED_PERMANENTLY" | "FOUND" | "SEE_OTHER" | "TEMPORARY_REDIRECT" | "PERMANENT_REDIRECT";
}

export interface EnvoyRoute {
  match: EnvoyRouteMatch;
  route?: EnvoyRouteAction;
  redirect?: EnvoyRedirectAction;
  directResponse?: { status: number; body?: { inlineString: string } };
  requestHeadersToAdd?: EnvoyHeaderValueOption[];
  requestHeadersToRemove?: string[];
  responseHeadersToAdd?: EnvoyHeaderValueOption[];
  responseHeadersToRemove?: string[];
}

export interface EnvoyVirtualHost {
  name: string;
  domains: string[];
  routes: EnvoyRoute[];
}

export interface EnvoyRouteConfiguration {
  "@type": "type.googleapis.com/envoy.config.route.v3.RouteConfiguration";
  name: string;
  virtualHosts?: EnvoyVirtualHost[];
}

/** routeConfiguration for every transport the model has listeners for. */
export function routeConfigurations(listeners: readonly ModelListener[]): EnvoyRouteConfiguration[] {
  const byPort = new Map<"insecure" | "secure", { hostname: string; routes: ModelRoute[] }[]>();
  for (const listener of listeners) {
    const port = listener.tls.length > 0 ? "secure" : "insecure";
    for (const route of listener.routes) {
      for (const hostname of route.hostnames.length === 0 ? [listener.hostname] : route.hostnames) {
        const list = byPort.get(port) ?? [];
        const entry = list.find((candidate) => candidate.hostname === hostname);
        if (entry) entry.routes.push(route);
        else list.push({ hostname, routes: [route] });
        byPort.set(port, list);
      }
    }
  }
  const configurations: EnvoyRouteConfiguration[] = [];
  const firstPort = listeners[0]?.port ?? 0;
  for (const port of ["insecure", "secure"] as const) {
    const name = `listener-${port}`;
    const hosts = byPort.get(port);
    if (!hosts) {
      const configured = listeners.some((listener) =>
        port === "secure" ? listener.tls.length > 0 : listener.tls.length === 0,
      );
      if (configured)
        configurations.push({
          "@type": "type.googleapis.com/envoy.config.route.v3.RouteConfiguration",
          name,
        });
      continue;
    }
    const virtualHosts = hosts.map(({ hostname, routes }) => virtualHost(hostname, routes, firstPort));
    virtualHosts.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    configurations.push({
      "@type": "type.googleapis.com/envoy.config.route.v3.RouteConfiguration",
      name,
      virtualHosts,
    });
  }
  return configurations;
}

function virtualHost(
  hostname: string,
  routes: readonly ModelRoute[],
  listenerPort: number,
): EnvoyVirtualHost {
  const domains = hostname === "*" ? ["*"] : [hostname, `${hostname}:*`];
  return {
    name: domains[0] as string,
    domains,
    routes: sortRoutes(envoyRoutes(routes, [hostname], listenerPort)),
  };
}

export function matchKey(route: ModelRoute): string {
  const kv = (entry: KeyValueMatch) => `kv:${entry.key}:${stringMatchKey(entry.match)}`;
  let key = route.method !== undefined ? `method:${route.method}|` : "";
  key += `path:${stringMatchKey(route.pathMatch)}|`;
  for (const header of route.headersMatch.map(kv).sort()) key += `header:${header}|`;
  for (const query of route.queryParamsMatch.map(kv).sort()) key += `query:${query}|`;
  return key;
}

function stringMatchKey(match: StringMatch): string {
  if (match.prefix) return `prefix:${match.prefix}`;
  if (match.exact) return `exact:${match.exact}`;
  if (match.regex) return `regex:${match.regex}`;
  return "";
}

function envoyRoutes(routes: readonly ModelRoute[], hostnames: string[], listenerPort: number): EnvoyRoute[] {
  const groups = new Map<string, ModelRoute[]>();
  for (const route of routes) groups.set(matchKey(route), [...(groups.get(matchKey(route)) ?? []), route]);
  const out: EnvoyRoute[] = [];
  for (const route of routes) {
    const group = groups.get(matchKey(route));
    if (!group) continue;
    groups.delete(matchKey(route));
    const first = group[0] as ModelRoute;
    const backends = group.flatMap((member) => member.backends);
    const match = routeMatch(hostnames, first);
    if (backends.length === 0 && !first.requestRedirect) {
      if (first.directResponse)
        out.push({
          match,
          directResponse: { status: first.directResponse.statusCode, body: { inlineString: "" } },
        });
      continue;
    }
    const envoy: EnvoyRoute = {
      match,
      ...headerOptions(first.requestHeaderFilter, first.responseHeaderModifier),
    };
    if (first.requestRedirect) envoy.redirect = redirectAction(first.requestRedirect, listenerPort);
    else envoy.route = routeAction(route, backends);
    if (backends.length === 1) {
      for (const filter of first.backendFilters) {
        const extra = headerOptions(filter.request, filter.response);
        envoy.requestHeadersToAdd = [
          ...(envoy.requestHeadersToAdd ?? []),
          ...(extra.requestHeadersToAdd ?? []),
        ];
        envoy.requestHeadersToRemove = [
          ...(envoy.requestHeadersToRemove ?? []),
          ...(extra.requestHeadersToRemove ?? []),
        ];
        envoy.responseHeadersToAdd = [
          ...(envoy.responseHeadersToAdd ?? []),
          ...(extra.responseHeadersToAdd ?? []),
        ];
        envoy.responseHeadersToRemove = [
          ...(envoy.responseHeadersToRemove ?? []),
          ...(extra.responseHeadersToRemove ?? []),
        ];
      }
    }
    out.push(envoy);
  }
  return out;
}

function headerOptions(
  request: HeaderFilter | undefined,
  response: HeaderFilter | undefined,
): Pick<
  EnvoyRoute,
  "requestHeadersToAdd" | "requestHeadersToRemove" | "responseHeadersToAdd" | "responseHeadersToRemove"
> {
  const add = (filter: HeaderFilter | undefined): EnvoyHeaderValueOption[] | undefined =>
    filter
      ? [
          ...filter.add.map((h) => ({
            header: { key: h.name, value: h.value },
            appendAction: "APPEND_IF_EXISTS_OR_ADD" as const,
          })),
          ...filter.set.map((h) => ({
            header: { key: h.name, value: h.value },
            appendAction: "OVERWRITE_IF_EXISTS_OR_ADD" as const,
          })),
        ]
      : undefined;
  const out: ReturnType<typeof headerOptions> = {};
  const requestAdd = add(request);
  const responseAdd = add(response);
  if (requestAdd && requestAdd.length > 0) out.requestHeadersToAdd = requestAdd;
  if (request && request.remove.length > 0) out.requestHeadersToRemove = request.remove;
  if (responseAdd && responseAdd.length > 0) out.responseHeadersToAdd = responseAdd;
  if (response && response.remove.length > 0) out.responseHeadersToRemove = response.remove;
  return out;
}

export function clusterName(namespace: string, name: string, port: number | undefined): string {
  return `${namespace}:${name}:${port ?? ""}`;
}

function routeAction(route: ModelRoute, backends: ModelRoute["backends"]): EnvoyRouteAction {
  const action: EnvoyRouteAction = {};
  if (backends.length === 1) {
    const backend = backends[0] as ModelRoute["backends"][number];
    action.cluster = clusterName(backend.namespace, backend.name, backend.port);
  } else {
    const filters = new Map(route.backendFilters.map((filter) => [filter.name, filter]));
    action.weightedClusters = {
      clusters: backends.map((backend) => {
        const name = clusterName(backend.namespace, backend.name, backend.port);
        const filter = filters.get(name);
        return {
          name,
          weight: backend.weight ?? 1,
          ...(filter ? headerOptions(filter.request, filter.response) : {}),
        };
      }),
    };
  }
  const rewrite = route.rewrite;
  if (rewrite?.hostname !== undefined) action.hostRewriteLiteral = rewrite.hostname;
  if (rewrite?.path && !rewrite.path.exact && !rewrite.path.regex) {
    if (!rewrite.path.prefix || rewrite.path.prefix === "/") {
      action.regexRewrite = {
        pattern: { regex: `^${quoteMeta(route.pathMatch.prefix ?? "")}(/?)(.*)` },
        substitution: "/\\2",
      };
    } else {
      action.prefixRewrite = rewrite.path.prefix;
    }
  }
  if (rewrite?.path?.exact)
    action.regexRewrite = { pattern: { regex: "^/.*$" }, substitution: rewrite.path.exact };
  if (route.requestMirrors.length > 0) {
    action.requestMirrorPolicies = route.requestMirrors.map((mirror) => ({
      cluster: clusterName(mirror.backend.namespace, mirror.backend.name, mirror.backend.port),
      runtimeFraction: {
        defaultValue: {
          numerator: Math.trunc((mirror.numerator * 100) / mirror.denominator),
          denominator: "HUNDRED",
        },
      },
    }));
  }
  const timeouts = [route.timeout.backend, route.timeout.request].filter(
    (value): value is string => value !== undefined,
  );
  if (timeouts.length === 0) action.maxStreamDuration = { maxStreamDuration: "0s" };
  else action.timeout = timeouts.sort((a, b) => durationMs(a) - durationMs(b))[0] as string;
  return action;
}

function redirectAction(
  redirect: NonNullable<ModelRoute["requestRedirect"]>,
  listenerPort: number,
): EnvoyRedirectAction {
  const action: EnvoyRedirectAction = {};
  if (redirect.scheme !== undefined) action.schemeRedirect = redirect.scheme;
  if (redirect.hostname !== undefined) action.hostRedirect = redirect.hostname;
  if (redirect.port !== undefined) action.portRedirect = redirect.port;
  else if (redirect.scheme === "https") action.portRedirect = 443;
  else if (redirect.scheme === "http") action.portRedirect = 80;
  else action.portRedirect = listenerPort;
  if (redirect.statusCode !== undefined) {
    action.responseCode =
      (
        {
          301: "MOVED_PERMANENTLY",
          302: "FOUND",
          303: "SEE_OTHER",
          307: "TEMPORARY_REDIRECT",
          308: "PERMANENT_REDIRECT",
        } as const
      )[redirect.statusCode as 301] ?? "MOVED_PERMANENTLY";
  }
  if (redirect.path?.prefix) action.prefixRewrite = redirect.path.prefix;
  if (redirect.path?.exact) action.pathRedirect = redirect.path.exact;
  return action;
}

function stringMatcher(match: StringMatch): EnvoyStringMatcher | undefined {
  if (match.exact) return { exact: match.exact };
  if (match.prefix) return { prefix: match.prefix };
  if (match.regex) return { safeRegex: { regex: match.regex } };
  return undefined;
}

/** getRouteMatch (hostNameSuffixMatch off, the default). */
function routeMatch(hostnames: string[], route: ModelRoute): EnvoyRouteMatch {
  const headers: EnvoyHeaderMatcher[] = [];
  for (const host of hostnames) {
    if (host !== "" && host !== "*" && host.includes("*"))
      headers.push({ name: ":authority", stringMatch: { safeRegex: { regex: authorityRegex(host) } } });
  }
  for (const header of route.headersMatch) {
    const matcher = stringMatcher(header.match);
    if (matcher) headers.push({ name: header.key, stringMatch: matcher });
  }
  if (route.method !== undefined)
    headers.push({ name: ":method", stringMatch: { exact: route.method.toUpperCase() } });
  const queryParameters = route.queryParamsMatch.flatMap((query) => {
    const matcher = stringMatcher(query.match);
    return matcher ? [{ name: query.key, stringMatch: matcher }] : [];
  });
  const extras = {
    ...(headers.length > 0 ? { headers } : {}),
    ...(queryParameters.length > 0 ? { queryParameters } : {}),
  };
  const path = route.pathMatch;
  if (path.exact) return { path: path.exact, ...extras };
  if (path.prefix === "/") return { prefix: "/", ...extras };
  if (path.prefix) return { pathSeparatedPrefix: path.prefix.replace(/\/$/, ""), ...extras };
  if (path.regex) return { safeRegex: { regex: path.regex }, ...extras };
  return { prefix: "/", ...extras };
}

/** getMatchingHeaderRegex: `*.foo.com` matches exactly one label in front of foo.com. */
export function authorityRegex(host: string): string {
  if (host.startsWith("*.")) return `^[^.]+[.]${host.slice(2).replaceAll(".", "[.]")}$`;
  return `^${host.replaceAll(".", "[.]")}$`;
}

function quoteMeta(text: string): string {
  return text.replace(/[\\.+*?()|[\]{}^$]/g, "\\$&");
}

function durationMs(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(text);
  if (!match) return Number.POSITIVE_INFINITY;
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[2] as "ms"];
  return Number(match[1]) * unit;
}

/** SortableRoute.Less, applied with a stable sort (sort.Stable). */
export function sortRoutes(routes: EnvoyRoute[]): EnvoyRoute[] {
  const prefixLength = (route: EnvoyRoute) =>
    Math.max((route.match.pathSeparatedPrefix ?? "").length, (route.match.prefix ?? "").length);
  const method = (route: EnvoyRoute) =>
    route.match.headers?.find((header) => header.name === ":method")?.stringMatch as
      | { exact?: string }
      | undefined;
  const less = (a: EnvoyRoute, b: EnvoyRoute): boolean => {
    const exactA = (a.match.path ?? "").length;
    const exactB = (b.match.path ?? "").length;
    if (exactA !== exactB) return exactA > exactB;
    const regexA = (a.match.safeRegex?.regex ?? "").length;
    const regexB = (b.match.safeRegex?.regex ?? "").length;
    if (regexA !== regexB) return regexA > regexB;
    if (prefixLength(a) !== prefixLength(b)) return prefixLength(a) > prefixLength(b);
    const methodA = method(a);
    const methodB = method(b);
    if (!methodA && methodB) return false;
    if (methodA && !methodB) return true;
    if (methodA && methodB && methodA.exact !== methodB.exact)
      return (methodA.exact ?? "") < (methodB.exact ?? "");
    const headersA = a.match.headers?.length ?? 0;
    const headersB = b.match.headers?.length ?? 0;
    if (headersA !== headersB) return headersA > headersB;
    return (a.match.queryParameters?.length ?? 0) > (b.match.queryParameters?.length ?? 0);
  };
  return routes
    .map((route, index) => ({ route, index }))
    .sort((a, b) => (less(a.route, b.route) ? -1 : less(b.route, a.route) ? 1 : a.index - b.index))
    .map(({ route }) => route);
}
