// Model → the CiliumEnvoyConfig, Service and Endpoints Cilium's Gateway translator desires
// (operator/pkg/model/translation/cec_translator.go, envoy_listener.go, envoy_cluster.go and
// gateway-api/translator.go, v1.18). One Envoy listener "listener" for every port of the Gateway:
// a raw_buffer filter chain to the route configuration `listener-insecure`, and per TLS Secret a
// tls filter chain (serverNames = the listeners' hostnames, none for `*`) to `listener-secure`
// with the Secret `<secrets-ns>/<ns>-<name>`; clusters "ns:name:port" with EDS service
// "ns/name:port"; spec.services = the Gateway's own Service with every port; backendServices the
// backends. Only the fields the Envoy double reads and the suites may look at are written.

import { createHash } from "node:crypto";
import type { ModelListener } from "../ingestion.ts";
import { clusterName, type EnvoyRouteConfiguration, routeConfigurations } from "./route-configuration.ts";

export const GATEWAY_PREFIX = "cilium-gateway-";
export const OWNING_GATEWAY_LABEL = "io.cilium.gateway/owning-gateway";
export const GATEWAY_NAME_LABEL = "gateway.networking.k8s.io/gateway-name";
export const USE_ORIGINAL_SOURCE_ADDRESS_LABEL = "cilium.io/use-original-source-address";
/** Cilium's dummy endpoint (translator.go desiredEndpoints; cilium/cilium#19262). */
export const DUMMY_ENDPOINT = { ip: "192.192.192.192", port: 9999 };

export interface EnvoyFilterChain {
  filterChainMatch: { transportProtocol: "raw_buffer" | "tls"; serverNames?: string[] };
  /** The route configuration the chain's HTTP connection manager reads (RDS). */
  routeConfigName: string;
  /** SDS secret names of a tls chain. */
  tlsSecrets?: string[];
}

export interface EnvoyListener {
  "@type": "type.googleapis.com/envoy.config.listener.v3.Listener";
  name: string;
  filterChains: EnvoyFilterChain[];
  listenerFilters: { name: string }[];
}

export interface EnvoyCluster {
  "@type": "type.googleapis.com/envoy.config.cluster.v3.Cluster";
  name: string;
  type: "EDS";
  edsClusterConfig: { serviceName: string };
  /** http2 for gRPC backends (clusterMutators withProtocol HTTPVersion2). */
  http2?: boolean;
}

export type XdsResource = EnvoyListener | EnvoyRouteConfiguration | EnvoyCluster;

export interface CiliumEnvoyConfigSpec {
  services: { name: string; namespace: string; ports: number[] }[];
  backendServices: { name: string; namespace: string; ports: string[] }[];
  resources: XdsResource[];
}

export interface TranslatorConfig {
  secretsNamespace: string;
  /** gateway-api-service-externaltrafficpolicy (default Cluster). */
  externalTrafficPolicy: string;
  ipv4: boolean;
  ipv6: boolean;
}

export interface Translation {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  ownerReference: { apiVersion: string; kind: string; name: string; uid: string; controller: true };
  cec: CiliumEnvoyConfigSpec;
  service: {
    ports: { name: string; port: number; protocol: "TCP" }[];
    type: "LoadBalancer";
    externalTrafficPolicy: string;
    ipFamilies: string[];
    ipFamilyPolicy?: string;
  };
  endpoints: { subsets: { addresses: { ip: string }[]; ports: { port: number }[] }[] };
}

/**
 * pkg/shortener ShortenK8sResourceName: a name over 63 characters keeps its first 52, a "-" and
 * the first 10 hex digits of its SHA-256 with kubectl's vowel-free substitutions.
 */
export function shortened(name: string): string {
  if (name.length <= 63) return name;
  const substitutions: Record<string, string> = { "0": "g", "1": "h", "3": "k", a: "m", e: "t" };
  const hash = createHash("sha256")
    .update(name)
    .digest("hex")
    .slice(0, 10)
    .replace(/[013ae]/g, (c) => substitutions[c] as string);
  return `${name.slice(0, 52)}-${hash}`;
}

export function translateGateway(
  listeners: readonly ModelListener[],
  config: TranslatorConfig,
): Translation | undefined {
  const first = listeners[0];
  if (!first) return undefined;
  const { gateway } = first;
  const name = shortened(GATEWAY_PREFIX + gateway.name);
  const ports = [...new Set(listeners.map((listener) => listener.port))].sort((a, b) => a - b);
  const labels: Record<string, string> = {};
  const annotations: Record<string, string> = {};
  for (const listener of listeners) {
    Object.assign(labels, listener.infrastructure?.labels ?? {});
    Object.assign(annotations, listener.infrastructure?.annotations ?? {});
  }
  return {
    name,
    namespace: gateway.namespace,
    labels,
    annotations,
    ownerReference: {
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "Gateway",
      name: gateway.name,
      uid: gateway.uid,
      controller: true,
    },
    cec: {
      services: [{ name, namespace: gateway.namespace, ports }],
      backendServices: backendServices(listeners),
      resources: [
        ...(listeners.length > 0 ? [envoyListener(listeners, config)] : []),
        ...routeConfigurations(listeners),
        ...clusters(listeners),
      ],
    },
    service: {
      ports: ports.map((port) => ({ name: `port-${port}`, port, protocol: "TCP" as const })),
      type: "LoadBalancer",
      externalTrafficPolicy: config.externalTrafficPolicy,
      ipFamilies: [...(config.ipv4 ? ["IPv4"] : []), ...(config.ipv6 ? ["IPv6"] : [])],
      ...(config.ipv4 && config.ipv6 ? { ipFamilyPolicy: "PreferDualStack" } : {}),
    },
    endpoints: {
      subsets: [{ addresses: [{ ip: DUMMY_ENDPOINT.ip }], ports: [{ port: DUMMY_ENDPOINT.port }] }],
    },
  };
}

