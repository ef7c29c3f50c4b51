// Gateway + attached routes → Cilium's model (operator/pkg/model/ingestion/gateway.go, v1.18):
// one HTTP listener per HTTP/HTTPS/TLS Gateway listener with the routes whose parentRefs name it
// (sectionName/port), their hostnames intersected with the listener's (computeHosts; `*` becomes
// no hostname), one model route per rule match (or one for a rule without matches), backends
// that are allowed, existing Services with a port, a 500 direct response when none remains, and
// the rule's filters (header modifiers, RequestRedirect, URLRewrite, RequestMirror).

import { ALL_HOSTS, computeHosts } from "./compute-hosts.ts";
import {
  type BackendRef,
  backendAllowed,
  type GatewayObj,
  type HeaderModifier,
  type Listener,
  type PathModifier,
  type ReferenceGrantObj,
  type RouteFilter,
  type RouteObj,
} from "./gateway-types.ts";

export interface StringMatch {
  exact?: string;
  prefix?: string;
  regex?: string;
}

export interface KeyValueMatch {
  key: string;
  match: StringMatch;
}

export interface ModelBackend {
  name: string;
  namespace: string;
  port?: number;
  weight?: number;
}

export interface HeaderFilter {
  add: { name: string; value: string }[];
  set: { name: string; value: string }[];
  remove: string[];
}

export interface ModelRoute {
  /** Empty: every hostname. */
  hostnames: string[];
  pathMatch: StringMatch;
  headersMatch: KeyValueMatch[];
  queryParamsMatch: KeyValueMatch[];
  method?: string;
  backends: ModelBackend[];
  backendFilters: { name: string; request?: HeaderFilter; response?: HeaderFilter }[];
  directResponse?: { statusCode: number };
  requestHeaderFilter?: HeaderFilter;
  responseHeaderModifier?: HeaderFilter;
  requestRedirect?: {
    scheme?: string;
    hostname?: string;
    path?: StringMatch;
    port?: number;
    statusCode?: number;
  };
  rewrite?: { hostname?: string; path?: StringMatch };
  requestMirrors: { backend: ModelBackend; numerator: number; denominator: number }[];
  timeout: { request?: string; backend?: string };
  isGrpc: boolean;
}

export interface ModelListener {
  name: string;
  gateway: { name: string; namespace: string; uid: string };
  port: number;
  /** `*` when the Gateway listener has none. */
  hostname: string;
  tls: { name: string; namespace: string }[];
  routes: ModelRoute[];
  infrastructure?: { labels: Record<string, string>; annotations: Record<string, string> };
}

export interface IngestionInput {
  gateway: GatewayObj;
  httpRoutes: readonly RouteObj[];
  grpcRoutes: readonly RouteObj[];
  services: ReadonlyMap<string, { ports?: { port: number; appProtocol?: string }[] }>;
  grants: readonly ReferenceGrantObj[];
}

const header = (modifier: HeaderModifier | undefined): HeaderFilter => ({
  add: modifier?.add ?? [],
  set: modifier?.set ?? [],
  remove: modifier?.remove ?? [],
});

