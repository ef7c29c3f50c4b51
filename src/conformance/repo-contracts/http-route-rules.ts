// An HTTPRoute read the way the Gateway API CRD defaults it (kubernetes-sigs/gateway-api
// apis/v1/httproute_types.go at v1.2.0): no rules = one rule matching PathPrefix "/"; a rule without
// matches = one PathPrefix "/" match; a path without a type = PathPrefix; header and query-param
// matches default to Exact; a backendRef defaults to a core Service in the route's namespace with
// weight 1; a RequestRedirect without statusCode redirects with 302.

import { namespaceOf, record, routeHostnames } from "../../checks/gateway-api-objects.ts";
import type { Manifest } from "../../repo/infra-model.ts";

export type PathMatchType = "Exact" | "PathPrefix" | "RegularExpression";
export type ValueMatchType = "Exact" | "RegularExpression";

export interface PathMatch {
  type: PathMatchType;
  value: string;
}

export interface ValueMatch {
  type: ValueMatchType;
  name: string;
  value: string;
}

export interface RouteMatch {
  index: number;
  line: number;
  path: PathMatch;
  headers: readonly ValueMatch[];
  queryParams: readonly ValueMatch[];
  method: string | undefined;
}

export type PathModifier =
  | { type: "ReplaceFullPath"; value: string }
  | { type: "ReplacePrefixMatch"; value: string };

export interface HeaderChanges {
  set: Readonly<Record<string, string>>;
  add: Readonly<Record<string, string>>;
  remove: readonly string[];
}

export type RouteFilter =
  | {
      type: "RequestRedirect";
      scheme: string | undefined;
      hostname: string | undefined;
      path: PathModifier | undefined;
      port: number | undefined;
      statusCode: number;
    }
  | { type: "URLRewrite"; hostname: string | undefined; path: PathModifier | undefined }
  | { type: "RequestHeaderModifier"; changes: HeaderChanges }
  | { type: "ResponseHeaderModifier"; changes: HeaderChanges }
  | { type: "RequestMirror" | "ExtensionRef" | "CORS" | "ExternalAuth" | "Other"; declared: string };

export interface BackendRef {
  group: string;
  kind: string;
  name: string;
  namespace: string;
  port: number | undefined;
  weight: number;
  filters: readonly RouteFilter[];
}

export interface RouteRule {
  index: number;
  line: number;
  name: string | undefined;
  matches: readonly RouteMatch[];
  filters: readonly RouteFilter[];
  backendRefs: readonly BackendRef[];
}

export interface HttpRouteModel {
  manifest: Manifest;
  namespace: string;
  name: string;
  hostnames: readonly string[];
  rules: readonly RouteRule[];
}

const DEFAULT_PATH: PathMatch = { type: "PathPrefix", value: "/" };

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function list(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.map(record) : [];
}

function pathMatch(value: unknown): PathMatch {
  const path = record(value);
  if (Object.keys(path).length === 0) return DEFAULT_PATH;
  const type = str(path.type) ?? "PathPrefix";
  return {
    type: type === "Exact" || type === "RegularExpression" ? type : "PathPrefix",
    value: str(path.value) ?? "/",
  };
}

function valueMatches(value: unknown): ValueMatch[] {
  return list(value).map((item) => ({
    type: str(item.type) === "RegularExpression" ? "RegularExpression" : "Exact",
    name: str(item.name) ?? "",
    value: str(item.value) ?? "",
  }));
}

function pathModifier(value: unknown): PathModifier | undefined {
  const path = record(value);
  if (path.type === "ReplaceFullPath")
    return { type: "ReplaceFullPath", value: str(path.replaceFullPath) ?? "/" };
  if (path.type === "ReplacePrefixMatch")
    return { type: "ReplacePrefixMatch", value: str(path.replacePrefixMatch) ?? "/" };
  return undefined;
}

function headerChanges(value: unknown): HeaderChanges {
  const modifier = record(value);
  const pairs = (items: unknown) =>
    Object.fromEntries(
      list(items).map((item) => [(str(item.name) ?? "").toLowerCase(), str(item.value) ?? ""]),
    );
  const remove = Array.isArray(modifier.remove)
    ? modifier.remove
        .filter((name): name is string => typeof name === "string")
        .map((name) => name.toLowerCase())
    : [];
  return { set: pairs(modifier.set), add: pairs(modifier.add), remove };
}

export function readFilters(value: unknown): RouteFilter[] {
  return list(value).map((filter): RouteFilter => {
    const type = str(filter.type) ?? "";
    if (type === "RequestRedirect") {
      const redirect = record(filter.requestRedirect);
      return {
        type,
        scheme: str(redirect.scheme),
        hostname: str(redirect.hostname),
        path: pathModifier(redirect.path),
        port: typeof redirect.port === "number" ? redirect.port : undefined,
        statusCode: typeof redirect.statusCode === "number" ? redirect.statusCode : 302,
      };
    }
    if (type === "URLRewrite") {
      const rewrite = record(filter.urlRewrite);
      return { type, hostname: str(rewrite.hostname), path: pathModifier(rewrite.path) };
    }
    if (type === "RequestHeaderModifier")
      return { type, changes: headerChanges(filter.requestHeaderModifier) };
    if (type === "ResponseHeaderModifier")
      return { type, changes: headerChanges(filter.responseHeaderModifier) };
    if (type === "RequestMirror" || type === "ExtensionRef" || type === "CORS" || type === "ExternalAuth")
      return { type, declared: type };
    return { type: "Other", declared: type };
  });
}

function backendRefs(value: unknown, routeNamespace: string): BackendRef[] {
  return list(value).map((ref) => ({
    group: str(ref.group) ?? "",
    kind: str(ref.kind) ?? "Service",
    name: str(ref.name) ?? "",
    namespace: str(ref.namespace) ?? routeNamespace,
    port: typeof ref.port === "number" ? ref.port : undefined,
    weight: typeof ref.weight === "number" ? ref.weight : 1,
    filters: readFilters(ref.filters),
  }));
}

export function readHttpRoute(manifest: Manifest): HttpRouteModel {
  const namespace = namespaceOf(manifest);
  const spec = record(manifest.body.spec);
  const rawRules = Array.isArray(spec.rules) && spec.rules.length > 0 ? spec.rules : [{}];
  const rules = rawRules.map((raw, index): RouteRule => {
    const rule = record(raw);
    const rawMatches = Array.isArray(rule.matches) && rule.matches.length > 0 ? rule.matches : [{}];
    return {
      index,
      line: manifest.lineOf(["spec", "rules", index]),
      name: str(rule.name),
      matches: rawMatches.map((rawMatch, matchIndex) => {
        const match = record(rawMatch);
        return {
          index: matchIndex,
          line: manifest.lineOf(["spec", "rules", index, "matches", matchIndex]),
          path: pathMatch(match.path),
          headers: valueMatches(match.headers),
          queryParams: valueMatches(match.queryParams),
          method: str(match.method),
        };
      }),
      filters: readFilters(rule.filters),
      backendRefs: backendRefs(rule.backendRefs, namespace),
    };
  });
  return { manifest, namespace, name: manifest.name, hostnames: routeHostnames(manifest), rules };
}

/** `monitoring/grafana rule 0 (apps/grafana/http-route.yaml:12)`: how a case names its rule. */
export function describeRule(route: HttpRouteModel, rule: RouteRule): string {
  const label = rule.name ? `rule ${rule.name}` : `rule ${rule.index}`;
  return `HTTPRoute ${route.namespace}/${route.name} ${label} (${route.manifest.location.file}:${rule.line})`;
}
