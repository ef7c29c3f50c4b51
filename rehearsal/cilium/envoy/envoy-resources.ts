// What the node's Envoy knows, derived from the cluster's objects as Cilium's agent feeds it over
// xDS (pkg/envoy, pkg/ciliumenvoyconfig): the CiliumEnvoyConfigs' listeners, route configurations
// and clusters; the L7 load-balancer Services they list (spec.services), whose frontends the
// datapath hands to Envoy; and the clusters' endpoints (EDS "ns/name:port" → the Service port's
// ready endpoints from its EndpointSlices).

import type {
  EnvoyFilterChain,
  EnvoyListener,
  XdsResource,
} from "../operator/gateway-api/translation/cilium-envoy-config.ts";
import type { EnvoyRouteConfiguration } from "../operator/gateway-api/translation/route-configuration.ts";

export interface CecObject {
  metadata: { name: string; namespace?: string };
  spec?: { services?: { name: string; namespace?: string; ports?: number[] }[]; resources?: XdsResource[] };
}

export interface ServiceObject {
  metadata: { name: string; namespace?: string };
  spec?: {
    type?: string;
    clusterIP?: string;
    clusterIPs?: string[];
    externalIPs?: string[];
    ports?: {
      name?: string;
      port: number;
      nodePort?: number;
      protocol?: string;
      targetPort?: number | string;
    }[];
  };
  status?: { loadBalancer?: { ingress?: { ip?: string }[] } };
}

export interface EndpointSliceObject {
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  addressType?: string;
  endpoints?: {
    addresses: string[];
    conditions?: { ready?: boolean; serving?: boolean; terminating?: boolean };
  }[];
  ports?: { name?: string; port?: number; protocol?: string }[];
}

export interface EnvoyWorld {
  envoyConfigs: readonly CecObject[];
  services: readonly ServiceObject[];
  endpointSlices: readonly EndpointSliceObject[];
  /** This node's addresses (NodePort frontends). */
  nodeIps: readonly string[];
}

const key = (object: { metadata: { name: string; namespace?: string } }) =>
  `${object.metadata.namespace ?? ""}/${object.metadata.name}`;

/** The CiliumEnvoyConfig whose L7 load-balancer Service owns this frontend (ClusterIP, LB, external IP or NodePort). */
export function configForFrontend(world: EnvoyWorld, ip: string, port: number): CecObject | undefined {
  for (const cec of world.envoyConfigs) {
    for (const listed of cec.spec?.services ?? []) {
      const service = world.services.find(
        (candidate) =>
          key(candidate) === `${listed.namespace ?? cec.metadata.namespace ?? ""}/${listed.name}`,
      );
      if (!service) continue;
      const ports = service.spec?.ports ?? [];
      const vips = [
        ...(service.spec?.clusterIPs ?? (service.spec?.clusterIP ? [service.spec.clusterIP] : [])),
        ...(service.spec?.externalIPs ?? []),
        ...(service.status?.loadBalancer?.ingress ?? []).flatMap((entry) => (entry.ip ? [entry.ip] : [])),
      ];
      if (vips.includes(ip) && ports.some((p) => p.port === port)) return cec;
      if (world.nodeIps.includes(ip) && ports.some((p) => p.nodePort === port)) return cec;
    }
  }
  return undefined;
}

export function listenerOf(cec: CecObject): EnvoyListener | undefined {
  return (cec.spec?.resources ?? []).find(
    (resource): resource is EnvoyListener =>
      resource["@type"] === "type.googleapis.com/envoy.config.listener.v3.Listener",
  );
}

export function routeConfiguration(cec: CecObject, name: string): EnvoyRouteConfiguration | undefined {
  return (cec.spec?.resources ?? []).find(
    (resource): resource is EnvoyRouteConfiguration =>
      resource["@type"] === "type.googleapis.com/envoy.config.route.v3.RouteConfiguration" &&
      resource.name === name,
  );
}

/**
 * FilterChainMatch selection (envoy listener filter chain manager): transport protocol first, then
 * server names — an exact SNI, then the longest matching wildcard, then a chain without names.
 */
export function filterChainFor(
  listener: EnvoyListener,
  tls: boolean,
  serverName: string | undefined,
): EnvoyFilterChain | undefined {
  const chains = listener.filterChains.filter(
    (chain) => chain.filterChainMatch.transportProtocol === (tls ? "tls" : "raw_buffer"),
  );
  if (!tls) return chains[0];
  const sni = (serverName ?? "").toLowerCase();
  if (sni) {
    const exact = chains.find((chain) =>
      chain.filterChainMatch.serverNames?.some((name) => name.toLowerCase() === sni),
    );
    if (exact) return exact;
    let best: { chain: EnvoyFilterChain; length: number } | undefined;
    for (const chain of chains) {
      for (const name of chain.filterChainMatch.serverNames ?? []) {
        if (!name.startsWith("*.")) continue;
        const suffix = name.slice(1).toLowerCase();
        if (sni.endsWith(suffix) && (!best || suffix.length > best.length))
          best = { chain, length: suffix.length };
      }
    }
    if (best) return best.chain;
  }
  return chains.find(
    (chain) => !chain.filterChainMatch.serverNames || chain.filterChainMatch.serverNames.length === 0,
  );
}

/** EDS for a cluster "ns:name:port": the ready endpoints of that Service port. */
export function clusterEndpoints(world: EnvoyWorld, cluster: string): { ip: string; port: number }[] {
  const [namespace = "", name = "", portText = ""] = cluster.split(":");
  const service = world.services.find((candidate) => key(candidate) === `${namespace}/${name}`);
  const servicePort = service?.spec?.ports?.find((p) => String(p.port) === portText);
  if (!service || !servicePort) return [];
  const out: { ip: string; port: number }[] = [];
  for (const slice of world.endpointSlices) {
    if (
      slice.metadata.namespace !== namespace ||
      slice.metadata.labels?.["kubernetes.io/service-name"] !== name
    )
      continue;
    if (slice.addressType && slice.addressType !== "IPv4") continue;
    const port = (slice.ports ?? []).find((p) => (p.name ?? "") === (servicePort.name ?? ""))?.port;
    if (port === undefined) continue;
    for (const endpoint of slice.endpoints ?? []) {
      if (endpoint.conditions?.ready === false) continue;
      for (const address of endpoint.addresses) out.push({ ip: address, port });
    }
  }
  return out;
}
