// Which LoadBalancer Services LB-IPAM puts on one address, read the way the operator reads them
// (cilium/cilium v1.18, operator/pkg/lbipam/lbipam.go: getSVCRequestedIPs, getSVCSharingKey,
// satisfySpecificIPRequests, satisfyGenericIPv4Requests; service_store.go: isCompatible):
// - the requested addresses are spec.loadBalancerIP plus the IPs annotation (comma-separated);
// - a requested address already taken is shared only with a sharing key and a compatible holder,
//   else the Service gets none (already_allocated / already_allocated_incompatible_service);
// - without a request, a Service with a sharing key joins an address of that key whose holders are
//   all compatible, else it gets a fresh one;
// - compatible = same sharing key; same namespace, or both allow the other's namespace through
//   sharing-cross-namespace (or `*`); no port used by both with the same protocol (protocol
//   differentiation is on by default from 1.16, the only setting this models); the same
//   externalTrafficPolicy, and for Local the same selector.
// The static checks (service-lb-ipam, l2-shared-ip-leases) and the repo-contracts suite read
// sharing here, so the three agree on who shares what.

import { record } from "../checks/gateway-api-objects.ts";
import { annotatedIpRequests, type IpRequest } from "../checks/lb-ip-requests.ts";
import type { CiliumCompat } from "../compat/compat-types.ts";
import type { Manifest } from "../repo/infra-model.ts";

/** The annotation names this Cilium version reads for sharing (current name first). */
export interface SharingAnnotations {
  ips: readonly string[];
  sharingKeys: readonly string[];
  crossNamespace: string | undefined;
}

export function sharingAnnotations(compat: CiliumCompat): SharingAnnotations {
  return {
    ips: [compat.ipsAnnotation.value, ...compat.ipsAnnotationLegacy.value],
    sharingKeys: [compat.sharingKeyAnnotation.value, ...compat.sharingKeyAnnotationLegacy.value],
    crossNamespace: compat.sharingCrossNamespaceAnnotation.value,
  };
}

export interface ServicePortEntry {
  port: number;
  protocol: string;
  /** Index in spec.ports, for the finding's line. */
  index: number;
}

function annotationsOf(service: Manifest): Record<string, unknown> {
  return record(record(service.body.metadata).annotations);
}

/** The addresses a Service asks for, as written: the annotation's, then spec.loadBalancerIP. */
export function requestedIps(service: Manifest, names: SharingAnnotations): IpRequest[] {
  const out = annotatedIpRequests(annotationsOf(service), names.ips, ["metadata", "annotations"]);
  const loadBalancerIP = record(service.body.spec).loadBalancerIP;
  if (typeof loadBalancerIP === "string" && loadBalancerIP !== "") {
    out.push({
      text: loadBalancerIP,
      path: ["spec", "loadBalancerIP"],
      via: "spec.loadBalancerIP (deprecated)",
    });
  }
  return out;
}

/** The sharing key and the annotation it was read from (the first name this version reads). */
export function sharingKeyOf(
  service: Manifest,
  names: SharingAnnotations,
): { key: string; annotation: string } | undefined {
  const annotations = annotationsOf(service);
  for (const annotation of names.sharingKeys) {
    const key = annotations[annotation];
    if (typeof key === "string" && key !== "") return { key, annotation };
  }
  return undefined;
}

export function portsOf(service: Manifest): ServicePortEntry[] {
  const ports = record(service.body.spec).ports;
  if (!Array.isArray(ports)) return [];
  return ports.flatMap((raw, index) => {
    const port = record(raw);
    if (typeof port.port !== "number") return [];
    return [{ port: port.port, protocol: typeof port.protocol === "string" ? port.protocol : "TCP", index }];
  });
}

/** Both Services let the other's namespace share (always within one namespace). */
export function namespacesMayShare(a: Manifest, b: Manifest, names: SharingAnnotations): boolean {
  const allows = (service: Manifest, namespace: string | undefined): boolean => {
    if (service.namespace === namespace) return true;
    if (!names.crossNamespace) return false;
    const value = annotationsOf(service)[names.crossNamespace];
    if (typeof value !== "string") return false;
    const allowed = value.split(",").map((part) => part.trim());
    return allowed.includes("*") || (namespace !== undefined && allowed.includes(namespace));
  };
  return allows(a, b.namespace) && allows(b, a.namespace);
}

/** The first port of `a` that `b` also uses with the same protocol. */
export function clashingPort(a: Manifest, b: Manifest): ServicePortEntry | undefined {
  const other = portsOf(b);
  return portsOf(a).find((port) =>
    other.some((candidate) => candidate.port === port.port && candidate.protocol === port.protocol),
  );
}

function trafficPolicyOf(service: Manifest): string {
  const value = record(service.body.spec).externalTrafficPolicy;
  return typeof value === "string" && value !== "" ? value : "Cluster";
}

function selectorText(service: Manifest): string | undefined {
  const selector = record(record(service.body.spec).selector);
  const entries = Object.entries(selector).sort(([a], [b]) => (a < b ? -1 : 1));
  return entries.length > 0 ? JSON.stringify(entries) : undefined;
}

/** Whether LB-IPAM lets the two share an address (isCompatible, plus the sharing key itself). */
export function mayShare(a: Manifest, b: Manifest, names: SharingAnnotations): boolean {
  const keyA = sharingKeyOf(a, names)?.key;
  if (keyA === undefined || keyA !== sharingKeyOf(b, names)?.key) return false;
  if (!namespacesMayShare(a, b, names) || clashingPort(a, b)) return false;
  if (trafficPolicyOf(a) !== trafficPolicyOf(b)) return false;
  if (trafficPolicyOf(a) === "Local") {
    const selector = selectorText(a);
    return selector !== undefined && selector === selectorText(b);
  }
  return true;
}

export interface SharedIp {
  key: string;
  /** The requested address they share; undefined when none asks for one (a pool address). */
  ip: string | undefined;
  /** In repo order; at least two. */
  services: Manifest[];
}

/**
 * The groups of Services LB-IPAM puts on one address, taking the Services in repo order as the
 * operator takes them in event order. Pass only Services LB-IPAM handles (lbIpamServices).
 */
export function sharedIpGroups(services: readonly Manifest[], names: SharingAnnotations): SharedIp[] {
  const groups: SharedIp[] = [];
  for (const service of services) {
    const key = sharingKeyOf(service, names)?.key;
    if (key === undefined) continue;
    const requested = requestedIps(service, names).map((request) => request.text);
    const joined = groups.find(
      (group) =>
        group.key === key &&
        group.services.every((member) => mayShare(member, service, names)) &&
        (requested.length === 0 ? true : group.ip !== undefined && requested.includes(group.ip)),
    );
    if (joined) joined.services.push(service);
    else groups.push({ key, ip: requested[0], services: [service] });
  }
  return groups.filter((group) => group.services.length > 1);
}