export function gatewayModel(input: IngestionInput): ModelListener[] {
  const { gateway } = input;
  const labels = gateway.spec.infrastructure?.labels ?? {};
  const annotations = { ...(gateway.spec.infrastructure?.annotations ?? {}) };
  const ips = (gateway.spec.addresses ?? [])
    .filter((address) => address.type === undefined || address.type === "IPAddress")
    .map((address) => address.value);
  // spec.addresses become the io.cilium/lb-ipam-ips annotation on the Service, unless one is set.
  if (ips.length > 0 && !annotations["io.cilium/lb-ipam-ips"])
    annotations["io.cilium/lb-ipam-ips"] = ips.join(",");
  const infrastructure =
    Object.keys(labels).length > 0 || Object.keys(annotations).length > 0
      ? { labels, annotations }
      : undefined;
  const allListenerHostnames = gateway.spec.listeners.flatMap((listener) =>
    listener.hostname ? [listener.hostname] : [],
  );
  const listeners: ModelListener[] = [];
  for (const listener of gateway.spec.listeners) {
    if (!["HTTP", "HTTPS", "TLS"].includes(listener.protocol)) continue;
    listeners.push({
      name: listener.name,
      gateway: {
        name: gateway.metadata.name,
        namespace: gateway.metadata.namespace ?? "",
        uid: gateway.metadata.uid ?? "",
      },
      port: listener.port,
      hostname: listener.hostname ?? ALL_HOSTS,
      tls: (listener.tls?.certificateRefs ?? []).map((ref) => ({
        name: ref.name,
        namespace: ref.namespace ?? gateway.metadata.namespace ?? "",
      })),
      routes: [
        ...httpRoutesOf(listener, allListenerHostnames, input),
        ...grpcRoutesOf(listener, allListenerHostnames, input),
      ],
      ...(infrastructure ? { infrastructure } : {}),
    });
  }
  return listeners;
}

function listenerIsParent(route: RouteObj, listener: Listener): boolean {
  for (const parent of route.spec.parentRefs ?? []) {
    if (parent.sectionName === undefined && parent.port === undefined) return true;
    if (parent.sectionName !== undefined) {
      if (parent.sectionName !== listener.name) continue;
      if (parent.port !== undefined && parent.port !== listener.port) continue;
      return true;
    }
    if (parent.port !== undefined && parent.port === listener.port) return true;
  }
  return false;
}

function hostsOf(route: RouteObj, listener: Listener, allListenerHostnames: string[]): string[] | undefined {
  const hosts = computeHosts(route.spec.hostnames ?? [], listener.hostname, allListenerHostnames);
  if (hosts.length === 0) return undefined;
  return hosts.length === 1 && hosts[0] === ALL_HOSTS ? [] : hosts;
}

/** The rule's backends Cilium can route to (allowed, an existing Service, with a port). */
function usableBackends(
  route: RouteObj,
  kind: string,
  backends: readonly BackendRef[],
  input: IngestionInput,
): { backend: ModelBackend; ref: BackendRef }[] {
  const namespace = route.metadata.namespace ?? "";
  const usable: { backend: ModelBackend; ref: BackendRef }[] = [];
  for (const ref of backends) {
    if (!backendAllowed(namespace, kind, ref, input.grants)) continue;
    const backendNamespace = ref.namespace ?? namespace;
    if (!input.services.has(`${backendNamespace}/${ref.name}`)) continue;
    if (ref.port === undefined) continue;
    usable.push({
      ref,
      backend: {
        name: ref.name,
        namespace: backendNamespace,
        port: ref.port,
        ...(ref.weight !== undefined ? { weight: ref.weight } : {}),
      },
    });
  }
  return usable;
}

