// The agent API's StatusResponse (api/v1/models/status_response.go and the models it embeds),
// the JSON `GET /v1/healthz` returns on /var/run/cilium/cilium.sock and `cilium-dbg status -o
// json` prints: only the parts the double's agent fills, with their real JSON names.

export interface SimpleStatus {
  state: "Ok" | "Warning" | "Failure" | "Disabled";
  msg?: string;
}

export interface ControllerStatus {
  name: string;
  status: {
    "consecutive-failure-count"?: number;
    "failure-count"?: number;
    "success-count"?: number;
    "last-failure-msg"?: string;
    "last-failure-timestamp"?: string;
    "last-success-timestamp"?: string;
  };
}

export interface StatusResponse {
  kvstore?: SimpleStatus;
  kubernetes?: {
    state: "Ok" | "Warning" | "Failure" | "Disabled";
    msg?: string;
    "k8s-api-versions": string[];
  };
  "kube-proxy-replacement"?: {
    mode: "True" | "False";
    devices: string[];
    deviceList: { name: string; ip: string[] }[];
    directRoutingDevice?: string;
    features?: {
      nodePort?: {
        enabled?: boolean;
        mode?: string;
        algorithm?: string;
        portMin?: number;
        portMax?: number;
        acceleration?: string;
      };
      hostPort?: { enabled?: boolean };
      externalIPs?: { enabled?: boolean };
      socketLB?: { enabled?: boolean };
      socketLBTracing?: { enabled?: boolean };
      sessionAffinity?: { enabled?: boolean };
      bpfSocketLBHostnsOnly?: boolean;
      annotations?: string[];
    };
  };
  cilium?: SimpleStatus;
  nodeMonitor?: { cpus: number; npages: number; pagesize: number; lost?: number; unknown?: number };
  cluster?: { ciliumHealth?: SimpleStatus };
  ipam?: { status: string; ipv4?: string[]; allocations?: Record<string, string> };
  controllers?: ControllerStatus[];
  proxy?: { ip: string; "port-range": string; "total-redirects"?: number; "envoy-deployment-mode"?: string };
  "identity-range"?: { "min-identity": number; "max-identity": number };
  hubble?: {
    state: "Ok" | "Warning" | "Failure" | "Disabled";
    msg?: string;
    observer?: { "current-flows"?: number; "max-flows"?: number; "seen-flows"?: number; uptime?: number };
  };
  "hubble-metrics"?: { state: string; msg?: string };
  "bandwidth-manager"?: { enabled?: boolean; devices: string[] };
  routing?: {
    "intra-host-routing-mode": string;
    "inter-host-routing-mode": string;
    "tunnel-protocol"?: string;
  };
  "attach-mode"?: "tc" | "tcx";
  "datapath-mode"?: "veth" | "netkit" | "netkit-l2";
  masquerading?: {
    enabled?: boolean;
    enabledProtocols?: { ipv4?: boolean; ipv6?: boolean };
    mode?: "BPF" | "iptables";
    "ip-masq-agent"?: boolean;
    "snat-exclusion-cidr-v4"?: string;
    "snat-exclusion-cidr-v6"?: string;
  };
  "cni-chaining"?: { mode: string };
  "cni-file"?: { state?: string; msg: string };
  "host-firewall"?: { mode: "Disabled" | "Enabled"; devices: string[] };
}
