// The StatusResponse the double's agent reports (daemon/cmd/status.go getStatus): its parts from
// the agent's own state — Kubernetes reachability and the APIs it watches, kube-proxy
// replacement with each selected device's addresses (the first device carries Direct Routing,
// as on a single-NIC node), IPAM's allocation line, routing and masquerading modes, the CNI
// file, Hubble's buffer, the controllers it runs.

import type { StatusResponse } from "./status-response.ts";

export interface AgentState {
  version: string;
  kubernetes: { reachable: boolean; version: string | undefined; apis: string[]; error?: string };
  kubeProxyReplacement: boolean;
  devices: { name: string; ips: string[] }[];
  ipamStatus: string;
  routingMode: "native" | "tunnel";
  tunnelProtocol: string;
  masquerade: { ipv4: boolean; bpf: boolean };
  cniFile: string | undefined;
  hubble:
    | { enabled: boolean; currentFlows: number; maxFlows: number; seenFlows: number; uptimeNs: number }
    | undefined;
  controllers: { name: string; failing?: string }[];
  routerIp: string;
  l7Proxy: boolean;
}

export function agentStatus(state: AgentState): StatusResponse {
  const k8s = state.kubernetes;
  return {
    kvstore: { state: "Disabled" },
    kubernetes: {
      state: k8s.reachable ? "Ok" : "Failure",
      msg: k8s.reachable ? (k8s.version ?? "") : (k8s.error ?? "unable to reach the API server"),
      "k8s-api-versions": k8s.apis,
    },
    "kube-proxy-replacement": {
      mode: state.kubeProxyReplacement ? "True" : "False",
      devices: state.devices.map((d) => d.name),
      deviceList: state.devices.map((d) => ({ name: d.name, ip: d.ips })),
      ...(state.devices[0] ? { directRoutingDevice: state.devices[0].name } : {}),
      features: {
        nodePort: {
          enabled: state.kubeProxyReplacement,
          mode: "SNAT",
          algorithm: "Random",
          portMin: 30000,
          portMax: 32767,
          acceleration: "Disabled",
        },
        hostPort: { enabled: state.kubeProxyReplacement },
        externalIPs: { enabled: state.kubeProxyReplacement },
        socketLB: { enabled: state.kubeProxyReplacement },
        sessionAffinity: { enabled: true },
      },
    },
    "host-firewall": { mode: "Disabled", devices: [] },
    "cni-chaining": { mode: "none" },
    ...(state.cniFile
      ? { "cni-file": { msg: `successfully wrote CNI configuration file to ${state.cniFile}` } }
      : {}),
    cilium: { state: "Ok", msg: state.version },
    nodeMonitor: { cpus: 2, npages: 64, pagesize: 4096 },
    ipam: { status: state.ipamStatus },
    "bandwidth-manager": { enabled: false, devices: [] },
    routing: {
      "intra-host-routing-mode": "Legacy",
      "inter-host-routing-mode": state.routingMode === "native" ? "Native" : "Tunnel",
      ...(state.routingMode === "tunnel" ? { "tunnel-protocol": state.tunnelProtocol } : {}),
    },
    "attach-mode": "tcx",
    "datapath-mode": "veth",
    masquerading: {
      enabled: state.masquerade.ipv4,
      enabledProtocols: { ipv4: state.masquerade.ipv4, ipv6: false },
      mode: state.masquerade.bpf ? "BPF" : "iptables",
    },
    controllers: state.controllers.map((c) => ({
      name: c.name,
      status: c.failing
        ? { "consecutive-failure-count": 1, "failure-count": 1, "last-failure-msg": c.failing }
        : { "success-count": 1, "consecutive-failure-count": 0 },
    })),
    ...(state.l7Proxy
      ? {
          proxy: {
            ip: state.routerIp,
            "port-range": "10000-20000",
            "total-redirects": 0,
            "envoy-deployment-mode": "external",
          },
        }
      : {}),
    "identity-range": { "min-identity": 256, "max-identity": 65535 },
    ...(state.hubble?.enabled
      ? {
          hubble: {
            state: "Ok" as const,
            observer: {
              "current-flows": state.hubble.currentFlows,
              "max-flows": state.hubble.maxFlows,
              "seen-flows": state.hubble.seenFlows,
              uptime: state.hubble.uptimeNs,
            },
          },
          "hubble-metrics": { state: "Disabled" },
        }
      : { hubble: { state: "Disabled" as const } }),
  };
}
