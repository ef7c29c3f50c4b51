// Which HTTPRoutes attach to which Gateway listener, and for which hostnames, as the Gateway API
// defines it (kubernetes-sigs/gateway-api apis/v1 at v1.2.0: ParentReference sectionName/port,
// Listener.allowedRoutes namespaces From Same/All/Selector and kinds, and the hostname
// intersection rules of HTTPRouteSpec.Hostnames). Cilium follows the same rules when it builds
// its model (cilium/cilium operator/pkg/model/ingestion/gateway.go, helpers.IsListenerNamespaceAllowed).

import {
  acceptsHttpRoutes,
  findGateway,
  GATEWAY_GROUP,
  hostnamesIntersect,
  type Listener,
  listenersForRef,
  namespaceOf,
  parentRefsOf,
  record,
} from "../../checks/gateway-api-objects.ts";
import { type LabelSelector, selectorMatches } from "../../k8s/label-selector.ts";
import type { Manifest } from "../../repo/infra-model.ts";
import type { HttpRouteModel } from "./http-route-rules.ts";

export interface AttachedRoute {
  route: HttpRouteModel;
  /**
   * The hostnames this route serves on the listener: the route's hostnames that intersect the
   * listener's (the more specific of each pair), the listener's alone, or none (= any host).
   */
  hostnames: readonly string[];
}

export interface ListenerRoutes {
  gateway: Manifest;
  listener: Listener;
  routes: readonly AttachedRoute[];
}

/** Namespace labels as the API server has them (it always adds kubernetes.io/metadata.name). */
export type NamespaceLabels = (namespace: string) => Record<string, string>;

export const defaultNamespaceLabels: NamespaceLabels = (namespace) => ({
  "kubernetes.io/metadata.name": namespace,
});

function moreSpecific(listener: string, route: string): string {
  if (!route.startsWith("*.")) return route;
  if (!listener.startsWith("*.")) return listener;
  return route.length >= listener.length ? route : listener;
}

/** The hostnames a route serves on a listener; undefined when they do not intersect (not attached). */
export function effectiveHostnames(listenerHostname: string | undefined, routeHostnames: readonly string[]) {
  if (routeHostnames.length === 0) return listenerHostname ? [listenerHostname] : [];
  if (!listenerHostname) return [...routeHostnames];
  const served = routeHostnames
    .filter((hostname) => hostnamesIntersect(listenerHostname, hostname))
    .map((hostname) => moreSpecific(listenerHostname, hostname));
  return served.length > 0 ? [...new Set(served)] : undefined;
}

function namespaceAllowed(
  gateway: Manifest,
  listenerIndex: number,
  routeNamespace: string,
  labels: NamespaceLabels,
): boolean {
  const listeners = record(gateway.body.spec).listeners;
  const raw = Array.isArray(listeners) ? record(listeners[listenerIndex]) : {};
  const namespaces = record(record(raw.allowedRoutes).namespaces);
  const from = typeof namespaces.from === "string" ? namespaces.from : "Same";
  if (from === "All") return true;
  if (from === "Selector") {
    const selector = record(namespaces.selector) as LabelSelector;
    return selectorMatches(selector, labels(routeNamespace));
  }
  return namespaceOf(gateway) === routeNamespace;
}

/** Every HTTP(S) listener of the repo's Gateways with the routes attached to it. */
export function attachRoutes(
  gateways: readonly Manifest[],
  routes: readonly HttpRouteModel[],
  labels: NamespaceLabels = defaultNamespaceLabels,
): ListenerRoutes[] {
  const byListener = new Map<string, ListenerRoutes>();
  for (const route of routes) {
    for (const ref of parentRefsOf(route.manifest)) {
      if (ref.group !== GATEWAY_GROUP || ref.kind !== "Gateway") continue;
      const gateway = findGateway(gateways, ref);
      if (!gateway) continue;
      for (const listener of listenersForRef(gateway, ref)) {
        if (!acceptsHttpRoutes(listener)) continue;
        if (!namespaceAllowed(gateway, listener.index, route.namespace, labels)) continue;
        const hostnames = effectiveHostnames(listener.hostname, route.hostnames);
        if (hostnames === undefined) continue;
        const key = `${namespaceOf(gateway)}/${gateway.name}#${listener.index}`;
        const entry = byListener.get(key) ?? { gateway, listener, routes: [] };
        if (!entry.routes.some((attached) => attached.route === route)) {
          byListener.set(key, { ...entry, routes: [...entry.routes, { route, hostnames }] });
        }
      }
    }
  }
  return [...byListener.values()];
}
