// The fault catalogue (issue 12): every fault the double can inject, the suite and case that must
// catch it, the failure class, and what the red case's message must name. `scripts/rehearse.sh
// --list-faults [--format json]` prints it; rehearse.ts refuses a `--fault` not listed here;
// `scripts/rehearse-faults.sh` runs them and judges each run (judge-fault-run.ts). Each entry's
// behaviour lives where it acts (`hasFault(name)` in that component) and is documented here with
// the upstream behaviour it breaks. docs/fault-catalogue.md is generated from this list and the
// README claims each fault proves (claims.ts).

import { SUITE_HOOKS_CASE } from "../../src/conformance/vitest-results.ts";
import type { Variant } from "../variant-repos.ts";

export type FaultSuite =
  | "kube-proxy-replacement"
  | "lb-ipam"
  | "l2-announcements"
  | "gateway-api"
  | "hubble"
  | "connectivity"
  | "repo-contracts"
  | "provisioning";

export const FAULT_SUITES: readonly FaultSuite[] = [
  "kube-proxy-replacement",
  "lb-ipam",
  "l2-announcements",
  "gateway-api",
  "hubble",
  "connectivity",
  "repo-contracts",
  "provisioning",
];

/** A case that may go red too, because the fault takes away what it builds on. */
export interface Consequence {
  /** The case's suite when it is not the fault's own (repo-contracts: the repo's own objects). */
  suite?: FaultSuite;
  case: string;
  why: string;
}

export interface Fault {
  name: string;
  suite: FaultSuite;
  /** The case (test name, as in the report) that must go red. */
  case: string;
  class: "conformance" | "infrastructure";
  /** What the double does differently, and the upstream behaviour it breaks. */
  description: string;
  /** The red case's failure message + text must match this: it names the cause it saw. */
  cause: RegExp;
  /** Other cases of the same run allowed to go red as a consequence; every other case must pass. */
  consequences?: readonly Consequence[];
  /**
   * The repo the fault is judged on when it needs more than the fault baseline (the fixture with
   * the Pi-hole fix): a variant of variant-repos.ts whose objects the fault's case is about.
   */
  repo?: Variant;
}

function lbipam(name: string, testCase: string, description: string, cause: RegExp): Fault {
  return { name, suite: "lb-ipam", case: testCase, class: "conformance", description, cause };
}

const L2_HOLDER_CASE =
  "the Service's Lease has a live holder, a node the policy selects, and ARP is answered by its MAC alone";
const L2_FAILOVER_CASE = "failover: another node takes the Lease and answers ARP when the holder is paused";
const KPR_CHAINS_CASE = "nodes have no kube-proxy iptables chains (legacy and nft) or nftables tables";
const HUBBLE_FLOWS_CASE =
  "the suite's own traffic shows as FORWARDED flows to the echo pods, pod names resolved";
const LB_SATISFIED_CASE = "a LoadBalancer Service gets an IP inside the pool with IPAMRequestSatisfied=True";
const LB_TOTAL_CASE =
  "IPsTotal is the raw size of the repo's blocks (reserved first/last counted as used), with no PoolConflict";
const PROVISIONING_CASE = "Infrastructure/Provisioning";
/** A rule of the routes-by-path variant's homepage HTTPRoute, as repo-contracts names its case. */
const HOMEPAGE_RULE = (rule: number, line: number) =>
  `HTTPRoute homepage/homepage rule ${rule} (apps/homepage/http-route.yaml:${line})`;
/** The fault baseline's merged Pi-hole Service, as repo-contracts names its case. */
const BASELINE_PIHOLE_CASE =
  "Service pihole/pihole-dns (apps/pihole/dns-services.yaml:2) gets the address it asks for (192.168.5.53), announced by its Lease holder and answers on its TCP ports";

