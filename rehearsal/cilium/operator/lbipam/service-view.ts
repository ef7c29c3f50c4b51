// LB-IPAM's view of a Service (operator/pkg/lbipam/service_store.go ServiceView): what it
// requested, what it was given, and whether two Services may share an IP.

import { type Addr, formatAddr, parseAddr } from "../../../go/netip.ts";
import type { Condition } from "../../../k8s/conditions.ts";
import type { Obj } from "../../../k8s/kube-objects.ts";
import type { LbRange } from "./lb-range.ts";
import type { LbIpamBehaviour } from "./lbipam-behaviour.ts";

export const SERVICE_NAME_LABEL = "io.kubernetes.service.name";
export const SERVICE_NAMESPACE_LABEL = "io.kubernetes.service.namespace";
// pkg/annotation/k8s.go: the 1.16 names first, then the io.cilium aliases (annotation.Get order).
export const IPS_ANNOTATIONS = ["lbipam.cilium.io/ips", "io.cilium/lb-ipam-ips"];
export const SHARING_KEY_ANNOTATIONS = ["lbipam.cilium.io/sharing-key", "io.cilium/lb-ipam-sharing-key"];
export const SHARING_CROSS_NAMESPACE_ANNOTATIONS = [
  "lbipam.cilium.io/sharing-cross-namespace",
  "io.cilium/lb-ipam-sharing-cross-namespace",
];

export interface ServiceStatus {
  loadBalancer: { ingress?: LoadBalancerIngress[] };
  conditions?: Condition[];
}

export interface LoadBalancerIngress {
  ip?: string;
  hostname?: string;
  ipMode?: string;
  ports?: unknown[];
}

export interface ServiceViewIp {
  ip: Addr;
  origin: LbRange;
}

export interface ServiceView {
  key: string;
  namespace: string;
  labels: Record<string, string>;
  generation: number;
  status: ServiceStatus;
  sharingKey: string;
  sharingCrossNamespace: string[];
  externalTrafficPolicy: string;
  ports: { port: number; protocol: string }[];
  selector: Record<string, string>;
  requestedIps: Addr[];
  requestedFamilies: { ipv4: boolean; ipv6: boolean };
  allocatedIps: ServiceViewIp[];
}

interface ServiceSpec {
  type?: string;
  loadBalancerIP?: string;
  loadBalancerClass?: string;
  externalTrafficPolicy?: string;
  ports?: { port: number; protocol?: string }[];
  selector?: Record<string, string>;
  ipFamilyPolicy?: string;
  ipFamilies?: string[];
}

export function specOf(service: Obj): ServiceSpec {
  return (service.spec ?? {}) as ServiceSpec;
}

function annotation(service: Obj, keys: string[]): string {
  const annotations = service.metadata.annotations ?? {};
  for (const key of keys) if (Object.hasOwn(annotations, key)) return annotations[key] ?? "";
  return "";
}

/** spec.loadBalancerIP, then the annotation's comma-separated list; adjacent duplicates dropped (slices.CompactFunc). */
export function requestedIps(service: Obj, log: (message: string) => void): Addr[] {
  const ips: Addr[] = [];
  const spec = specOf(service);
  if (spec.loadBalancerIP) {
    const ip = parseAddr(spec.loadBalancerIP);
    if (ip) ips.push(ip);
    else log(`Unable to parse service.spec.LoadBalancerIP ${spec.loadBalancerIP}`);
  }
  const value = annotation(service, IPS_ANNOTATIONS);
  if (value !== "") {
    for (const part of value.split(",")) {
      const ip = parseAddr(part.trim());
      if (ip) ips.push(ip);
      else log(`Unable to parse service.spec.LoadBalancerIP ${part}`);
    }
  }
  return ips.filter(
    (ip, index) => index === 0 || ips[index - 1]?.value !== ip.value || ips[index - 1]?.bits !== ip.bits,
  );
}

export function requestedFamilies(
  service: Obj,
  behaviour: LbIpamBehaviour,
): { ipv4: boolean; ipv6: boolean } {
  const spec = specOf(service);
  const families = spec.ipFamilies ?? [];
  const single = () =>
    families.length > 0
      ? { ipv4: families[0] === "IPv4", ipv6: families[0] !== "IPv4" }
      : { ipv4: behaviour.ipv4Enabled, ipv6: !behaviour.ipv4Enabled && behaviour.ipv6Enabled };
  switch (spec.ipFamilyPolicy) {
    case undefined:
    case "SingleStack":
      return single();
    case "PreferDualStack":
      if (families.length === 0) return { ipv4: behaviour.ipv4Enabled, ipv6: behaviour.ipv6Enabled };
      return {
        ipv4: families.includes("IPv4") && behaviour.ipv4Enabled,
        ipv6: families.includes("IPv6") && behaviour.ipv6Enabled,
      };
    case "RequireDualStack":
      return { ipv4: behaviour.ipv4Enabled, ipv6: behaviour.ipv6Enabled };
    default:
      return { ipv4: false, ipv6: false };
  }
}

