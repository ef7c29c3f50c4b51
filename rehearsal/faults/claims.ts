// README's "What each suite proves", claim by claim, and the faults that prove each (issue 12):
// a fault proves a claim when breaking that one thing in the double turns the claim's case red.
// Each `text` is a verbatim fragment of the suite's README row, and every `; `-separated part of a
// row holds at least one (test/rehearsal/faults/claims.test.ts), so a claim added to the README
// shows up here, unproven until a fault proves it. docs/fault-catalogue.md is generated from this.

import type { FaultSuite } from "./catalogue.ts";

export type ClaimSuite = Exclude<FaultSuite, "provisioning">;

export interface Claim {
  suite: ClaimSuite;
  /** Verbatim from the suite's row of README's table. */
  text: string;
  /** Fault names (catalogue.ts) whose named case proves this claim; empty: unproven. */
  faults: readonly string[];
}

export const CLAIMS: readonly Claim[] = [
  { suite: "kube-proxy-replacement", text: "no kube-proxy DaemonSet", faults: ["kpr-kube-proxy-daemonset"] },
  {
    suite: "kube-proxy-replacement",
    text: "every agent reports `KubeProxyReplacement: True`",
    faults: ["kpr-agent-reports-false"],
  },
  { suite: "kube-proxy-replacement", text: "a ClusterIP Service answers from a pod", faults: [] },
  {
    suite: "kube-proxy-replacement",
    text: "a NodePort answers from the LAN client on every node",
    faults: ["kpr-nodeport-unanswered"],
  },
  {
    suite: "kube-proxy-replacement",
    text: "no node has kube-proxy's iptables chains (legacy or nft backend)",
    faults: ["kpr-kube-proxy-chains-legacy", "kpr-kube-proxy-chains-nft"],
  },
  {
    suite: "kube-proxy-replacement",
    text: "or nftables tables",
    faults: ["kpr-kube-proxy-nftables-table"],
  },
  { suite: "lb-ipam", text: "the repo's pool is applied verbatim", faults: [] },
  {
    suite: "lb-ipam",
    text: "`IPsTotal` is its blocks' raw size (reserved first/last addresses count as used)",
    faults: ["lbipam-ips-total-wrong"],
  },
  { suite: "lb-ipam", text: "no `PoolConflict`", faults: ["lbipam-pool-conflict"] },
  { suite: "lb-ipam", text: "a Service gets an IP in the pool", faults: ["lbipam-ip-outside-pool"] },
  {
    suite: "lb-ipam",
    text: "with `cilium.io/IPAMRequestSatisfied=True`",
    faults: ["lbipam-no-satisfied-condition"],
  },
  {
    suite: "lb-ipam",
    text: "a requested IP (the version's annotation) is honoured, including the pool's last address",
    faults: ["lbipam-requested-ip-ignored"],
  },
  {
    suite: "lb-ipam",
    text: "a request outside every pool is refused with `no_pool` and no IP",
    faults: ["lbipam-unpooled-request-assigned"],
  },
  {
    suite: "lb-ipam",
    text: "two Services with one sharing key share an IP",
    faults: ["lbipam-sharing-key-ignored"],
  },
  { suite: "lb-ipam", text: "`IPsAvailable` drops by the IPs they hold", faults: ["lbipam-counters-frozen"] },
  {
    suite: "lb-ipam",
    text: "returns to its earlier value once they are deleted",
    faults: ["lbipam-ips-not-released"],
  },
  { suite: "l2-announcements", text: "the repo's L2 policy is applied", faults: [] },
  {
    suite: "l2-announcements",
    text: "has a live holder, a node the policy's nodeSelector selects",
    faults: [],
  },
  {
    suite: "l2-announcements",
    text: "ARP from the LAN client is answered by exactly one MAC",
    faults: ["l2-two-nodes-answer"],
  },
  {
    suite: "l2-announcements",
    text: "the holder's",
    faults: ["l2-non-holder-answers", "l2-nobody-answers"],
  },
  { suite: "l2-announcements", text: "and stays so", faults: [] },
  { suite: "l2-announcements", text: "HTTP from the runner reaches the echo backend", faults: [] },
  {
    suite: "l2-announcements",
    text: "a Service the policy does not select gets no ARP answer once an election would have finished",
    faults: ["l2-unselected-service-announced"],
  },
  {
    suite: "l2-announcements",
    text: "another node the policy selects takes the Lease",
    faults: ["l2-failover-never", "l2-paused-holder-keeps-lease"],
  },
  { suite: "l2-announcements", text: "answers ARP alone", faults: ["l2-paused-holder-keeps-answering"] },
  {
    suite: "l2-announcements",
    text: "within leaseDuration + 2 × 2.2 × retryPeriod + one ARP round + margin (28.3 s with the defaults)",
    faults: ["l2-failover-slow"],
  },
  { suite: "l2-announcements", text: "HTTP recovers", faults: [] },
  {
    suite: "l2-announcements",
    text: "the measured failover time and any window with two answering MACs are reported",
    faults: [],
  },
  { suite: "gateway-api", text: "CRDs `Established`", faults: [] },
  { suite: "gateway-api", text: "GatewayClass `cilium` Accepted", faults: ["gateway-class-not-accepted"] },
  {
    suite: "gateway-api",
    text: "Accepted and Programmed with an address from the pool",
    faults: ["gateway-never-programmed"],
  },
  { suite: "gateway-api", text: "announced by its Lease holder's MAC alone", faults: [] },
  {
    suite: "gateway-api",
    text: "HTTPRoutes Accepted with ResolvedRefs",
    faults: ["gateway-route-backends-not-found"],
  },
  { suite: "gateway-api", text: "path prefix", faults: ["gateway-path-match-ignored"] },
  { suite: "gateway-api", text: "exact path", faults: ["gateway-exact-path-never-matches"] },
  { suite: "gateway-api", text: "header match", faults: ["gateway-header-match-ignored"] },
  { suite: "gateway-api", text: "hostname", faults: ["gateway-hostname-match-ignored"] },
  { suite: "gateway-api", text: "weighted split", faults: ["gateway-weights-60-40"] },
  { suite: "gateway-api", text: "404 for no match", faults: ["gateway-no-404"] },
  {
    suite: "repo-contracts",
    text: "the repo's own Gateways, HTTPRoutes and LoadBalancer Services, applied as written into the namespaces they name, an echo stand-in behind every Service they reach",
    faults: [],
  },
  { suite: "repo-contracts", text: "each Gateway Programmed with a pool address", faults: [] },
  {
    suite: "repo-contracts",
    text: "one case per route rule, named after its file:line: the requests it promises",
    faults: ["repo-route-path-match-ignored"],
  },
  { suite: "repo-contracts", text: "redirects and rewrites by their effect", faults: [] },
  { suite: "repo-contracts", text: "weighted rules by the split test", faults: [] },
  {
    suite: "repo-contracts",
    text: "the same requests without each narrowing go elsewhere",
    faults: ["repo-route-path-match-ignored"],
  },
  { suite: "repo-contracts", text: "a 404 per Gateway port", faults: [] },
  {
    suite: "repo-contracts",
    text: "per LoadBalancer Service the address it asks for (or one from a pool that selects it)",
    faults: [],
  },
  { suite: "repo-contracts", text: "sharing keys held", faults: [] },
  { suite: "repo-contracts", text: "ARP from its Lease holder alone", faults: [] },
  { suite: "repo-contracts", text: "every TCP port answering", faults: [] },
  { suite: "repo-contracts", text: "what it cannot prove", faults: [] },
  {
    suite: "hubble",
    text: "relay reaches every node and none is unavailable",
    faults: ["hubble-relay-missing-node"],
  },
  {
    suite: "hubble",
    text: "the suite's traffic shows as FORWARDED flows to the echo pods",
    faults: ["hubble-no-flows"],
  },
  { suite: "hubble", text: "with pod names resolved", faults: ["hubble-flows-without-pod-names"] },
  {
    suite: "hubble",
    text: "the UI serves its page through a port-forward to where the `hubble-ui` Service's port 80 leads",
    // hubble-ui-down is caught earlier, by `up` (an unready hubble-ui fails `cilium status --wait`):
    // a UI that is Ready yet serves no page through its Service has no fault yet.
    faults: [],
  },
  {
    suite: "connectivity",
    text: "`cilium connectivity test` passes",
    faults: ["connectivity-one-test-failing"],
  },
  { suite: "connectivity", text: "`--offline` skips the tests that need the internet", faults: [] },
  {
    suite: "connectivity",
    text: "each of its tests is its own case in the reports with its failure text",
    faults: ["connectivity-one-test-failing"],
  },
  { suite: "connectivity", text: "a crash", faults: ["connectivity-cli-crash"] },
  {
    suite: "connectivity",
    text: "a missing JUnit is an infrastructure failure",
    faults: ["connectivity-no-junit"],
  },
];