/** The Gateway API suite's HTTP cases: each sends its requests from the runner to the Gateway's address. */
const GATEWAY_HTTP_CASES = [
  "HTTP path-prefix: path prefix /prefix/conformance → echo-a",
  "HTTP exact-path: exact path /exact → echo-b",
  "HTTP header-match: header match /header/conformance with x-echo-backend: b → echo-b",
  "HTTP header-match: path prefix /header/conformance → echo-a",
  "HTTP hostname: hostname host b.conformance.test → echo-b",
  "HTTP weighted-split: weighted split on /split/conformance",
  "HTTP no route for /cc-unrouted: 404",
];
const GATEWAY_ARP_CASE = "the Gateway's address is announced: its Lease holder's MAC alone answers ARP";
const L2_STABILITY_CASE = "the ARP answer stays the same for several seconds";
const L2_HTTP_CASE = "HTTP to the Service IP from the runner reaches the echo backend";
/** The fault baseline's own HTTPRoute rules and its 404 case, as repo-contracts names them. */
const BASELINE_ROUTE_RULES = [
  "HTTPRoute monitoring/grafana rule 0 (apps/grafana/http-route.yaml:13)",
  "HTTPRoute homepage/homepage rule 0 (apps/homepage/http-route.yaml:14)",
  "HTTPRoute whoami/whoami rule 0 (apps/whoami/whoami.yaml:50)",
];
/** The fault baseline's Gateway, as repo-contracts names its case. */
const BASELINE_GATEWAY_CASE =
  "Gateway gateway/home-gateway (apps/gateway/gateway.yaml:3) is Programmed with an address from the repo's pools";
const BASELINE_UNROUTED_CASE = "requests no rule takes on Gateway gateway/home-gateway port 80 get 404";

/**
 * What a wrong ARP answer for every announced address takes with it (fault runs of 18:29 and 18:34):
 * the L2 suite's later looks at the same address, and the other announced addresses, the Gateway's
 * and the repo's Pi-hole, which the same responder serves.
 */
function wrongArpConsequences(why: string): Consequence[] {
  return [
    { suite: "l2-announcements", case: L2_STABILITY_CASE, why: `it probes the same address: ${why}` },
    { suite: "l2-announcements", case: L2_FAILOVER_CASE, why: `it watches the same address: ${why}` },
    { suite: "gateway-api", case: GATEWAY_ARP_CASE, why: `the Gateway's address is announced too: ${why}` },
    {
      suite: "repo-contracts",
      case: BASELINE_PIHOLE_CASE,
      why: `the repo's Pi-hole is announced too: ${why}`,
    },
  ];
}

/** Every case that sends HTTP from the runner (the LAN side) to an LB address of the run. */
function lanHttpConsequences(why: string): Consequence[] {
  return [
    { suite: "l2-announcements", case: L2_HTTP_CASE, why },
    ...GATEWAY_HTTP_CASES.map((name) => ({ suite: "gateway-api" as const, case: name, why })),
    ...[...BASELINE_ROUTE_RULES, BASELINE_UNROUTED_CASE].map((name) => ({
      suite: "repo-contracts" as const,
      case: name,
      why,
    })),
  ];
}

/** Every case of the run that needs a LoadBalancer address, when no Service gets one. */
function noAddressConsequences(why: string): Consequence[] {
  const lbIpam = [
    LB_SATISFIED_CASE,
    "a requested IP is honoured, including the pool's last address",
    "two Services with one sharing key share an IP",
    "IPsAvailable drops by the IPs the Services hold while they exist",
  ];
  const gateway = [
    "the Gateway is Accepted and Programmed with an address from the pool",
    GATEWAY_ARP_CASE,
    ...GATEWAY_HTTP_CASES,
  ];
  const repo = [BASELINE_GATEWAY_CASE, ...BASELINE_ROUTE_RULES, BASELINE_UNROUTED_CASE, BASELINE_PIHOLE_CASE];
  return [
    ...lbIpam.map((name) => ({ suite: "lb-ipam" as const, case: name, why })),
    ...gateway.map((name) => ({ suite: "gateway-api" as const, case: name, why })),
    ...repo.map((name) => ({ suite: "repo-contracts" as const, case: name, why })),
    // The L2 suite's announced Service is made in its beforeAll: the hook fails, its cases are skipped.
    { suite: "l2-announcements", case: SUITE_HOOKS_CASE, why },
  ];
}

