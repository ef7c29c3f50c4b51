// The end-to-end HTTP cases of the Gateway API suite, derived from the HTTPRoutes the suite
// deploys (fixtures/workloads/gateway-api/httproutes.yaml), so the expectations cannot drift from
// the routes: each rule gives a request that only it matches and the backend that must answer;
// a rule with several weighted backends gives a split case; and a path no route matches must
// get 404 from Envoy.

export interface HttpRequestShape {
  path: string;
  /** Host header; the Gateway's address when absent. */
  host?: string;
  headers?: Record<string, string>;
}

export type GatewayHttpCase =
  | {
      kind: "route";
      name: string;
      feature: string;
      route: string;
      request: HttpRequestShape;
      backend: string;
    }
  | { kind: "split"; name: string; route: string; request: HttpRequestShape; weights: Record<string, number> }
  | { kind: "no-match"; name: string; request: HttpRequestShape; status: 404 };

interface RouteMatch {
  path?: { type?: string; value?: string };
  headers?: { type?: string; name: string; value: string }[];
}

interface RouteRule {
  matches?: RouteMatch[];
  backendRefs?: { name: string; port?: number; weight?: number }[];
}

interface RouteObject {
  metadata?: { name?: string };
  spec?: { hostnames?: string[]; rules?: RouteRule[] };
}

function concreteHost(hostname: string): string {
  return hostname.startsWith("*.") ? `cc.${hostname.slice(2)}` : hostname;
}

function requestFor(
  match: RouteMatch | undefined,
  host: string | undefined,
): { request: HttpRequestShape; feature: string } {
  const path = match?.path;
  const headers = Object.fromEntries((match?.headers ?? []).map((header) => [header.name, header.value]));
  const hasHeaders = Object.keys(headers).length > 0;
  let requestPath = "/";
  let feature = host ? "hostname" : "path-prefix";
  if (path?.type === "Exact" && path.value) {
    requestPath = path.value;
    feature = "exact path";
  } else if (path?.value && path.value !== "/") {
    requestPath = `${path.value.replace(/\/$/, "")}/conformance`;
    feature = "path prefix";
  }
  if (hasHeaders) feature = "header match";
  return {
    request: { path: requestPath, ...(host ? { host } : {}), ...(hasHeaders ? { headers } : {}) },
    feature,
  };
}

/** Whether a route would take this request (path prefix/exact, headers exact, hostnames). */
export function routeMatches(route: RouteObject, request: HttpRequestShape): boolean {
  const hostnames = route.spec?.hostnames ?? [];
  if (hostnames.length > 0) {
    const host = request.host;
    const hostOk =
      host !== undefined &&
      hostnames.some((name) => (name.startsWith("*.") ? host.endsWith(name.slice(1)) : name === host));
    if (!hostOk) return false;
  }
  return (route.spec?.rules ?? []).some((rule) => {
    const matches = rule.matches && rule.matches.length > 0 ? rule.matches : [{}];
    return matches.some((match) => {
      const path = match.path;
      const value = path?.value ?? "/";
      const pathOk =
        path?.type === "Exact"
          ? request.path === value
          : value === "/" ||
            request.path === value ||
            request.path.startsWith(`${value.replace(/\/$/, "")}/`);
      const headersOk = (match.headers ?? []).every(
        (header) => request.headers?.[header.name] === header.value,
      );
      return pathOk && headersOk;
    });
  });
}

export function gatewayHttpCases(routes: readonly Record<string, unknown>[]): GatewayHttpCase[] {
  const cases: GatewayHttpCase[] = [];
  for (const raw of routes) {
    const route = raw as RouteObject;
    const name = route.metadata?.name ?? "route";
    const host = route.spec?.hostnames?.[0] ? concreteHost(route.spec.hostnames[0]) : undefined;
    for (const rule of route.spec?.rules ?? []) {
      const backends = rule.backendRefs ?? [];
      const { request, feature } = requestFor(rule.matches?.[0], host);
      if (backends.length > 1) {
        const weights = Object.fromEntries(backends.map((backend) => [backend.name, backend.weight ?? 1]));
        cases.push({
          kind: "split",
          name: `${name}: weighted split on ${request.path}`,
          route: name,
          request,
          weights,
        });
        continue;
      }
      const backend = backends[0]?.name;
      if (!backend) continue;
      const how = request.headers
        ? `${request.path} with ${Object.entries(request.headers)
            .map(([k, v]) => `${k}: ${v}`)
            .join(", ")}`
        : host
          ? `host ${host}`
          : request.path;
      cases.push({
        kind: "route",
        name: `${name}: ${feature} ${how} → ${backend}`,
        feature,
        route: name,
        request,
        backend,
      });
    }
  }
  const unrouted = unroutedPath(routes as readonly RouteObject[]);
  if (unrouted) {
    cases.push({
      kind: "no-match",
      name: `no route for ${unrouted}: 404`,
      request: { path: unrouted },
      status: 404,
    });
  }
  return cases;
}

/** A path no route takes for a request to the bare address, or undefined when one route takes all. */
function unroutedPath(routes: readonly RouteObject[]): string | undefined {
  for (let i = 0; i < 10; i += 1) {
    const path = `/cc-unrouted${i === 0 ? "" : `-${i}`}`;
    if (!routes.some((route) => routeMatches(route, { path }))) return path;
  }
  return undefined;
}