function httpRoutesOf(
  listener: Listener,
  allListenerHostnames: string[],
  input: IngestionInput,
): ModelRoute[] {
  const out: ModelRoute[] = [];
  for (const route of input.httpRoutes) {
    if (!listenerIsParent(route, listener)) continue;
    const hostnames = hostsOf(route, listener, allListenerHostnames);
    if (!hostnames) continue;
    for (const rule of route.spec.rules ?? []) {
      const usable = usableBackends(route, "HTTPRoute", rule.backendRefs ?? [], input);
      const backends = usable.map((entry) => entry.backend);
      const backendFilters = usable.flatMap(({ ref, backend }) =>
        (ref.filters ?? []).flatMap((filter): ModelRoute["backendFilters"] => {
          const name = `${backend.namespace}:${backend.name}:${backend.port}`;
          if (filter.type === "RequestHeaderModifier")
            return [{ name, request: header(filter.requestHeaderModifier) }];
          if (filter.type === "ResponseHeaderModifier")
            return [{ name, response: header(filter.responseHeaderModifier) }];
          return [];
        }),
      );
      const filters = ruleFilters(rule.filters ?? [], listener.port, route.metadata.namespace ?? "", input);
      const base = {
        hostnames,
        backends,
        backendFilters,
        ...(backends.length === 0 ? { directResponse: { statusCode: 500 } } : {}),
        ...filters,
        timeout: {
          ...(rule.timeouts?.request ? { request: rule.timeouts.request } : {}),
          ...(rule.timeouts?.backendRequest ? { backend: rule.timeouts.backendRequest } : {}),
        },
        isGrpc: false,
      };
      const matches = rule.matches ?? [];
      if (matches.length === 0) out.push({ ...base, pathMatch: {}, headersMatch: [], queryParamsMatch: [] });
      for (const match of matches) {
        out.push({
          ...base,
          pathMatch: pathMatchOf(match.path),
          headersMatch: (match.headers ?? []).map((h) => ({
            key: h.name,
            match: (h.type ?? "Exact") === "Exact" ? { exact: h.value } : { regex: h.value },
          })),
          queryParamsMatch: (match.queryParams ?? []).map((q) => ({
            key: q.name,
            match: (q.type ?? "Exact") === "Exact" ? { exact: q.value } : { regex: q.value },
          })),
          ...(typeof match.method === "string" ? { method: match.method } : {}),
        });
      }
    }
  }
  return out;
}

function pathMatchOf(path: { type?: string; value?: string } | undefined): StringMatch {
  if (!path) return {};
  // The API server defaults a path match to PathPrefix "/".
  const value = path.value ?? "/";
  switch (path.type ?? "PathPrefix") {
    case "Exact":
      return { exact: value };
    case "PathPrefix":
      return { prefix: value };
    case "RegularExpression":
      return { regex: value };
    default:
      return {};
  }
}

function ruleFilters(
  filters: readonly RouteFilter[],
  listenerPort: number,
  namespace: string,
  input: IngestionInput,
): Pick<
  ModelRoute,
  "requestHeaderFilter" | "responseHeaderModifier" | "requestRedirect" | "rewrite" | "requestMirrors"
> {
  const out: Pick<
    ModelRoute,
    "requestHeaderFilter" | "responseHeaderModifier" | "requestRedirect" | "rewrite" | "requestMirrors"
  > = { requestMirrors: [] };
  for (const filter of filters) {
    switch (filter.type) {
      case "RequestHeaderModifier":
        out.requestHeaderFilter = header(filter.requestHeaderModifier);
        break;
      case "ResponseHeaderModifier":
        out.responseHeaderModifier = header(filter.responseHeaderModifier);
        break;
      case "RequestRedirect": {
        const redirect = filter.requestRedirect ?? {};
        // toHTTPRequestRedirectFilter: no port and no scheme → the listener's port.
        const port = redirect.port ?? (redirect.scheme === undefined ? listenerPort : undefined);
        out.requestRedirect = {
          ...(redirect.scheme !== undefined ? { scheme: redirect.scheme } : {}),
          ...(redirect.hostname !== undefined ? { hostname: redirect.hostname } : {}),
          ...(redirect.path ? { path: redirectPath(redirect.path) } : {}),
          ...(port !== undefined ? { port } : {}),
          ...(redirect.statusCode !== undefined ? { statusCode: redirect.statusCode } : {}),
        };
        break;
      }
      case "URLRewrite": {
        const rewrite = filter.urlRewrite ?? {};
        let path: StringMatch | undefined;
        if (rewrite.path?.type === "ReplaceFullPath" && rewrite.path.replaceFullPath !== undefined)
          path = { exact: rewrite.path.replaceFullPath };
        if (rewrite.path?.type === "ReplacePrefixMatch" && rewrite.path.replacePrefixMatch !== undefined) {
          // A trailing "/" is ignored.
          path = { prefix: rewrite.path.replacePrefixMatch.replace(/\/$/, "") };
        }
        out.rewrite = {
          ...(rewrite.hostname !== undefined ? { hostname: rewrite.hostname } : {}),
          ...(path ? { path } : {}),
        };
        break;
      }
      case "RequestMirror": {
        const mirror = filter.requestMirror;
        if (!mirror) break;
        const backendNamespace = mirror.backendRef.namespace ?? namespace;
        if (!input.services.has(`${backendNamespace}/${mirror.backendRef.name}`)) break;
        let numerator = 100;
        let denominator = 100;
        if (mirror.percent !== undefined) numerator = mirror.percent;
        else if (mirror.fraction) {
          numerator = mirror.fraction.numerator;
          denominator = mirror.fraction.denominator ?? 100;
        }
        out.requestMirrors.push({
          backend: {
            name: mirror.backendRef.name,
            namespace: backendNamespace,
            ...(mirror.backendRef.port !== undefined ? { port: mirror.backendRef.port } : {}),
          },
          numerator,
          denominator,
        });
        break;
      }
    }
  }
  return out;
}

