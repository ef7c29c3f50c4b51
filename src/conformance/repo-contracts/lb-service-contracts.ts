// What each LoadBalancer Service of the repo promises, read the way Cilium reads it: the addresses
// it asks for (the IPs annotation names this version reads, operator/pkg/lbipam/lbipam.go), the
// sharing key, the pools whose serviceSelector takes it and the L2 policies that announce it (both
// match the Service's labels plus io.kubernetes.service.namespace/name: lbipam svcLabels,
// pkg/l2announcer svcAndMetaLabels), the Services it shares its address with
// (src/lbipam/ip-sharing.ts, as the static checks read it), and the ports a client can try.

import { record } from "../../checks/gateway-api-objects.ts";
import { CILIUM_LB_CLASSES, handledByLbIpam, loadBalancerClassOf } from "../../checks/lb-services.ts";
import type { CiliumCompat } from "../../compat/compat-types.ts";
import type { Labels } from "../../k8s/label-selector.ts";
import {
  requestedIps,
  type SharedIp,
  type SharingAnnotations,
  sharedIpGroups,
  sharingAnnotations,
  sharingKeyOf,
} from "../../lbipam/ip-sharing.ts";
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
  /** Addresses asked for (annotation, then spec.loadBalancerIP); empty = any address of a pool that selects it. */
  requested: string[];
  sharingKey: string | undefined;
  /** The other Services LB-IPAM puts on its address (`namespace/name`), in repo order. */
  sharedWith: string[];
  /** Pools that select the Service (by name). */
  pools: string[];
  /** L2 policies that announce its address (by name); empty = nobody answers ARP for it. */
  announcedBy: string[];
  /** Every port, as written. */
  ports: ServicePort[];
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

/** The repo's sharing groups, once per Services list and annotation names (not once per Service). */
const groupCache = new WeakMap<readonly Manifest[], Map<string, SharedIp[]>>();

function groupsOf(services: readonly Manifest[], names: SharingAnnotations): SharedIp[] {
  const byNames = groupCache.get(services) ?? new Map<string, SharedIp[]>();
  groupCache.set(services, byNames);
  const key = JSON.stringify(names);
  const known = byNames.get(key);
  if (known) return known;
  const groups = sharedIpGroups(services.filter(handledByLbIpam), names);
  byNames.set(key, groups);
  return groups;
}

const serviceId = (service: Manifest) => `${service.namespace ?? "default"}/${service.name}`;

export function lbServiceContract(
  service: Manifest,
  repo: { pools: readonly Manifest[]; l2Policies: readonly Manifest[]; services?: readonly Manifest[] },
  compat: CiliumCompat,
): LbServiceContract {
  const namespace = service.namespace ?? "default";
  const metadata = record(service.body.metadata);
  const names = sharingAnnotations(compat);
  const requested = requestedIps(service, names).map((request) => request.text);
  const sharingKey = sharingKeyOf(service, names)?.key;
  const group = groupsOf(repo.services ?? [], names).find((candidate) =>
    candidate.services.includes(service),
  );
  const sharedWith = (group?.services ?? []).filter((other) => other !== service).map(serviceId);
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
    sharedWith,
    pools: repo.pools.filter((pool) => poolSelects(pool, selection)).map((pool) => pool.name),
    announcedBy:
      lbClass === "io.cilium/bgp-control-plane"
        ? []
        : announcingNodes(repo.l2Policies, identity, []).policies,
    ports,
    tcpPorts: ports.filter((port) => port.protocol === "TCP"),
    notProven,
    notHandled,
  };
}

/**
 * The Services LB-IPAM puts on one address, when more than one does (keyed `namespace/sharing key`
 * of the first): they must end up on one address.
 */
export function sharingGroups(contracts: readonly LbServiceContract[]): Map<string, LbServiceContract[]> {
  const groups = new Map<string, LbServiceContract[]>();
  const placed = new Set<LbServiceContract>();
  for (const contract of contracts) {
    if (placed.has(contract) || contract.sharedWith.length === 0 || contract.notHandled) continue;
    const members = [
      contract,
      ...contracts.filter((other) => contract.sharedWith.includes(`${other.namespace}/${other.name}`)),
    ];
    for (const member of members) placed.add(member);
    const key = `${contract.namespace}/${contract.sharingKey ?? ""}`;
    let unique = key;
    for (let n = 2; groups.has(unique); n += 1) unique = `${key} #${n}`;
    groups.set(unique, members);
  }
  return groups;
}

/** The Services that share the contract's address and that an L2 policy announces, itself first. */
export function announcedSharers(
  contract: LbServiceContract,
  contracts: readonly LbServiceContract[],
): LbServiceContract[] {
  if (contract.announcedBy.length === 0) return [];
  const others = contracts.filter(
    (other) =>
      contract.sharedWith.includes(`${other.namespace}/${other.name}`) && other.announcedBy.length > 0,
  );
  return others.length > 0 ? [contract, ...others] : [];
}
