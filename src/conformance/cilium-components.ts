// Where Cilium's own workloads live in the run's cluster. The chart installs every component into
// the release's namespace (`cilium install --namespace`, which the plan takes from the
// HelmRelease's targetNamespace), and the agents create the L2 announcement Leases there too
// (cilium/cilium pkg/l2announcer/l2announcer.go, leaseNamespace(): the agent's K8sNamespace, set
// from CILIUM_K8S_NAMESPACE = the release namespace). Nothing here may assume kube-system.
// Labels and ports: the chart's templates (cilium-agent/daemonset.yaml k8s-app=cilium,
// hubble-relay/deployment.yaml k8s-app=hubble-relay with gRPC 4245, hubble-ui/service.yaml port 80).

export interface CiliumComponents {
  namespace: string;
  agent: { namespace: string; labelSelector: string; container: string };
  relay: { namespace: string; labelSelector: string; port: number };
  ui: { namespace: string; service: string; port: number };
}

export function ciliumComponents(namespace: string): CiliumComponents {
  return {
    namespace,
    agent: { namespace, labelSelector: "k8s-app=cilium", container: "cilium-agent" },
    relay: { namespace, labelSelector: "k8s-app=hubble-relay", port: 4245 },
    ui: { namespace, service: "hubble-ui", port: 80 },
  };
}
