// `node bench/rehearsal-agent-bench.ts`: the agent double's decisions at homelab-and-beyond sizes,
// recomputed on every change of any input (so their cost is paid per event): the L2 selection for
// 500 LoadBalancer Services and 3 policies, the KPR frontends for 500 Services with 2 endpoints
// each, and a GetFlows read with a namespace filter over a full 4095-flow buffer. Reports medians.

import { readFlows } from "../rehearsal/cilium/agent/hubble/flow-read.ts";
import { type Flow, wireTimestamp } from "../rehearsal/cilium/agent/hubble/flow-types.ts";
import { selectL2Services } from "../rehearsal/cilium/agent/l2/l2-selection.ts";
import { serviceFrontends } from "../rehearsal/cilium/agent/services/service-frontends.ts";

function median(run: () => void, times = 25): number {
  const samples: number[] = [];
  for (let i = 0; i < times; i += 1) {
    const started = performance.now();
    run();
    samples.push(performance.now() - started);
  }
  return samples.sort((a, b) => a - b)[Math.floor(times / 2)]!;
}

const services = Array.from({ length: 500 }, (_, i) => ({
  metadata: { name: `svc-${i}`, namespace: `ns-${i % 20}`, labels: { tier: i % 2 ? "web" : "db" } },
  spec: {
    type: "LoadBalancer",
    clusterIP: `10.96.${Math.floor(i / 250)}.${(i % 250) + 1}`,
    ports: [{ name: "http", port: 80, nodePort: 30000 + i, protocol: "TCP" }],
  },
  status: { loadBalancer: { ingress: [{ ip: `192.168.${5 + Math.floor(i / 250)}.${(i % 250) + 1}` }] } },
}));
const slices = services.map((s, i) => ({
  metadata: {
    name: `${s.metadata.name}-x`,
    namespace: s.metadata.namespace,
    labels: { "kubernetes.io/service-name": s.metadata.name },
  },
  addressType: "IPv4",
  ports: [{ name: "http", port: 8080, protocol: "TCP" }],
  endpoints: [0, 1].map((j) => ({
    addresses: [`10.244.${j}.${(i % 250) + 1}`],
    conditions: { ready: true },
    nodeName: `n${j}`,
  })),
}));
const policies = ["web", "db", "cache"].map((tier) => ({
  metadata: { name: `p-${tier}` },
  spec: {
    serviceSelector: { matchLabels: { tier } },
    nodeSelector: {
      matchExpressions: [{ key: "node-role.kubernetes.io/control-plane", operator: "DoesNotExist" }],
    },
    interfaces: ["^eth[0-9]+"],
    loadBalancerIPs: true,
  },
}));
const flows: Flow[] = Array.from({ length: 4095 }, (_, i) => ({
  time: wireTimestamp(1_700_000_000_000 + i),
  verdict: "FORWARDED",
  IP: { source: "10.244.1.2", destination: "10.244.2.3", ipVersion: "IPv4" },
  l4: { TCP: { source_port: 40000 + (i % 1000), destination_port: 8080 } },
  source: { namespace: `ns-${i % 20}`, pod_name: "client" },
  destination: { namespace: `ns-${(i + 1) % 20}`, pod_name: `echo-${i % 7}` },
  Type: "L3_L4",
  node_name: "kind-x/n0",
  event_type: { type: 4, sub_type: 0 },
  traffic_direction: "INGRESS",
  Summary: "TCP Flags: SYN",
}));

const rows = [
  [
    "L2 selection, 500 Services × 3 policies",
    median(() =>
      selectL2Services({ policies, services: services as never, nodeLabels: {}, devices: ["eth0"] }),
    ),
  ],
  [
    "KPR frontends, 500 Services × 2 endpoints",
    median(() =>
      serviceFrontends({
        services,
        endpointSlices: slices,
        nodeName: "n0",
        nodePortAddresses: ["172.18.0.3"],
      }),
    ),
  ],
  [
    "GetFlows read, 4095 flows, namespace filter",
    median(() =>
      readFlows(flows, { whitelist: [{ source_pod: ["ns-3/"] }, { destination_pod: ["ns-3/"] }] }),
    ),
  ],
] as const;
for (const [name, ms] of rows)
  process.stdout.write(`${name.padEnd(48)} ${ms.toFixed(2)} ms (median of 25)\n`);
