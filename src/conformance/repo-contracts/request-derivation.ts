// The requests each rule of the repo's HTTPRoutes promises to serve, derived from the routes alone:
// for every hostname × match of a rule, a request that rule (and no other) takes on its Gateway
// port, with what must come back; for every match that narrows (a path other than "/", headers,
// query params, a method), the same request without that narrowing, which must NOT reach the rule;
// and per hostname a request no rule takes, which must get Envoy's 404. A request whose winner
// depends on the routes' age (a tie across routes), or that another rule shadows, is not used:
// the rule's case says so instead of guessing.

import { namespaceOf } from "../../checks/gateway-api-objects.ts";
import type { Manifest } from "../../repo/infra-model.ts";
import { type ExpectedResponse, expectedResponse, type ListenerFacts } from "./expected-response.ts";
import {
  describeRule,
  type HttpRouteModel,
  type RouteMatch,
  type RouteRule,
  readHttpRoute,
} from "./http-route-rules.ts";
import { sampleMatching } from "./regex-sample.ts";
import { type AttachedRoute, attachRoutes, type NamespaceLabels } from "./route-attachment.ts";
import { type HttpRequestSpec, type Resolution, resolveRequest, virtualHostFor } from "./route-matcher.ts";

export interface ContractProbe {
  /** What the probe proves, e.g. `reaches the rule` or `without header x-env: not this rule`. */
  purpose: string;
  request: HttpRequestSpec;
  expect: ExpectedResponse;
}

export interface RuleContract {
  id: string;
  title: string;
  file: string;
  line: number;
  probes: readonly ContractProbe[];
  /** Hostname × match combinations no request could be derived for, with why. */
  notDerived: readonly string[];
}

export interface GatewayPortContracts {
  gateway: Manifest;
  port: number;
  protocol: string;
  rules: readonly RuleContract[];
  /** Requests no rule takes: Envoy answers 404. */
  unmatched: readonly ContractProbe[];
  notes: readonly string[];
}

const PROBE_LABEL = "cc-contracts";
const PROBE_SEGMENT = "cc-contracts";
const MAX_PROBES_PER_RULE = 32;

interface Scope {
  gateway: Manifest;
  port: number;
  protocol: string;
  routes: AttachedRoute[];
  /** The listeners' hostnames (`*` for none): a host under one that no route serves gets a 404. */
  listenerHostnames: string[];
}

function scopes(
  gateways: readonly Manifest[],
  routes: readonly HttpRouteModel[],
  labels: NamespaceLabels | undefined,
): Scope[] {
  const byPort = new Map<string, Scope>();
  for (const entry of attachRoutes(gateways, routes, labels)) {
    const port = entry.listener.port ?? 80;
    const protocol = entry.listener.protocol ?? "HTTP";
    const key = `${namespaceOf(entry.gateway)}/${entry.gateway.name}:${protocol}:${port}`;
    const scope = byPort.get(key) ?? {
      gateway: entry.gateway,
      port,
      protocol,
      routes: [],
      listenerHostnames: [],
    };
    const listenerHost = entry.listener.hostname ?? "*";
    if (!scope.listenerHostnames.includes(listenerHost)) scope.listenerHostnames.push(listenerHost);
    for (const attached of entry.routes) {
      const existing = scope.routes.find((other) => other.route === attached.route);
      if (!existing) scope.routes.push({ ...attached });
      else if (existing.hostnames.length > 0 && attached.hostnames.length > 0)
        existing.hostnames = [...new Set([...existing.hostnames, ...attached.hostnames])];
      else existing.hostnames = [];
    }
    byPort.set(key, scope);
  }
  return [...byPort.values()];
}

function candidateHosts(domain: string): string[] {
  if (!domain.includes("*")) return [domain];
  return Array.from({ length: 10 }, (_, n) => {
    const label = n === 0 ? PROBE_LABEL : `${PROBE_LABEL}-${n}`;
    return domain === "*" ? `${label}.invalid` : `${label}${domain.slice(1)}`;
  });
}

