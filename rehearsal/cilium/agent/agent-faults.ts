// The agent's faults (issue 12): each name is a small, documented departure from Cilium's
// behaviour, checked where it acts. Faults about "one node" hit the node whose name sorts last,
// so every agent agrees without talking to the others.

import type { ResponderFaults } from "./l2/arp-responder.ts";
import type { AnnouncerFaults } from "./l2/l2-announcer.ts";

export const AGENT_FAULTS = {
  /** L2: every eligible node answers ARP for every selected Service, holder or not. */
  l2DuplicateAnswer: "l2-two-nodes-answer",
  /** L2: the nodes that do NOT hold a Service's Lease answer ARP for it; the holder does not. */
  l2NonHolderAnswers: "l2-non-holder-answers",
  /** L2: no node answers ARP for any announced Service. */
  l2NobodyAnswers: "l2-nobody-answers",
  /** L2: the policies' serviceSelector is ignored (a Service they do not select is announced). */
  l2IgnoreServiceSelector: "l2-unselected-service-announced",
  /** L2: candidates never consider a silent holder's Lease expired (failover never happens). */
  l2NoTakeover: "l2-failover-never",
  /** L2: holders write an hour-long leaseDurationSeconds, so a paused holder keeps the Lease. */
  l2HolderKeepsLease: "l2-paused-holder-keeps-lease",
  /** L2: candidates wait three lease durations before taking over. */
  l2SlowTakeover: "l2-failover-slow",
  /** L2: a paused holder's kernel keeps answering ARP (no liveness mute). */
  l2NoLivenessMute: "l2-paused-holder-keeps-answering",
  /** KPR: kube-proxy's iptables chains (legacy backend) on one node. */
  kprKubeProxyChainsLegacy: "kpr-kube-proxy-chains-legacy",
  /** KPR: kube-proxy's iptables chains (nft backend) on one node. */
  kprKubeProxyChainsNft: "kpr-kube-proxy-chains-nft",
  /** KPR: kube-proxy's nftables-mode table (`ip kube-proxy`) on one node. */
  kprKubeProxyNftTable: "kpr-kube-proxy-nftables-table",
  /** KPR: one agent reports KubeProxyReplacement False. */
  kprStatusFalse: "kpr-agent-reports-false",
  /** KPR: one node serves no NodePort. */
  kprNodePortUnanswered: "kpr-nodeport-unanswered",
  /** Hubble: one agent's Hubble server is not listening (the relay misses that node). */
  hubbleServerDownOnOneNode: "hubble-relay-missing-node",
  /** Hubble: flows carry no pod names or namespaces. */
  hubbleNoPodNames: "hubble-flows-without-pod-names",
  /** Hubble: agents record no flows. */
  hubbleNoFlows: "hubble-no-flows",
} as const;

export function isFaultTarget(nodeName: string, nodeNames: readonly string[]): boolean {
  const sorted = [...nodeNames].sort();
  return sorted.length > 0 && sorted[sorted.length - 1] === nodeName;
}

/**
 * The node whose Hubble server the hubble-relay-missing-node fault stops: the last by name among the
 * nodes no hubble-relay pod runs on; undefined until one is scheduled. Not the relay's own node: its
 * relay reaches the peer service through that node's agent only (hubble-peer has
 * internalTrafficPolicy Local), and a relay without it is never Ready (pkg/hubble/relay/server
 * health.go: SERVING needs the peer service connected), so `up` would fail instead of the suite.
 */
export function hubbleFaultNode(
  nodeNames: readonly string[],
  relayNodes: readonly string[],
): string | undefined {
  if (relayNodes.length === 0) return undefined;
  const candidates = nodeNames.filter((name) => !relayNodes.includes(name));
  return candidates.find((name) => isFaultTarget(name, candidates));
}

export function announcerFaults(has: (name: string) => boolean): AnnouncerFaults {
  return {
    election: {
      ...(has(AGENT_FAULTS.l2NoTakeover) ? { neverTakeOver: true } : {}),
      ...(has(AGENT_FAULTS.l2SlowTakeover) ? { takeoverDelayFactor: 3 } : {}),
      ...(has(AGENT_FAULTS.l2HolderKeepsLease) ? { holderLeaseSeconds: 3600 } : {}),
    },
    selection: has(AGENT_FAULTS.l2IgnoreServiceSelector) ? { ignoreServiceSelector: true } : {},
    announceWithoutLease: has(AGENT_FAULTS.l2DuplicateAnswer),
    announceWhenNotLeading: has(AGENT_FAULTS.l2NonHolderAnswers),
    neverAnnounce: has(AGENT_FAULTS.l2NobodyAnswers),
  };
}

export function responderFaults(has: (name: string) => boolean): ResponderFaults {
  return has(AGENT_FAULTS.l2NoLivenessMute) ? { noLivenessMute: true } : {};
}