export const FAULTS: readonly Fault[] = [
  {
    name: "kind-create-fails",
    suite: "provisioning",
    case: PROVISIONING_CASE,
    class: "infrastructure",
    description:
      "the fake kind's create cluster fails after starting the node containers (as kind does when kubeadm init fails: kind pkg/cluster/internal/create/actions/kubeadminit 'failed to init node with kubeadm'), so `up` must collect diagnostics and clean up",
    cause: /kubeadm|kind create cluster|kind-cluster/i,
  },
  {
    name: "cilium-never-ready",
    suite: "provisioning",
    case: PROVISIONING_CASE,
    class: "infrastructure",
    description:
      "the operator's /healthz never answers 200, so cilium-operator never becomes Available and `cilium status --wait` times out",
    cause: /cilium-operator|ciliumRollouts|cilium status/i,
  },
  {
    name: "l2-two-nodes-answer",
    suite: "l2-announcements",
    case: L2_HOLDER_CASE,
    class: "conformance",
    description:
      "every node the policy selects answers ARP for every selected Service, holder or not; Cilium's L2 responder answers only on the Lease holder (pkg/l2announcer recalculateL2EntriesTableEntries: entries only while leading)",
    cause: /MACs answered|duplicate/i,
    consequences: wrongArpConsequences("two MACs answer for it"),
  },
  {
    name: "l2-non-holder-answers",
    suite: "l2-announcements",
    case: L2_HOLDER_CASE,
    class: "conformance",
    description:
      "the nodes that do not hold a Service's Lease answer ARP for it and the holder does not (the leader's responder entries inverted)",
    cause: /answered by .*Lease holder|MACs answered/i,
    consequences: wrongArpConsequences("a node without the Lease answers for it"),
  },
  {
    name: "l2-nobody-answers",
    suite: "l2-announcements",
    case: L2_HOLDER_CASE,
    class: "conformance",
    description:
      "no node ever puts an announced Service's IP into its L2 responder, so nobody answers ARP though a node holds the Lease",
    cause: /no ARP answer|no answer/i,
    // Nothing on the LAN reaches an address nobody answers ARP for (a fault run at 18:41).
    consequences: [
      ...wrongArpConsequences("nobody answers for it"),
      ...lanHttpConsequences(
        "no node answers ARP for the address, so the runner's requests get EHOSTUNREACH",
      ),
    ],
  },
  {
    name: "l2-unselected-service-announced",
    suite: "l2-announcements",
    case: "a Service the policy does not select gets no ARP answer",
    class: "conformance",
    description:
      "the agents ignore the policies' serviceSelector (pkg/l2announcer upsertSvc matches svcAndMetaLabels against it) and announce a Service the policy does not select",
    cause: /not selected by|no Lease for an unannounced Service/i,
  },
  {
    name: "l2-failover-never",
    suite: "l2-announcements",
    case: L2_FAILOVER_CASE,
    class: "conformance",
    description:
      "candidates never consider a silent holder's Lease expired (client-go leaderelection: expired leaseDurationSeconds after the candidate last saw the record change), so nobody takes over from a paused holder",
    cause: /no other node took the Lease/i,
  },
  {
    name: "l2-paused-holder-keeps-lease",
    suite: "l2-announcements",
    case: L2_FAILOVER_CASE,
    class: "conformance",
    description:
      "holders write leaseDurationSeconds 3600 instead of l2announcements.leaseDuration, so a paused holder keeps the Lease for an hour (pkg/l2announcer passes the values' leaseDuration to client-go's LeaseDuration)",
    cause: /no other node took the Lease/i,
  },
  {
    name: "l2-failover-slow",
    suite: "l2-announcements",
    case: L2_FAILOVER_CASE,
    class: "conformance",
    description:
      "candidates wait three lease durations, not one, before taking a silent holder's Lease: failover takes about 45 s with the default timings",
    cause: /no other node took the Lease|exceeded/i,
  },
  {
    name: "l2-paused-holder-keeps-answering",
    suite: "l2-announcements",
    case: L2_FAILOVER_CASE,
    class: "conformance",
    description:
      "the responder entries never expire, so a paused holder's kernel keeps answering ARP; Cilium's BPF responder mutes once the agent's liveness is older than the lease duration (bpf_host.c handle_l2_announcement, L2_ANNOUNCEMENTS_MAX_LIVENESS)",
    cause: /never answered ARP .* alone|two answering MACs|exceeded/i,
  },
  {
    name: "kpr-kube-proxy-daemonset",
    suite: "kube-proxy-replacement",
    case: "runs no kube-proxy DaemonSet",
    class: "conformance",
    description:
      "kubeadm init applies its kube-proxy addon (DaemonSet kube-system/kube-proxy, k8s-app=kube-proxy) although the kind config says kubeProxyMode: none; kind skips that phase then (kind v0.31.0 pkg/cluster/internal/kubeadm/config.go skipPhases addon/kube-proxy; kubernetes cmd/kubeadm/app/phases/addons/proxy)",
    cause: /kube-system\/kube-proxy/,
  },
  {
    name: "kpr-kube-proxy-chains-legacy",
    suite: "kube-proxy-replacement",
    case: KPR_CHAINS_CASE,
    class: "conformance",
    description:
      "kube-proxy's iptables chains (KUBE-SERVICES, KUBE-NODEPORTS, ...) are left on one node, in the legacy backend",
    cause: /legacy.*KUBE-/i,
  },
  {
    name: "kpr-kube-proxy-chains-nft",
    suite: "kube-proxy-replacement",
    case: KPR_CHAINS_CASE,
    class: "conformance",
    description:
      "kube-proxy's iptables chains (KUBE-SERVICES, KUBE-NODEPORTS, ...) are left on one node, in the nft backend",
    cause: /nft.*KUBE-/i,
  },
  {
    name: "kpr-kube-proxy-nftables-table",
    suite: "kube-proxy-replacement",
    case: KPR_CHAINS_CASE,
    class: "conformance",
    description:
      "kube-proxy's nftables-mode table `ip kube-proxy` (kubernetes pkg/proxy/nftables/proxier.go) is left on one node",
    cause: /nftables table ip kube-proxy/,
  },
  {
    name: "kpr-agent-reports-false",
    suite: "kube-proxy-replacement",
    case: "every Cilium agent reports KubeProxyReplacement enabled",
    class: "conformance",
    description:
      "one agent's `cilium-dbg status` says KubeProxyReplacement False (cilium-dbg status prints the agent's kube-proxy-replacement mode)",
    cause: /: False/,
  },
  {
    name: "kpr-nodeport-unanswered",
    suite: "kube-proxy-replacement",
    case: "a NodePort answers from the LAN client on every node",
    class: "conformance",
    description:
      "one node serves no NodePort (Cilium serves every NodePort on the addresses of every node's devices)",
    cause: /no answer from NodePort/i,
    consequences: [
      {
        suite: "connectivity",
        case: "no-policies-extra",
        why: "cilium-cli's pod-to-remote-nodeport actions reach the same NodePorts (a 17:53 fault batch)",
      },
    ],
  },
  {
    name: "hubble-relay-missing-node",
    suite: "hubble",
    case: "relay sees every node and none unavailable",
    class: "conformance",
    description:
      "one agent's Hubble server stops listening once hubble-relay is placed, on a node the relay is not on (on its own node the relay could never be Ready: pkg/hubble/relay/server/health.go), so Hubble Relay counts that node as unavailable (hubble-relay's peer manager reports unreachable peers as unavailable nodes)",
    cause: /unavailable|connected/i,
    consequences: [
      {
        case: "the suite's own traffic shows as FORWARDED flows to the echo pods, pod names resolved",
        why: "when the suite's pods run on the node whose Hubble server is stopped, their flows are on no server Relay can reach (a 16:59 fault batch saw 0 flows)",
      },
    ],
  },
  {
    name: "hubble-flows-without-pod-names",
    suite: "hubble",
    case: HUBBLE_FLOWS_CASE,
    class: "conformance",
    description:
      "flows carry no pod name or namespace for their endpoints (Hubble names pods from the agent's ipcache and endpoints)",
    cause: /FORWARDED/,
  },
  {
    name: "hubble-no-flows",
    suite: "hubble",
    case: HUBBLE_FLOWS_CASE,
    class: "conformance",
    description: "the agents record no flows for the traffic their datapath serves",
    cause: /0 flow\(s\)|no FORWARDED flow/i,
  },
  {
    // Not the Hubble suite's: the chart's frontend readinessProbe is GET / on 8081, so a frontend
    // answering 502 is never Ready, and `cilium status --wait` counts an unready hubble-ui
    // Deployment as an error (cilium-cli v0.19.7 status/k8s.go deploymentStatus: "%d pods of
    // Deployment %s are not ready", AddAggregatedError): `up` fails in cilium-ready, as a real
    // cluster would (a 2026-12-03 fault run showed it).
    name: "hubble-ui-down",
    suite: "provisioning",
    case: PROVISIONING_CASE,
    class: "infrastructure",
    description:
      "hubble-ui's frontend answers nginx's 502 Bad Gateway instead of the app's page (so its readiness probe fails and the Deployment is never ready)",
    cause: /hubble-ui/,
  },
  // cilium-control (operator, Envoy, the cilium CLI): each acts where its hasFault() is asked.
  {
    ...lbipam(
      "lbipam-ip-outside-pool",
      LB_SATISFIED_CASE,
      "dynamic allocations take the address just past the block (operator/pkg/lbipam allocates inside the pool's ranges)",
      /inside a repo pool/i,
    ),
    // Past the fault baseline's block (…5.255) is 192.168.6.0, off the run's LAN: the Gateway's
    // address is outside the pool, and every request from the runner to a dynamic address is
    // refused by the LAN guard (src/probes/probe-target-guard.ts; a fault run at 18:53).
    consequences: [
      {
        suite: "gateway-api",
        case: "the Gateway is Accepted and Programmed with an address from the pool",
        why: "the Gateway's Service gets the address past the block too",
      },
      {
        suite: "repo-contracts",
        case: BASELINE_GATEWAY_CASE,
        why: "the repo's Gateway gets the address past the block too",
      },
      ...lanHttpConsequences(
        "the address past the block is off the run's LAN, so the runner does not send to it",
      ),
      {
        suite: "l2-announcements",
        case: L2_FAILOVER_CASE,
        why: "its HTTP recovery check sends to the same off-LAN address",
      },
    ],
  },
  lbipam(
    "lbipam-unpooled-request-assigned",
    "a request outside the pool is refused with the right reason and no IP",
    "a requested IP that no pool contains is handed out anyway; Cilium refuses it with reason no_pool (operator/pkg/lbipam/lbipam.go: no range holds the requested IP → IPAMRequestSatisfied False, reason no_pool, 'No pool exists with a CIDR containing …')",
    /not refused with reason/,
  ),
  {
    ...lbipam(
      "lbipam-no-satisfied-condition",
      LB_SATISFIED_CASE,
      "the Service condition cilium.io/IPAMRequestSatisfied is never written (lbipam.go setSVCSatisfiedCondition)",
      /IPAMRequestSatisfied|not satisfied/i,
    ),
    consequences: [
      {
        case: "a requested IP is honoured, including the pool's last address",
        why: "it waits for the same condition",
      },
      {
        case: "a request outside the pool is refused with the right reason and no IP",
        why: "the refusal is that condition with status False",
      },
      { case: "two Services with one sharing key share an IP", why: "it waits for the same condition" },
      {
        suite: "repo-contracts",
        case: BASELINE_PIHOLE_CASE,
        why: "the repo's Pi-hole waits for the same condition (a 17:53 fault batch)",
      },
    ],
  },
  {
    ...lbipam(
      "lbipam-requested-ip-ignored",
      "a requested IP is honoured, including the pool's last address",
      "lbipam.cilium.io/ips and spec.loadBalancerIP are ignored: every Service gets a dynamic address",
      /requested \S+ .*got/i,
    ),
    consequences: [
      {
        case: "a request outside the pool is refused with the right reason and no IP",
        why: "its request is ignored too, so it gets a dynamic address instead of the refusal (a 16:59 fault batch)",
      },
      {
        suite: "repo-contracts",
        case: BASELINE_PIHOLE_CASE,
        why: "the repo's Pi-hole asks for 192.168.5.53 and gets a dynamic address (a 16:59 fault batch)",
      },
    ],
  },
  lbipam(
    "lbipam-sharing-key-ignored",
    "two Services with one sharing key share an IP",
    "lbipam.cilium.io/sharing-key is ignored: every Service gets its own address",
    /\d+\.\d+\.\d+\.\d+; \S+: \d+\.\d+\.\d+\.\d+/,
  ),
  lbipam(
    "lbipam-ips-total-wrong",
    LB_TOTAL_CASE,
    "IPsTotal reports two fewer than the blocks' raw size (Cilium counts every address of every block)",
    /IPsTotal/i,
  ),
  {
    ...lbipam(
      "lbipam-pool-conflict",
      LB_TOTAL_CASE,
      "every pool is marked cilium.io/PoolConflict (overlapping itself) and serves nothing, though no two pools overlap",
      /PoolConflict/,
    ),
    // No pool serves, so no Service of the run gets an address (a fault run at 19:03): every case
    // built on one goes red, each saying its Service has no IP (reason no_pool).
    consequences: noAddressConsequences("no pool serves, so the Service gets no address (reason no_pool)"),
  },
  lbipam(
    "lbipam-counters-frozen",
    "IPsAvailable drops by the IPs the Services hold while they exist",
    "a pool's IPsTotal/IPsAvailable/IPsUsed are written once and never follow allocations; Cilium recounts after every Service and pool event (operator/pkg/lbipam/lbipam.go updateAllPoolCounts)",
    /IPsAvailable of \S+ not/,
  ),
  lbipam(
    "lbipam-ips-not-released",
    "IPsAvailable returns to its earlier value after the Services are deleted",
    "a deleted Service's addresses stay allocated (lbipam.go svcOnDelete releases them)",
    /IPsAvailable/,
  ),
  {
    name: "gateway-class-not-accepted",
    suite: "gateway-api",
    case: "GatewayClass cilium is Accepted",
    class: "conformance",
    description:
      "the operator never writes Accepted on GatewayClasses of io.cilium/gateway-controller (gatewayclass_reconcile.go)",
    cause: /not Accepted/i,
  },
  {
    name: "gateway-never-programmed",
    suite: "gateway-api",
    case: "the Gateway is Accepted and Programmed with an address from the pool",
    class: "conformance",
    description:
      "a Gateway stays Programmed=False AddressNotAssigned although its Service has an address (gateway_reconcile.go setAddressStatus)",
    cause: /not Programmed|AddressNotAssigned/i,
    // The same reconcile programs every Gateway (a fault run at 19:21): the repo's Gateway stays
    // unprogrammed too, and every case that needs a Gateway's address follows.
    consequences: [
      ...[GATEWAY_ARP_CASE, ...GATEWAY_HTTP_CASES].map((name) => ({
        case: name,
        why: "it needs the Gateway's address, which an unprogrammed Gateway does not report",
      })),
      ...[BASELINE_GATEWAY_CASE, ...BASELINE_ROUTE_RULES, BASELINE_UNROUTED_CASE].map((name) => ({
        suite: "repo-contracts" as const,
        case: name,
        why: "the repo's Gateway stays unprogrammed too, and its routes' cases need its address",
      })),
    ],
  },
  {
    name: "gateway-route-backends-not-found",
    suite: "gateway-api",
    case: "every HTTPRoute is Accepted with ResolvedRefs",
    class: "conformance",
    description:
      "the operator's route checks never find the backend Services, so every HTTPRoute gets ResolvedRefs=False BackendNotFound although they exist (operator/pkg/gateway-api/routechecks CheckBackendIsExistingService); the data path is unchanged",
    cause: /not Accepted\/ResolvedRefs|BackendNotFound/,
    // The repo's own routes get the same condition: each rule case waits for Accepted/ResolvedRefs
    // first (a 17:27 fault batch).
    consequences: BASELINE_ROUTE_RULES.map((name) => ({
      suite: "repo-contracts" as const,
      case: name,
      why: "the repo's HTTPRoutes get ResolvedRefs=False BackendNotFound as well",
    })),
  },
  {
    name: "gateway-hostname-match-ignored",
    suite: "gateway-api",
    case: "HTTP hostname: hostname host b.conformance.test → echo-b",
    class: "conformance",
    description:
      'Envoy ignores hostnames: the first virtual host (the Gateway\'s catch-all "*") serves every Host, so b.conformance.test gets its 404 (Envoy selects the virtual host by :authority: route/config_impl.cc findVirtualHost)',
    cause: /404/,
  },
  {
    name: "gateway-header-match-ignored",
    suite: "gateway-api",
    case: "HTTP header-match: path prefix /header/conformance → echo-a",
    class: "conformance",
    description:
      "Envoy ignores header matches, so the header rule (sorted first, as Cilium orders more specific matches first) also takes the requests without the header (envoy route/config_impl.cc: every header matcher must hold)",
    // The suite names the answering pod as <namespace>/<pod>.
    cause: /from (\S+\/)?echo-b/,
  },
  {
    name: "gateway-path-match-ignored",
    suite: "gateway-api",
    case: "HTTP path-prefix: path prefix /prefix/conformance → echo-a",
    class: "conformance",
    description:
      "Envoy ignores path matches, so the first route of the host (the exact /exact → echo-b, which Cilium sorts first) takes every path (envoy route/config_impl.cc: the route's path matcher must hold)",
    // The suite names the answering pod as <namespace>/<pod>.
    cause: /from (\S+\/)?echo-b/,
    consequences: [
      {
        case: "HTTP header-match: path prefix /header/conformance → echo-a",
        why: "taken by the first route too",
      },
      {
        case: "HTTP weighted-split: weighted split on /split/conformance",
        why: "taken by the first route too",
      },
      { case: "HTTP no route for /cc-unrouted: 404", why: "with no path match every path has a route" },
    ],
  },
  {
    name: "gateway-exact-path-never-matches",
    suite: "gateway-api",
    case: "HTTP exact-path: exact path /exact → echo-b",
    class: "conformance",
    description:
      "Envoy's exact path matcher never holds, so the exact-path rule is never taken and /exact gets 404 (envoy route/config_impl.cc PathRouteEntryImpl matches the whole path)",
    cause: /404/,
  },
  {
    name: "gateway-weights-60-40",
    suite: "gateway-api",
    case: "HTTP weighted-split: weighted split on /split/conformance",
    class: "conformance",
    description: "Envoy picks the first of two equally weighted clusters 60 % of the time",
    cause: /echo-a/,
  },
  {
    name: "gateway-no-404",
    suite: "gateway-api",
    case: "HTTP no route for /cc-unrouted: 404",
    class: "conformance",
    description:
      "a request no route matches goes to the last route of the first virtual host instead of Envoy's 404 (NR)",
    // The suite names the answering pod as <namespace>/<pod> ("200 from cc-gateway-api-<run>/echo-a-…").
    cause: /\d{3} from (\S+\/)?echo-/,
    consequences: [
      {
        suite: "repo-contracts",
        case: "requests no rule takes on Gateway gateway/home-gateway port 80 get 404",
        why: "the repo's own Gateway runs on the same Envoy, which the fault makes route every unmatched request (a 14:30 fault run)",
      },
    ],
  },
  {
    name: "repo-route-path-match-ignored",
    suite: "repo-contracts",
    case: HOMEPAGE_RULE(0, 15),
    class: "conformance",
    description:
      "Envoy ignores path matches on the repo's own Gateways only (every CiliumEnvoyConfig outside the harness's cc- namespaces), so on home.home.arpa the first route (the exact /status, which Cilium sorts first) takes every path, while the Gateway API suite's own Gateway still routes right: only the repo-contracts suite can see it (envoy route/config_impl.cc: the route's path matcher must hold)",
    // The rule's /api request is answered by the /status rule's stand-in.
    cause: /homepage-status/,
    repo: "routes-by-path",
    consequences: [
      [1, 22],
      [2, 29],
      [3, 39],
      [4, 50],
      [5, 63],
    ].map(([rule, line]) => ({
      suite: "repo-contracts" as const,
      case: HOMEPAGE_RULE(rule as number, line as number),
      why: "every rule of the route checks a request outside it too, which the /status rule takes as well",
    })),
  },
  {
    name: "connectivity-one-test-failing",
    suite: "connectivity",
    case: "no-policies",
    class: "conformance",
    description:
      "the fake cilium CLI fails the first pod-to-pod action of no-policies (its own case, with its action in the failure text)",
    cause: /pod-to-pod/,
  },
  {
    name: "connectivity-setup-timeout",
    suite: "connectivity",
    case: "connectivity test setup",
    class: "infrastructure",
    description:
      "the connectivity test's workloads never become ready: --timeout ends it with only the setup case, exit 1 (cilium-cli connectivity/suite.go: the setup case on a deadline)",
    cause: /deadline exceeded/,
  },
  {
    name: "connectivity-no-junit",
    suite: "connectivity",
    case: "cilium connectivity test run",
    class: "infrastructure",
    description:
      "the fake cilium CLI finishes its tests but writes no JUnit file (cilium-cli writes --junit-file once the tests ran: connectivity/check JUnitCollector)",
    cause: /wrote no JUnit file/,
  },
  {
    name: "connectivity-cli-crash",
    suite: "connectivity",
    case: "cilium connectivity test run",
    class: "infrastructure",
    description:
      "the fake cilium CLI panics once the test workloads are set up, as an unrecovered Go panic ends a program: the trace on stderr, exit status 2 (go runtime/panic.go fatalpanic), no JUnit",
    cause: /exited 2 \(a crash\b.*wrote no JUnit file/,
  },
];

export function findFault(name: string): Fault | undefined {
  return FAULTS.find((fault) => fault.name === name);
}
