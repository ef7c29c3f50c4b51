// Where things live on a node of the double: kubeadm's layout (/etc/kubernetes, its pki and
// static pod manifests), the kubelet's (/var/lib/kubelet, /var/log/pods) and the CNI's folders.

export const NODE_PATHS = {
  kubernetesDir: "/etc/kubernetes",
  pkiDir: "/etc/kubernetes/pki",
  caCert: "/etc/kubernetes/pki/ca.crt",
  staticPodDir: "/etc/kubernetes/manifests",
  adminKubeconfig: "/etc/kubernetes/admin.conf",
  kubeletKubeconfig: "/etc/kubernetes/kubelet.conf",
  /** The double's stand-in for apiserver-kubelet-client.crt: the API server sends it, kubelets check it. */
  kubeletClientToken: "/etc/kubernetes/pki/apiserver-kubelet-client.token",
  kubeletDir: "/var/lib/kubelet",
  kubeletConfig: "/var/lib/kubelet/config.json",
  podsDir: "/var/lib/kubelet/pods",
  podLogsDir: "/var/log/pods",
  kubeletLog: "/var/log/kubelet.log",
  cniConfDir: "/etc/cni/net.d",
  netnsDir: "/run/netns",
  /** Per-netns files `ip netns exec` binds over /etc (resolv.conf, hosts). */
  netnsEtcDir: "/etc/netns",
  /** Images `kind load docker-image` put on the node (the runtime's image store). */
  loadedImages: "/var/lib/rehearsal/images.json",
} as const;

/** The kubelet's port (kubelet --port, the Node's daemonEndpoints.kubeletEndpoint). */
export const KUBELET_PORT = 10250;
