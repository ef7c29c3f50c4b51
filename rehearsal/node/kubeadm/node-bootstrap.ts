// What the fake kind hands a node's kubeadm double (as JSON on stdin of `kubeadm.ts init|join`):
// the node's identity and the cluster's network settings, and the files kubeadm would have made
// (certificates, kubeconfigs). The kubeadm double writes them and the kubelet's config.

export interface NodeBootstrap {
  cluster: string;
  nodeName: string;
  role: "control-plane" | "worker";
  /** From the node image's tag (kindest/node:v1.35.0 → v1.35.0). */
  kubernetesVersion: string;
  nodeIP: string;
  /** `<cluster>-control-plane:6443` (kind's controlPlaneEndpoint). */
  controlPlaneEndpoint: string;
  /** The control plane's LAN IP (kubeadm's advertiseAddress). */
  advertiseAddress: string;
  podSubnet: string;
  serviceSubnet: string;
  /** kind-config node labels (kubelet --node-labels). */
  labels: Record<string, string>;
  /** `kind://docker/<cluster>/<node>` */
  providerID: string;
  /** Control plane only: how many workers join (kind untaints a control plane without workers). */
  workers: number;
  files: Record<string, { content: string; mode: number }>;
}

/** The kubelet's own settings (kubelet flags and KubeletConfiguration kind passes through kubeadm). */
export interface KubeletSettings {
  nodeName: string;
  nodeIP: string;
  providerID: string;
  labels: Record<string, string>;
  kubernetesVersion: string;
  clusterDNS: string;
  clusterDomain: string;
  /** Set on the control plane only. */
  staticPodPath?: string;
  /** The `kubernetes` Service address pods get as KUBERNETES_SERVICE_HOST/PORT. */
  kubernetesService: { host: string; port: number };
}

/**
 * The n-th address of the Service CIDR: 1 is the `kubernetes` Service (the API server's first
 * allocation), 10 kubeadm's DNS Service IP (10.96.0.10 in kind's default 10.96.0.0/16).
 */
export function serviceSubnetAddress(serviceSubnet: string, n: number): string {
  const [base = "10.96.0.0"] = serviceSubnet.split("/");
  const value = base.split(".").reduce((acc, octet) => acc * 256 + Number(octet), 0) + n;
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");
}