function redirectPath(path: PathModifier): StringMatch {
  if (path.type === "ReplaceFullPath") return { exact: path.replaceFullPath ?? "" };
  return { prefix: path.replacePrefixMatch ?? "" };
}

function grpcRoutesOf(
  listener: Listener,
  allListenerHostnames: string[],
  input: IngestionInput,
): ModelRoute[] {
  const out: ModelRoute[] = [];
  for (const route of input.grpcRoutes) {
    // toGRPCRoutes: a parentRef without sectionName, or naming this listener (ports are not checked).
    if (
      !(route.spec.parentRefs ?? []).some(
        (parent) => parent.sectionName === undefined || parent.sectionName === listener.name,
      )
    )
      continue;
    const hostnames = hostsOf(route, listener, allListenerHostnames);
    if (!hostnames) continue;
    for (const rule of route.spec.rules ?? []) {
      const backends = usableBackends(route, "GRPCRoute", rule.backendRefs ?? [], input).map(
        (entry) => entry.backend,
      );
      const filters = ruleFilters(
        (rule.filters ?? []).filter((filter) =>
          ["RequestHeaderModifier", "ResponseHeaderModifier", "RequestMirror"].includes(filter.type),
        ),
        listener.port,
        route.metadata.namespace ?? "",
        input,
      );
      const base = {
        hostnames,
        backends,
        backendFilters: [] as ModelRoute["backendFilters"],
        ...(backends.length === 0 ? { directResponse: { statusCode: 500 } } : {}),
        ...filters,
        timeout: {},
      };
      const matches = rule.matches ?? [];
      // A rule without matches yields a plain (non-gRPC) route on "/".
      if (matches.length === 0)
        out.push({ ...base, pathMatch: {}, headersMatch: [], queryParamsMatch: [], isGrpc: false });
      for (const match of matches) {
        out.push({
          ...base,
          pathMatch: grpcPathMatch(typeof match.method === "object" ? match.method : undefined),
          headersMatch: (match.headers ?? []).map((h) => ({
            key: h.name,
            match: (h.type ?? "Exact") === "Exact" ? { exact: h.value } : { regex: h.value },
          })),
          queryParamsMatch: [],
          isGrpc: true,
        });
      }
    }
  }
  return out;
}

/** toGRPCPathMatch: /Service/Method as exact, prefix or regex paths. */
function grpcPathMatch(
  method: { type?: string; service?: string; method?: string } | undefined,
): StringMatch {
  if (!method) return {};
  const { service, method: name } = method;
  if ((method.type ?? "Exact") === "Exact") {
    if (service !== undefined && name !== undefined) return { exact: `/${service}/${name}` };
    if (service !== undefined) return { prefix: `/${service}/` };
    if (name !== undefined) return { regex: `/.+/${name}` };
    return {};
  }
  if (service !== undefined && name !== undefined) return { regex: `/${service}/${name}` };
  if (service !== undefined) return { regex: `/${service}/.+` };
  if (name !== undefined) return { regex: `/.+/${name}` };
  return { prefix: "/" };
}
