// Why Services sharing one LB IP can be announced from two nodes at once, and the fix, said the
// same way by the static check (l2-shared-ip-leases) and the repo-contracts suite's ARP case.
//
// Cilium's L2 announcer runs one leader election per Service, with one Lease per Service
// (cilium/cilium v1.18, pkg/l2announcer/l2announcer.go: addSelectedService → newLeaseLock(svc),
// Lease `cilium-l2announce-<namespace>-<name>`), and keeps an IP's ARP entry on a node while that
// node leads any Service among the entry's Origins (recalculateL2EntriesTableEntries). Nothing ties
// the elections of Services that LB-IPAM put on one address: each winner answers ARP for it.
// Reported as cilium/cilium#48419 (open); the docs PR cilium/cilium#48456 (open) would mark sharing
// keys as unsupported with L2 announcements.
//
// The fix is one Service with all the ports: Kubernetes accepts TCP and UDP ports in one
// LoadBalancer Service since 1.26 (MixedProtocolLBService GA, kubernetes/kubernetes
// pkg/features/kube_features.go), and LB-IPAM allocates per Service without looking at protocols
// (operator/pkg/lbipam/lbipam.go; ports matter only between sharers, service_store.go isCompatible),
// while protocol differentiation in the datapath is on by default (bpf-lb-proto-diff, 1.16+).

export const SPLIT_ANNOUNCER_ISSUE = "cilium/cilium#48419";

export interface SharingService {
  namespace: string;
  name: string;
  file: string;
  line: number;
  /** `53/UDP`, … */
  ports: readonly string[];
}

const named = (service: SharingService) =>
  `${service.namespace}/${service.name} (${service.file}:${service.line})`;

/** Why one address shared by several announced Services can get several ARP answers. */
export function splitAnnouncerWhy(count: number): string {
  return `Cilium's L2 announcer elects the answering node per Service, one Lease each (cilium-l2announce-<namespace>-<name>), not per address: when the ${count} Leases land on different nodes, each of them answers ARP for the address, LAN clients flip between the MACs and connections break at random (${SPLIT_ANNOUNCER_ISSUE}, open).`;
}

/** The fix: one Service carrying every port of the sharers. */
export function mergeServicesFix(services: readonly SharingService[]): string {
  const ports = [...new Set(services.flatMap((service) => service.ports))];
  return `Fix: merge ${services.map(named).join(" and ")} into one LoadBalancer Service with all their ports (${ports.join(", ")}) and no sharing key: mixed TCP/UDP LoadBalancer Services are GA since Kubernetes 1.26, and one Service has one Lease, so one node answers.`;
}
