// The fault catalogue (issue 12): every fault the double can inject, the suite and case that must
// catch it, and the failure class. `scripts/rehearse.sh --list-faults [--format json]` prints it;
// rehearse.ts refuses a `--fault` not listed here. Each entry's behaviour lives where it acts
// (`hasFault(name)` in that component) and is documented here.

export type FaultSuite =
  | "kube-proxy-replacement"
  | "lb-ipam"
  | "l2-announcements"
  | "gateway-api"
  | "hubble"
  | "connectivity"
  | "provisioning";

export interface Fault {
  name: string;
  suite: FaultSuite;
  /** The case (test name) that must go red. */
  case: string;
  class: "conformance" | "infrastructure";
  /** What the double does differently, and the upstream behaviour it breaks. */
  description: string;
}

function lbipam(name: string, testCase: string, description: string): Fault {
  return { name, suite: "lb-ipam", case: testCase, class: "conformance", description };
}

export const FAULTS: readonly Fault[] = [
  {
    name: "kind-create-fails",
    suite: "provisioning",
    case: "Infrastructure/Provisioning",
    class: "infrastructure",
    description:
      "the fake kind's create cluster fails after starting the node containers (as kind does when kubeadm init fails), so `up` must collect diagnostics and clean up",
  },
  {
    name: "l2-two-nodes-answer",
    suite: "l2-announcements",
    case: "the Service's Lease has a live holder, a node the policy selects, and ARP is answered by its MAC alone",
    class: "conformance",
    description:
      "every node the policy selects answers ARP for every selected Service, holder or not; Cilium's L2 responder answers only on the Lease holder (pkg/l2announcer recalculateL2EntriesTableEntries: entries only while leading)",
  },
  {
    name: "l2-non-holder-answers",
    suite: "l2-announcements",
    case: "the Service's Lease has a live holder, a node the policy selects, and ARP is answered by its MAC alone",
    class: "conformance",
    description:
      "the nodes that do not hold a Service's Lease answer ARP for it and the holder does not (the leader's responder entries inverted)",
  },
  {
    name: "l2-nobody-answers",
    suite: "l2-announcements",
    case: "the Service's Lease has a live holder, a node the policy selects, and ARP is answered by its MAC alone",
    class: "conformance",
    description:
      "no node ever puts an announced Service's IP into its L2 responder, so nobody answers ARP though a node holds the Lease",
  },
  {
    name: "l2-unselected-service-announced",
    suite: "l2-announcements",
    case: "a Service the policy does not select gets no ARP answer",
    class: "conformance",
    description:
      "the agents ignore the policies' serviceSelector (pkg/l2announcer upsertSvc matches svcAndMetaLabels against it) and announce a Service the policy does not select",
  },
  {
    name: "l2-failover-never",
    suite: "l2-announcements",
    case: "failover: another node takes the Lease and answers ARP when the holder is paused",
    class: "conformance",
    description:
      "candidates never consider a silent holder's Lease expired (client-go leaderelection: expired leaseDurationSeconds after the candidate last saw the record change), so nobody takes over from a paused holder",
  },
  {
    name: "l2-paused-holder-keeps-lease",
    suite: "l2-announcements",
    case: "failover: another node takes the Lease and answers ARP when the holder is paused",
    class: "conformance",
    description:
      "holders write leaseDurationSeconds 3600 instead of l2announcements.leaseDuration, so a paused holder keeps the Lease for an hour",
  },
  {
    name: "l2-failover-slow",
    suite: "l2-announcements",
    case: "failover: another node takes the Lease and answers ARP when the holder is paused",
    class: "conformance",
    description:
      "candidates wait three lease durations, not one, before taking a silent holder's Lease: failover takes about 45 s with the default timings",
  },
  {
    name: "l2-paused-holder-keeps-answering",
    suite: "l2-announcements",
    case: "failover: another node takes the Lease and answers ARP when the holder is paused",
    class: "conformance",
    description:
      "the responder entries never expire, so a paused holder's kernel keeps answering ARP; Cilium's BPF responder mutes once the agent's liveness is older than the lease duration (bpf_host.c handle_l2_announcement, L2_ANNOUNCEMENTS_MAX_LIVENESS)",
  },
  {
    name: "kpr-kube-proxy-chains-legacy",
    suite: "kube-proxy-replacement",
    case: "nodes have no kube-proxy iptables chains (legacy and nft) or nftables tables",
    class: "conformance",
    description:
      "kube-proxy's iptables chains (KUBE-SERVICES, KUBE-NODEPORTS, ...) are left on one node, in the legacy backend",
  },
  {
    name: "kpr-kube-proxy-chains-nft",
    suite: "kube-proxy-replacement",
    case: "nodes have no kube-proxy iptables chains (legacy and nft) or nftables tables",
    class: "conformance",
    description:
      "kube-proxy's iptables chains (KUBE-SERVICES, KUBE-NODEPORTS, ...) are left on one node, in the nft backend",
  },
  {
    name: "kpr-agent-reports-false",
    suite: "kube-proxy-replacement",
    case: "every Cilium agent reports KubeProxyReplacement enabled",
    class: "conformance",
    description: "one agent's `cilium-dbg status` says KubeProxyReplacement False",
  },
  {
    name: "kpr-nodeport-unanswered",
    suite: "kube-proxy-replacement",
    case: "a NodePort answers from the LAN client on every node",
    class: "conformance",
    description:
      "one node serves no NodePort (Cilium serves every NodePort on the addresses of every node's devices)",
  },
  {
    name: "hubble-relay-missing-node",
    suite: "hubble",
    case: "relay sees every node and none unavailable",
    class: "conformance",
    description: "one agent's Hubble server does not listen, so Hubble Relay counts that node as unavailable",
  },
  {
    name: "hubble-flows-without-pod-names",
    suite: "hubble",
    case: "the suite's own traffic shows as FORWARDED flows to the echo pods, pod names resolved",
    class: "conformance",
    description:
      "flows carry no pod name or namespace for their endpoints (Hubble names pods from the agent's ipcache and endpoints)",
  },
  {
    name: "hubble-no-flows",
    suite: "hubble",
    case: "the suite's own traffic shows as FORWARDED flows to the echo pods, pod names resolved",
    class: "conformance",
    description: "the agents record no flows for the traffic their datapath serves",
  },
  {
    name: "hubble-ui-down",
    suite: "hubble",
    case: "the UI serves its page through a port-forward to where its Service leads",
    class: "conformance",
    description: "hubble-ui's frontend answers nginx's 502 Bad Gateway instead of the app's page",
  },
  // cilium-control (operator, Envoy, the cilium CLI): each acts where its hasFault() is asked.
  lbipam(
    "lbipam-ip-outside-pool",
    "a LoadBalancer Service gets an IP inside the pool with IPAMRequestSatisfied=True",
    "dynamic allocations take the address just past the block (operator/pkg/lbipam allocates inside the pool's ranges)",
  ),
  lbipam(
    "lbipam-no-satisfied-condition",
    "a LoadBalancer Service gets an IP inside the pool with IPAMRequestSatisfied=True",
    "the Service condition cilium.io/IPAMRequestSatisfied is never written (lbipam.go setSVCSatisfiedCondition)",
  ),
  lbipam(
    "lbipam-requested-ip-ignored",
    "a requested IP is honoured, including the pool's last address",
    "lbipam.cilium.io/ips and spec.loadBalancerIP are ignored: every Service gets a dynamic address",
  ),
  lbipam(
    "lbipam-sharing-key-ignored",
    "two Services with one sharing key share an IP",
    "lbipam.cilium.io/sharing-key is ignored: every Service gets its own address",
  ),
  lbipam(
    "lbipam-ips-total-wrong",
    "IPsTotal is the raw size of the repo's blocks (reserved first/last counted as used), with no PoolConflict",
    "IPsTotal reports two fewer than the blocks' raw size (Cilium counts every address of every block)",
  ),
  lbipam(
    "lbipam-pool-conflict",
    "IPsTotal is the raw size of the repo's blocks (reserved first/last counted as used), with no PoolConflict",
    "every pool is marked cilium.io/PoolConflict (overlapping itself) and serves nothing, though no two pools overlap",
  ),
  lbipam(
    "lbipam-ips-not-released",
    "IPsAvailable returns to its earlier value after the Services are deleted",
    "a deleted Service's addresses stay allocated (lbipam.go svcOnDelete releases them)",
  ),
  {
    name: "gateway-class-not-accepted",
    suite: "gateway-api",
    case: "GatewayClass cilium is Accepted",
    class: "conformance",
    description:
      "the operator never writes Accepted on GatewayClasses of io.cilium/gateway-controller (gatewayclass_reconcile.go)",
  },
  {
    name: "gateway-never-programmed",
    suite: "gateway-api",
    case: "the Gateway is Accepted and Programmed with an address from the pool",
    class: "conformance",
    description:
      "a Gateway stays Programmed=False AddressNotAssigned although its Service has an address (gateway_reconcile.go setAddressStatus)",
  },
  {
    name: "gateway-hostname-match-ignored",
    suite: "gateway-api",
    case: "HTTP whoami: hostname host whoami.home.arpa → whoami",
    class: "conformance",
    description:
      "Envoy ignores hostnames: the first virtual host serves every Host (with the homelab fixture, grafana answers for whoami)",
  },
  {
    name: "gateway-header-match-ignored",
    suite: "gateway-api",
    case: "HTTP <route>: header <path> with <name>: <value> → <backend> (a repo route with a header match)",
    class: "conformance",
    description: "Envoy ignores header matches, so the first route of the host takes the request",
  },
  {
    name: "gateway-path-match-ignored",
    suite: "gateway-api",
    case: "HTTP <route>: path <path> → <backend> (a repo route with a path match)",
    class: "conformance",
    description: "Envoy ignores path matches, so the first route of the host takes every path",
  },
  {
    name: "gateway-weights-60-40",
    suite: "gateway-api",
    case: "HTTP <route>: weighted split on <path> (a repo route with two equally weighted backends)",
    class: "conformance",
    description: "Envoy picks the first of two equally weighted clusters 60 % of the time",
  },
  {
    name: "gateway-no-404",
    suite: "gateway-api",
    case: "HTTP no route for /cc-unrouted: 404",
    class: "conformance",
    description:
      "a request no route matches goes to the last route of the first virtual host instead of Envoy's 404 (NR)",
  },
  {
    name: "connectivity-one-test-failing",
    suite: "connectivity",
    case: "no-policies",
    class: "conformance",
    description:
      "the fake cilium CLI fails the first pod-to-pod action of no-policies (its own case, with its action in the failure text)",
  },
  {
    name: "connectivity-setup-timeout",
    suite: "connectivity",
    case: "connectivity test setup",
    class: "infrastructure",
    description:
      "the connectivity test's workloads never become ready: --timeout ends it with only the setup case, exit 1",
  },
  {
    name: "connectivity-no-junit",
    suite: "connectivity",
    case: "cilium connectivity test run",
    class: "infrastructure",
    description: "the fake cilium CLI writes no JUnit file",
  },
  {
    name: "cilium-never-ready",
    suite: "provisioning",
    case: "Infrastructure/Provisioning",
    class: "infrastructure",
    description:
      "the operator's /healthz never answers 200, so cilium-operator never becomes Available and `cilium status --wait` times out",
  },
];

export function findFault(name: string): Fault | undefined {
  return FAULTS.find((fault) => fault.name === name);
}
