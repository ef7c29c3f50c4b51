// "No kube-proxy": kind with kubeProxyMode none creates no kube-proxy DaemonSet; kubeadm names it
// `kube-proxy` in kube-system with pods labelled k8s-app=kube-proxy.

interface NamedObject {
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string> };
}

/** DaemonSets that are kube-proxy, by name or by kubeadm's label. */
export function kubeProxyDaemonSets(daemonSets: readonly NamedObject[]): string[] {
  return daemonSets
    .filter((ds) => ds.metadata?.name === "kube-proxy" || ds.metadata?.labels?.["k8s-app"] === "kube-proxy")
    .map((ds) => `${ds.metadata?.namespace ?? ""}/${ds.metadata?.name ?? "?"}`);
}