/**
 * A concrete Host under this hostname whose virtual host is `accept` (default: the hostname's own):
 * a wildcard gets a label no more specific hostname claims.
 */
function concreteHost(
  domain: string,
  routes: readonly AttachedRoute[],
  accept: (virtualHost: string | undefined) => boolean = (virtualHost) => virtualHost === domain,
): string | undefined {
  return candidateHosts(domain).find((host) => accept(virtualHostFor(routes, host)));
}

function pathCandidates(match: RouteMatch): string[] {
  const { type, value } = match.path;
  if (type === "Exact") return [value];
  if (type === "RegularExpression") {
    const sample = sampleMatching(value);
    return sample === undefined ? [] : [sample];
  }
  const prefix = value === "/" ? "" : value.replace(/\/+$/, "");
  // A path below the prefix first: it proves whole-element prefix matching (and shows a rewrite).
  return [`${prefix}/${PROBE_SEGMENT}`, prefix === "" ? "/" : prefix, `${prefix}/${PROBE_SEGMENT}/x`];
}

function valuesFor(matchers: RouteMatch["headers"]): Record<string, string> | undefined {
  const values: Record<string, string> = {};
  for (const matcher of matchers) {
    const value = matcher.type === "Exact" ? matcher.value : sampleMatching(matcher.value);
    if (value === undefined) return undefined;
    values[matcher.name] = value;
  }
  return values;
}

function requestsFor(host: string, match: RouteMatch): HttpRequestSpec[] {
  const headers = valuesFor(match.headers);
  const query = valuesFor(match.queryParams);
  if (!headers || !query) return [];
  return pathCandidates(match).map((path) => ({ host, path, method: match.method ?? "GET", headers, query }));
}

function reaches(resolution: Resolution, route: HttpRouteModel, rule: RouteRule): boolean {
  return (
    resolution.kind === "rule" &&
    resolution.route === route &&
    resolution.rule === rule &&
    !resolution.tiedWith
  );
}

function describeResolution(resolution: Resolution): string {
  if (resolution.kind === "none") return "no rule (404)";
  const tie = resolution.tiedWith
    ? `, tied with ${describeRule(resolution.tiedWith.route, resolution.tiedWith.rule)}`
    : "";
  return `${describeRule(resolution.route, resolution.rule)}${tie}`;
}

/** The same request without one narrowing part of the match, each a probe that must not reach the rule. */
function withoutNarrowing(
  request: HttpRequestSpec,
  match: RouteMatch,
): { purpose: string; request: HttpRequestSpec }[] {
  const variants: { purpose: string; request: HttpRequestSpec }[] = [];
  if (!(match.path.type === "PathPrefix" && match.path.value === "/")) {
    variants.push({
      purpose: `a path outside ${match.path.type} ${match.path.value}`,
      request: { ...request, path: `/${PROBE_SEGMENT}-outside` },
    });
  }
  for (const header of match.headers) {
    const headers = Object.fromEntries(
      Object.entries(request.headers).filter(([name]) => name.toLowerCase() !== header.name.toLowerCase()),
    );
    variants.push({ purpose: `without header ${header.name}`, request: { ...request, headers } });
  }
  for (const param of match.queryParams) {
    const query = Object.fromEntries(Object.entries(request.query).filter(([name]) => name !== param.name));
    variants.push({ purpose: `without query param ${param.name}`, request: { ...request, query } });
  }
  if (match.method !== undefined) {
    variants.push({
      purpose: `with method ${match.method === "GET" ? "POST" : "GET"}`,
      request: { ...request, method: match.method === "GET" ? "POST" : "GET" },
    });
  }
  return variants;
}