/** Updates (or creates) the view from a Service event (lbipam.go serviceViewFromService). */
export function updateServiceView(
  existing: ServiceView | undefined,
  service: Obj,
  behaviour: LbIpamBehaviour,
  log: (message: string) => void,
): ServiceView {
  const spec = specOf(service);
  const key = `${service.metadata.namespace}/${service.metadata.name}`;
  const view: ServiceView = existing ?? {
    key,
    namespace: "",
    labels: {},
    generation: 0,
    status: { loadBalancer: {} },
    sharingKey: "",
    sharingCrossNamespace: [],
    externalTrafficPolicy: "",
    ports: [],
    selector: {},
    requestedIps: [],
    requestedFamilies: { ipv4: false, ipv6: false },
    allocatedIps: [],
  };
  view.generation = service.metadata.generation ?? 0;
  view.labels = {
    ...(service.metadata.labels ?? {}),
    [SERVICE_NAME_LABEL]: service.metadata.name,
    [SERVICE_NAMESPACE_LABEL]: service.metadata.namespace ?? "",
  };
  view.requestedFamilies = requestedFamilies(service, behaviour);
  view.requestedIps = requestedIps(service, log);
  view.sharingKey = annotation(service, SHARING_KEY_ANNOTATIONS);
  const crossNamespace = annotation(service, SHARING_CROSS_NAMESPACE_ANNOTATIONS);
  view.sharingCrossNamespace = crossNamespace === "" ? [] : crossNamespace.split(",");
  view.externalTrafficPolicy = spec.externalTrafficPolicy ?? "";
  // The API server defaults a port's protocol to TCP.
  view.ports = (spec.ports ?? []).map((port) => ({ port: port.port, protocol: port.protocol ?? "TCP" }));
  view.namespace = service.metadata.namespace ?? "";
  view.selector = { ...(spec.selector ?? {}) };
  view.status = statusOf(service);
  return view;
}

/** The Service's status as Cilium's slim types keep it (loadBalancer always present). */
export function statusOf(service: Obj): ServiceStatus {
  const status = structuredClone((service.status ?? {}) as Partial<ServiceStatus>);
  return {
    loadBalancer: status.loadBalancer ?? {},
    ...(status.conditions && status.conditions.length > 0 ? { conditions: status.conditions } : {}),
  };
}

/** [compatible, reason] (service_store.go isCompatible; 1.16 has no reason). */
export function isCompatible(a: ServiceView, b: ServiceView, behaviour: LbIpamBehaviour): [boolean, string] {
  if (a.sharingKey !== b.sharingKey) return [false, "different sharing key"];
  if (a.namespace !== b.namespace) {
    const allows = (view: ServiceView, other: string) =>
      view.sharingCrossNamespace.includes(other) || view.sharingCrossNamespace.includes("*");
    if (!allows(a, b.namespace) || !allows(b, a.namespace))
      return [false, "different and not permitted namespace"];
  }
  for (const port1 of a.ports) {
    for (const port2 of b.ports) {
      if (port1.port !== port2.port) continue;
      if (behaviour.portClash === "port") return [false, "same port"];
      if (port1.protocol === port2.protocol) return [false, "same port and protocol"];
    }
  }
  if (a.externalTrafficPolicy !== b.externalTrafficPolicy) return [false, "different ExternalTrafficPolicy"];
  if (a.externalTrafficPolicy === "Local") {
    const reason = "compatible ExternalTrafficPolicy local but selecting different set of pods";
    if (Object.keys(a.selector).length === 0 || Object.keys(b.selector).length === 0) return [false, reason];
    if (!sameMap(a.selector, b.selector)) return [false, reason];
  }
  return [true, ""];
}

function sameMap(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}

/** All requested IPs are ingresses, or every requested family has one (service_store.go isSatisfied). */
export function isSatisfied(view: ServiceView): boolean {
  const ingressIps = (view.status.loadBalancer.ingress ?? []).map((ingress) =>
    ingress.ip ? parseAddr(ingress.ip) : undefined,
  );
  if (view.requestedIps.length > 0) {
    return view.requestedIps.every((requested) =>
      ingressIps.some((ip) => ip !== undefined && ip.bits === requested.bits && ip.value === requested.value),
    );
  }
  let hasV4 = false;
  let hasV6 = false;
  for (const ingress of view.status.loadBalancer.ingress ?? []) {
    // net.ParseIP(x).To4() == nil: anything that is not an IPv4 address (even "") counts as IPv6.
    const ip = ingress.ip ? parseAddr(ingress.ip) : undefined;
    if (ip?.bits === 32) hasV4 = true;
    else hasV6 = true;
  }
  return !((view.requestedFamilies.ipv4 && !hasV4) || (view.requestedFamilies.ipv6 && !hasV6));
}

export function ipString(ip: Addr): string {
  return formatAddr(ip);
}