/** The labels of the Gateway's Service and Endpoints (owning-gateway + gateway-name, then the infrastructure labels). */
export function serviceLabels(translation: Translation, gatewayName: string): Record<string, string> {
  return {
    [OWNING_GATEWAY_LABEL]: shortened(gatewayName),
    [GATEWAY_NAME_LABEL]: shortened(gatewayName),
    ...translation.labels,
  };
}

/** decorateCEC: use-original-source-address "false" (not GAMMA), the infrastructure labels, gateway-name. */
export function cecLabels(translation: Translation, gatewayName: string): Record<string, string> {
  return {
    [USE_ORIGINAL_SOURCE_ADDRESS_LABEL]: "false",
    ...translation.labels,
    [GATEWAY_NAME_LABEL]: shortened(gatewayName),
  };
}

function envoyListener(listeners: readonly ModelListener[], config: TranslatorConfig): EnvoyListener {
  const filterChains: EnvoyFilterChain[] = [
    { filterChainMatch: { transportProtocol: "raw_buffer" }, routeConfigName: "listener-insecure" },
  ];
  // TLSSecretsToHostnames, secrets ordered by "namespace/name".
  const secrets = new Map<string, { namespace: string; name: string; hostnames: string[] }>();
  for (const listener of listeners) {
    for (const tls of listener.tls) {
      const key = `${tls.namespace}/${tls.name}`;
      const entry = secrets.get(key) ?? { ...tls, hostnames: [] };
      entry.hostnames.push(listener.hostname);
      secrets.set(key, entry);
    }
  }
  for (const key of [...secrets.keys()].sort()) {
    const secret = secrets.get(key) as { namespace: string; name: string; hostnames: string[] };
    const serverNames = [...new Set(secret.hostnames)].sort();
    filterChains.push({
      filterChainMatch: { transportProtocol: "tls", ...(serverNames.includes("*") ? {} : { serverNames }) },
      routeConfigName: "listener-secure",
      tlsSecrets: [`${config.secretsNamespace}/${secret.namespace}-${secret.name}`],
    });
  }
  return {
    "@type": "type.googleapis.com/envoy.config.listener.v3.Listener",
    name: "listener",
    filterChains,
    listenerFilters: [{ name: "envoy.filters.listener.tls_inspector" }],
  };
}

function backendPorts(listeners: readonly ModelListener[]): Map<string, Map<string, Set<string>>> {
  const byNamespace = new Map<string, Map<string, Set<string>>>();
  const add = (namespace: string, name: string, port: number | undefined) => {
    const byName = byNamespace.get(namespace) ?? new Map<string, Set<string>>();
    const ports = byName.get(name) ?? new Set<string>();
    ports.add(port === undefined ? "" : String(port));
    byName.set(name, ports);
    byNamespace.set(namespace, byName);
  };
  for (const listener of listeners) {
    for (const route of listener.routes) {
      for (const backend of route.backends) add(backend.namespace, backend.name, backend.port);
      for (const mirror of route.requestMirrors)
        add(mirror.backend.namespace, mirror.backend.name, mirror.backend.port);
    }
  }
  return byNamespace;
}

function backendServices(listeners: readonly ModelListener[]): CiliumEnvoyConfigSpec["backendServices"] {
  const out: CiliumEnvoyConfigSpec["backendServices"] = [];
  for (const [namespace, byName] of backendPorts(listeners)) {
    for (const [name, ports] of byName) out.push({ name, namespace, ports: [...ports].sort() });
  }
  return out.sort((a, b) =>
    a.namespace !== b.namespace
      ? cmp(a.namespace, b.namespace)
      : a.name !== b.name
        ? cmp(a.name, b.name)
        : cmp(a.ports[0] ?? "", b.ports[0] ?? ""),
  );
}

function clusters(listeners: readonly ModelListener[]): EnvoyCluster[] {
  const grpc = new Set<string>();
  for (const listener of listeners) {
    for (const route of listener.routes) {
      if (route.isGrpc)
        for (const backend of route.backends)
          grpc.add(clusterName(backend.namespace, backend.name, backend.port));
    }
  }
  const out: EnvoyCluster[] = [];
  for (const [namespace, byName] of backendPorts(listeners)) {
    for (const [name, ports] of byName) {
      for (const port of ports) {
        const cluster = `${namespace}:${name}:${port}`;
        out.push({
          "@type": "type.googleapis.com/envoy.config.cluster.v3.Cluster",
          name: cluster,
          type: "EDS",
          edsClusterConfig: { serviceName: `${namespace}/${name}:${port}` },
          ...(grpc.has(cluster) ? { http2: true } : {}),
        });
      }
    }
  }
  // desiredEnvoyCluster sorts the clusters by name.
  return out.sort((a, b) => cmp(a.name, b.name));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