function ruleContract(
  attached: AttachedRoute,
  rule: RouteRule,
  scope: Scope,
  listener: ListenerFacts,
): RuleContract {
  const { route } = attached;
  const probes: ContractProbe[] = [];
  const notDerived: string[] = [];
  const domains = attached.hostnames.length > 0 ? attached.hostnames : ["*"];
  for (const domain of domains) {
    const host = concreteHost(domain, scope.routes);
    if (host === undefined) {
      notDerived.push(`hostname ${domain}: every concrete host for it belongs to a more specific hostname`);
      continue;
    }
    for (const match of rule.matches) {
      const candidates = requestsFor(host, match);
      const label = `hostname ${domain}, match ${match.index} (line ${match.line})`;
      if (candidates.length === 0) {
        notDerived.push(`${label}: no request can be built from its regular expressions`);
        continue;
      }
      let chosen: HttpRequestSpec | undefined;
      let lastSeen = "";
      for (const request of candidates) {
        const resolution = resolveRequest(scope.routes, request);
        if (reaches(resolution, route, rule)) {
          chosen = request;
          break;
        }
        lastSeen = describeResolution(resolution);
      }
      if (!chosen) {
        notDerived.push(`${label}: every request it matches goes to ${lastSeen}`);
        continue;
      }
      const resolved = resolveRequest(scope.routes, chosen);
      if (resolved.kind !== "rule") continue;
      probes.push({
        purpose: `reaches the rule (${label})`,
        request: chosen,
        expect: expectedResponse(resolved, chosen, listener),
      });
      for (const variant of withoutNarrowing(chosen, match)) {
        const other = resolveRequest(scope.routes, variant.request);
        if (other.kind === "rule" && (other.rule === rule || other.tiedWith)) continue;
        probes.push({
          purpose: `${variant.purpose}: ${describeResolution(other)}`,
          request: variant.request,
          expect:
            other.kind === "rule"
              ? expectedResponse(other, variant.request, listener)
              : { kind: "status", status: 404 },
        });
      }
    }
  }
  const title = `${describeRule(route, rule)}`;
  return {
    id: `${route.namespace}/${route.name}#${rule.index}`,
    title,
    file: route.manifest.location.file,
    line: rule.line,
    probes: probes.slice(0, MAX_PROBES_PER_RULE),
    notDerived:
      probes.length > MAX_PROBES_PER_RULE
        ? [...notDerived, `${probes.length - MAX_PROBES_PER_RULE} more probes left out`]
        : notDerived,
  };
}

function unmatchedProbes(scope: Scope, notes: string[]): ContractProbe[] {
  const domains = [
    ...scope.listenerHostnames,
    ...new Set(
      scope.routes.flatMap((attached) => (attached.hostnames.length > 0 ? attached.hostnames : ["*"])),
    ),
  ];
  const probes: ContractProbe[] = [];
  for (const domain of domains) {
    // Under a listener's hostname no route serves, Envoy has no virtual host at all: also a 404.
    const host = concreteHost(
      domain,
      scope.routes,
      (virtualHost) => virtualHost === domain || virtualHost === undefined,
    );
    if (!host) continue;
    const request: HttpRequestSpec = {
      host,
      path: `/${PROBE_SEGMENT}-unrouted`,
      method: "GET",
      headers: {},
      query: {},
    };
    const resolution = resolveRequest(scope.routes, request);
    if (resolution.kind === "none") {
      probes.push({
        purpose: `no rule takes ${host}${request.path}: 404`,
        request,
        expect: { kind: "status", status: 404 },
      });
    } else {
      notes.push(
        `hostname ${domain}: every path has a rule (${describeResolution(resolution)}), so no 404 is promised`,
      );
    }
  }
  return probes;
}

export function deriveRouteContracts(
  gateways: readonly Manifest[],
  routes: readonly Manifest[],
  labels?: NamespaceLabels,
  read: (manifest: Manifest) => HttpRouteModel = readHttpRoute,
): GatewayPortContracts[] {
  const models = routes.map(read);
  return scopes(gateways, models, labels).map((scope) => {
    const notes: string[] = [];
    const listener: ListenerFacts = { protocol: scope.protocol, port: scope.port };
    const rules = scope.routes.flatMap((attached) =>
      attached.route.rules.map((rule) => ruleContract(attached, rule, scope, listener)),
    );
    return {
      gateway: scope.gateway,
      port: scope.port,
      protocol: scope.protocol,
      rules,
      unmatched: unmatchedProbes(scope, notes),
      notes,
    };
  });
}
