// What to probe across an in-place upgrade, from the cluster's objects: each programmed Gateway's
// address (HTTP with a hostname its routes serve), and each other LoadBalancer Service with an
// HTTP-looking port. The first address is also watched over ARP (its L2 announcement). Pure.

import type { KubeObject } from "../../cluster/kube-access.ts";
import { gatewayServiceName } from "../../conformance/gateway-api/gateway-service.ts";
import { outsideProbeNetworks } from "../../probes/probe-target-guard.ts";
import { isRecord } from "../../repo/yaml-documents.ts";

export interface HttpProbeTarget {
  name: string;
  url: string;
  host: string | undefined;
}

export interface ProbeTargets {
  http: HttpProbeTarget[];
  /** LoadBalancer IPs to watch over ARP (at most `arpLimit`). */
  arp: string[];
}

const HTTP_PORTS = new Set([80, 8080]);

export function probeTargets(
  objects: {
    gateways: readonly KubeObject[];
    services: readonly KubeObject[];
    httpRoutes: readonly KubeObject[];
  },
  arpLimit = 1,
): ProbeTargets {
  const http: HttpProbeTarget[] = [];
  const gatewayServices = new Set<string>();
  for (const gateway of objects.gateways) {
    const namespace = gateway.metadata.namespace ?? "default";
    gatewayServices.add(`${namespace}/${gatewayServiceName(gateway.metadata.name)}`);
    const address = firstAddress(gateway);
    const listener = firstHttpListener(gateway);
    if (!address || !listener) continue;
    const host = listener.hostname ?? routeHostname(objects.httpRoutes, gateway);
    http.push({
      name: `http gateway ${namespace}/${gateway.metadata.name}`,
      url: `http://${address}${listener.port === 80 ? "" : `:${listener.port}`}/`,
      host: host?.startsWith("*.") ? `probe${host.slice(1)}` : host,
    });
  }
  const arp: string[] = [...http.map((target) => new URL(target.url).hostname)];
  for (const service of objects.services) {
    const spec = isRecord(service.spec) ? service.spec : {};
    const key = `${service.metadata.namespace ?? "default"}/${service.metadata.name}`;
    if (spec.type !== "LoadBalancer" || gatewayServices.has(key)) continue;
    const ip = serviceIp(service);
    if (!ip) continue;
    arp.push(ip);
    const ports = Array.isArray(spec.ports) ? spec.ports.filter(isRecord) : [];
    const port = ports.find((p) => HTTP_PORTS.has(Number(p.port)) || p.name === "http");
    if (port)
      http.push({ name: `http service ${key}`, url: `http://${ip}:${Number(port.port)}/`, host: undefined });
  }
  return { http, arp: [...new Set(arp)].slice(0, arpLimit) };
}

function firstAddress(gateway: KubeObject): string | undefined {
  const status = isRecord(gateway.status) ? gateway.status : {};
  const addresses = Array.isArray(status.addresses) ? status.addresses.filter(isRecord) : [];
  const value = addresses.find((a) => typeof a.value === "string")?.value;
  return typeof value === "string" ? value : undefined;
}

function firstHttpListener(gateway: KubeObject): { port: number; hostname: string | undefined } | undefined {
  const spec = isRecord(gateway.spec) ? gateway.spec : {};
  const listeners = Array.isArray(spec.listeners) ? spec.listeners.filter(isRecord) : [];
  const listener = listeners.find((l) => l.protocol === "HTTP");
  if (!listener) return undefined;
  return {
    port: Number(listener.port) || 80,
    hostname: typeof listener.hostname === "string" ? listener.hostname : undefined,
  };
}

function routeHostname(routes: readonly KubeObject[], gateway: KubeObject): string | undefined {
  for (const route of routes) {
    const spec = isRecord(route.spec) ? route.spec : {};
    const parents = Array.isArray(spec.parentRefs) ? spec.parentRefs.filter(isRecord) : [];
    const attached = parents.some(
      (parent) =>
        parent.name === gateway.metadata.name &&
        (parent.namespace ?? route.metadata.namespace) === gateway.metadata.namespace,
    );
    const hostnames = Array.isArray(spec.hostnames) ? spec.hostnames : [];
    if (attached && typeof hostnames[0] === "string") return hostnames[0];
  }
  return undefined;
}

function serviceIp(service: KubeObject): string | undefined {
  const status = isRecord(service.status) ? service.status : {};
  const balancer = isRecord(status.loadBalancer) ? status.loadBalancer : {};
  const ingress = Array.isArray(balancer.ingress) ? balancer.ingress.filter(isRecord) : [];
  const ip = ingress.find((entry) => typeof entry.ip === "string")?.ip;
  return typeof ip === "string" ? ip : undefined;
}

/**
 * The HTTP targets on the run's LAN, and the others with why they are not probed: an address off
 * the LAN would be reached through the host's default route (src/probes/probe-target-guard.ts).
 */
export function lanOnlyTargets(
  targets: readonly HttpProbeTarget[],
  lanSubnet: string,
): { kept: HttpProbeTarget[]; refused: { url: string; why: string }[] } {
  const kept: HttpProbeTarget[] = [];
  const refused: { url: string; why: string }[] = [];
  for (const target of targets) {
    const why = outsideProbeNetworks(new URL(target.url), [lanSubnet]);
    if (why) refused.push({ url: target.url, why });
    else kept.push(target);
  }
  return { kept, refused };
}
