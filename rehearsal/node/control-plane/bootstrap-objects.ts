// What kube-apiserver keeps in place by itself (kubernetes/kubernetes pkg/controlplane/controller:
// systemnamespaces, kubernetesservice; pkg/registry/scheduling bootstrap priority classes): the
// namespaces default, kube-system, kube-public and kube-node-lease; the `kubernetes` Service
// (ClusterIP the first Service address, https 443 → 6443) with its Endpoints and EndpointSlice
// pointing at the advertise address; the system priority classes.

type Json = Record<string, unknown>;

export function bootstrapObjects(input: {
  kubernetesServiceIp: string;
  advertiseAddress: string;
  port: number;
}): Json[] {
  const namespaces = ["default", "kube-system", "kube-public", "kube-node-lease"].map((name) => ({
    apiVersion: "v1",
    kind: "Namespace",
    metadata: { name, labels: { "kubernetes.io/metadata.name": name } },
    spec: { finalizers: ["kubernetes"] },
    status: { phase: "Active" },
  }));
  const labels = { component: "apiserver", provider: "kubernetes" };
  return [
    ...namespaces,
    {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "kubernetes", namespace: "default", labels },
      spec: {
        type: "ClusterIP",
        clusterIP: input.kubernetesServiceIp,
        clusterIPs: [input.kubernetesServiceIp],
        ipFamilies: ["IPv4"],
        ipFamilyPolicy: "SingleStack",
        internalTrafficPolicy: "Cluster",
        sessionAffinity: "None",
        ports: [{ name: "https", port: 443, protocol: "TCP", targetPort: input.port }],
      },
      status: { loadBalancer: {} },
    },
    {
      apiVersion: "v1",
      kind: "Endpoints",
      metadata: {
        name: "kubernetes",
        namespace: "default",
        labels: { "endpointslice.kubernetes.io/skip-mirror": "true" },
      },
      subsets: [
        {
          addresses: [{ ip: input.advertiseAddress }],
          ports: [{ name: "https", port: input.port, protocol: "TCP" }],
        },
      ],
    },
    {
      apiVersion: "discovery.k8s.io/v1",
      kind: "EndpointSlice",
      metadata: {
        name: "kubernetes",
        namespace: "default",
        labels: { "kubernetes.io/service-name": "kubernetes" },
      },
      addressType: "IPv4",
      endpoints: [{ addresses: [input.advertiseAddress], conditions: { ready: true } }],
      ports: [{ name: "https", port: input.port, protocol: "TCP" }],
    },
    ...[
      [
        "system-node-critical",
        2000001000,
        "Used for system critical pods that must not be moved from their current node.",
      ],
      [
        "system-cluster-critical",
        2000000000,
        "Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.",
      ],
    ].map(([name, value, description]) => ({
      apiVersion: "scheduling.k8s.io/v1",
      kind: "PriorityClass",
      metadata: { name },
      value,
      globalDefault: false,
      description,
      preemptionPolicy: "PreemptLowerPriority",
    })),
  ];
}
