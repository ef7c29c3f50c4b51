// Reading Gateway API objects the way the Gateway API spec defines their defaults.
import type { Manifest } from "../repo/infra-model.ts";

export const GATEWAY_GROUP = "gateway.networking.k8s.io";

export interface Listener {
  index: number;
  name: string | undefined;
  protocol: string | undefined;
  port: number | undefined;
  hostname: string | undefined;
  /** allowedRoutes.namespaces.from, default `Same`. */
  allowedFrom: string;
  /** allowedRoutes.kinds[].kind when set. */
  allowedKinds: readonly string[] | undefined;
}

export function record(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** A namespaced object without metadata.namespace lands in the namespace it is applied to; assume `default`. */
export function namespaceOf(manifest: Manifest): string {
  return manifest.namespace ?? "default";
}

export function listenersOf(gateway: Manifest): Listener[] {
  const listeners = record(gateway.body.spec).listeners;
  if (!Array.isArray(listeners)) return [];
  return listeners.map((item, index) => {
    const listener = record(item);
    const allowed = record(listener.allowedRoutes);
    const kinds = Array.isArray(allowed.kinds)
      ? allowed.kinds.map((kind) => String(record(kind).kind ?? ""))
      : undefined;
    const from = record(allowed.namespaces).from;
    return {
      index,
      name: typeof listener.name === "string" ? listener.name : undefined,
      protocol: typeof listener.protocol === "string" ? listener.protocol : undefined,
      port: typeof listener.port === "number" ? listener.port : undefined,
      hostname: typeof listener.hostname === "string" ? listener.hostname : undefined,
      allowedFrom: typeof from === "string" ? from : "Same",
      allowedKinds: kinds,
    };
  });
}

/** Whether a listener of this protocol can take HTTPRoutes (by default or via allowedRoutes.kinds). */
export function acceptsHttpRoutes(listener: Listener): boolean {
  if (listener.allowedKinds) return listener.allowedKinds.includes("HTTPRoute");
  return listener.protocol === "HTTP" || listener.protocol === "HTTPS";
}

const LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const HOSTNAME = new RegExp(`^(\\*\\.)?${LABEL}(\\.${LABEL})*$`);

/** Gateway API Hostname: a DNS name, optionally with one leading `*.` label; no IPs, no port. */
export function hostnameProblem(hostname: string): string | undefined {
  if (/^\d+\.\d+\.\d+\.\d+$/.test(hostname) || hostname.includes(":")) {
    return "an IP address is not allowed as a hostname";
  }
  if (hostname.length > 253 || !HOSTNAME.test(hostname)) {
    return 'it must be a lowercase DNS name, with at most one leading "*." wildcard label';
  }
  return undefined;
}

function wildcardCovers(wildcard: string, name: string): boolean {
  const suffix = wildcard.slice(1); // ".example.com"
  return name.endsWith(suffix) && name.length > suffix.length;
}

/** Gateway API hostname intersection between a listener's and a route's hostname. */
export function hostnamesIntersect(listener: string, route: string): boolean {
  if (listener === route) return true;
  const listenerWild = listener.startsWith("*.");
  const routeWild = route.startsWith("*.");
  if (listenerWild && !routeWild) return wildcardCovers(listener, route);
  if (routeWild && !listenerWild) return wildcardCovers(route, listener);
  if (listenerWild && routeWild)
    return listener.slice(1).endsWith(route.slice(1)) || route.slice(1).endsWith(listener.slice(1));
  return false;
}

export interface ParentRef {
  index: number;
  group: string;
  kind: string;
  name: string | undefined;
  namespace: string;
  sectionName: string | undefined;
  port: number | undefined;
}

export function parentRefsOf(route: Manifest): ParentRef[] {
  const refs = record(route.body.spec).parentRefs;
  if (!Array.isArray(refs)) return [];
  return refs.map((item, index) => {
    const ref = record(item);
    return {
      index,
      group: typeof ref.group === "string" ? ref.group : GATEWAY_GROUP,
      kind: typeof ref.kind === "string" ? ref.kind : "Gateway",
      name: typeof ref.name === "string" ? ref.name : undefined,
      namespace: typeof ref.namespace === "string" ? ref.namespace : namespaceOf(route),
      sectionName: typeof ref.sectionName === "string" ? ref.sectionName : undefined,
      port: typeof ref.port === "number" ? ref.port : undefined,
    };
  });
}

export function findGateway(gateways: readonly Manifest[], ref: ParentRef): Manifest | undefined {
  return gateways.find((gateway) => gateway.name === ref.name && namespaceOf(gateway) === ref.namespace);
}

/** Listeners a parentRef attaches to (sectionName and port narrow it). */
export function listenersForRef(gateway: Manifest, ref: ParentRef): Listener[] {
  return listenersOf(gateway).filter(
    (listener) =>
      (ref.sectionName === undefined || listener.name === ref.sectionName) &&
      (ref.port === undefined || listener.port === ref.port),
  );
}

export function routeHostnames(route: Manifest): string[] {
  const hostnames = record(route.body.spec).hostnames;
  return Array.isArray(hostnames) ? hostnames.filter((name): name is string => typeof name === "string") : [];
}
