// What each LoadBalancer Service of the repo promises, read the way Cilium reads it: the addresses
// it asks for (the IPs annotation names this version reads, operator/pkg/lbipam/lbipam.go), the
// sharing key, the pools whose serviceSelector takes it and the L2 policies that announce it (both
// match the Service's labels plus io.kubernetes.service.namespace/name: lbipam svcLabels,
// pkg/l2announcer svcAndMetaLabels), and the ports a client can try.

import { record } from "../../checks/gateway-api-objects.ts";
import { annotatedIpRequests } from "../../checks/lb-ip-requests.ts";
import { CILIUM_LB_CLASSES, loadBalancerClassOf } from "../../checks/lb-services.ts";
import type { CiliumCompat } from "../../compat/compat-types.ts";
import type { Labels } from "../../k8s/label-selector.ts";
import type { Manifest } from "../../repo/infra-model.ts";
import { announcingNodes, serviceSelectionLabels } from "../l2-announcements/announcing-nodes.ts";
import { poolSelects } from "../lb-ipam/pool-expectations.ts";

export interface ServicePort {
  name: string | undefined;
  port: number;
  protocol: string;
}

export interface LbServiceContract {
  namespace: string;
  name: string;
  /** `Service pihole/pihole-dns-tcp (apps/pihole/dns-services.yaml:20)`. */
  title: string;
  file: string;
  line: number;
  /** Addresses asked for; empty = any address of a pool that selects it. */
  requested: string[];
  sharingKey: string | undefined;
  /** Pools that select the Service (by name). */
  pools: string[];
  /** L2 policies that announce its address (by name); empty = nobody answers ARP for it. */
  announcedBy: string[];
  /** Ports a client can prove (TCP). */
  tcpPorts: ServicePort[];
  /** Why some of it cannot be proven here, one sentence each. */
  notProven: string[];
  /** Set when Cilium does not handle the Service at all (another loadBalancerClass). */
  notHandled: string | undefined;
}

function stringLabels(value: unknown): Labels {
  return Object.fromEntries(
    Object.entries(record(value)).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
}

function portsOf(service: Manifest): ServicePort[] {
  const ports = record(service.body.spec).ports;
  return (Array.isArray(ports) ? ports : []).map((raw) => {
    const port = record(raw);
    return {
      name: typeof port.name === "string" ? port.name : undefined,
      port: typeof port.port === "number" ? port.port : 0,
      protocol: typeof port.protocol === "string" ? port.protocol : "TCP",
    };
  });
}

export function lbServiceContract(
  service: Manifest,
  repo: { pools: readonly Manifest[]; l2Policies: readonly Manifest[] },
  compat: CiliumCompat,
): LbServiceContract {
  const namespace = service.namespace ?? "default";
  const metadata = record(service.body.metadata);
  const annotations = record(metadata.annotations);
  const requested = annotatedIpRequests(
    annotations,
    [compat.ipsAnnotation.value, ...compat.ipsAnnotationLegacy.value],
    ["metadata", "annotations"],
  ).map((request) => request.text);
  const sharingKey = [compat.sharingKeyAnnotation.value, ...compat.sharingKeyAnnotationLegacy.value]
    .map((name) => annotations[name])
    .find((value): value is string => typeof value === "string" && value !== "");
  const identity = { namespace, name: service.name, labels: stringLabels(metadata.labels) };
  const selection = serviceSelectionLabels(identity);
  const ports = portsOf(service);
  const notProven = ports
    .filter((port) => port.protocol !== "TCP")
    .map(
      (port) =>
        `port ${port.port}/${port.protocol}${port.name ? ` (${port.name})` : ""}: not proven (the echo stand-in answers TCP only)`,
    );
  const lbClass = loadBalancerClassOf(service);
  const notHandled =
    lbClass !== undefined && !(CILIUM_LB_CLASSES as readonly string[]).includes(lbClass)
      ? `loadBalancerClass ${lbClass} is not Cilium's: LB-IPAM gives it no address, so nothing about it is asserted`
      : undefined;
  return {
    namespace,
    name: service.name,
    title: `Service ${namespace}/${service.name} (${service.location.file}:${service.location.line})`,
    file: service.location.file,
    line: service.location.line,
    requested,
    sharingKey,
    pools: repo.pools.filter((pool) => poolSelects(pool, selection)).map((pool) => pool.name),
    announcedBy:
      lbClass === "io.cilium/bgp-control-plane"
        ? []
        : announcingNodes(repo.l2Policies, identity, []).policies,
    tcpPorts: ports.filter((port) => port.protocol === "TCP"),
    notProven,
    notHandled,
  };
}

/** Services that ask for one sharing key, when more than one does: they must end up on one address. */
export function sharingGroups(contracts: readonly LbServiceContract[]): Map<string, LbServiceContract[]> {
  const groups = new Map<string, LbServiceContract[]>();
  for (const contract of contracts) {
    if (!contract.sharingKey || contract.notHandled) continue;
    const key = `${contract.namespace}/${contract.sharingKey}`;
    groups.set(key, [...(groups.get(key) ?? []), contract]);
  }
  return new Map([...groups].filter(([, members]) => members.length > 1));
}
