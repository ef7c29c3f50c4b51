// The chart's default values for the keys the double renders from, per Cilium minor (read from
// install/kubernetes/cilium/values.yaml of each chart; the test compares every leaf with the
// charts in ../shared/cilium-samples). Helm coalesces the user's values over these.

import { imageFactsFor } from "./embedded-charts.ts";

export type Values = Record<string, unknown>;

export function minorOfVersion(version: string): number {
  return Number(/^\d+\.(\d+)/.exec(version)?.[1] ?? "0");
}

export function chartDefaults(version: string): Values {
  const minor = minorOfVersion(version);
  const images = imageFactsFor(version);
  const image = (repository: string, facts: { tag: string; digest: string }) => ({
    override: null,
    repository,
    tag: facts.tag,
    digest: facts.digest,
    useDigest: facts.digest !== "",
    pullPolicy: "IfNotPresent",
  });
  const exists = [{ operator: "Exists" }];
  return {
    name: "cilium",
    agent: true,
    rollOutCiliumPods: false,
    image: image("quay.io/cilium/cilium", images.agent),
    tolerations: exists,
    nodeSelector: { "kubernetes.io/os": "linux" },
    priorityClassName: "",
    enableCriticalPriorityClass: true,
    updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 2 } },
    healthPort: 9879,
    // values.yaml cni.* (the same in 1.16–1.19, cilium-samples/charts/*/values.yaml).
    cni: {
      install: true,
      customConf: false,
      exclusive: true,
      hostConfDirMountPath: "/host/etc/cni/net.d",
      logFile: "/var/run/cilium/cilium-cni.log",
    },
    debug: { enabled: false },
    cluster: { name: "default", id: 0 },
    // 1.18 added a schema default for kubeProxyReplacement ("false"); before it had none.
    ...(minor >= 18 ? { kubeProxyReplacement: "false" } : {}),
    k8sServiceHost: "",
    k8sServicePort: "",
    k8sClientRateLimit: { qps: null, burst: null },
    l7Proxy: true,
    routingMode: "",
    tunnelProtocol: "",
    ipv4: { enabled: true },
    ipv6: { enabled: false },
    ipam: {
      mode: "cluster-pool",
      operator: { clusterPoolIPv4PodCIDRList: ["10.0.0.0/8"], clusterPoolIPv4MaskSize: 24 },
    },
    l2announcements: { enabled: false },
    bgpControlPlane: { enabled: false, secretsNamespace: { create: false, name: "kube-system" } },
    ...(minor >= 17 ? { enableLBIPAM: true, defaultLBServiceIPAM: "lbipam" } : {}),
    ...(minor === 16 ? { externalIPs: { enabled: false } } : {}),
    gatewayAPI: {
      enabled: false,
      externalTrafficPolicy: "Cluster",
      gatewayClass: { create: "auto" },
      secretsNamespace: { create: true, name: "cilium-secrets", sync: true },
      hostNetwork: { enabled: false, nodes: { matchLabels: {} } },
    },
    ingressController: {
      enabled: false,
      secretsNamespace: { create: true, name: "cilium-secrets", sync: true },
    },
    envoyConfig: { enabled: false, secretsNamespace: { create: true, name: "cilium-secrets" } },
    ...(minor >= 17 ? { tls: { secretsNamespace: { create: true, name: "cilium-secrets" } } } : {}),
    envoy: {
      enabled: null,
      image: image("quay.io/cilium/cilium-envoy", images.envoy),
      tolerations: exists,
      healthPort: 9878,
    },
    operator: {
      enabled: true,
      replicas: 2,
      image: {
        override: null,
        repository: "quay.io/cilium/operator",
        tag: images.operator.tag,
        genericDigest: images.operator.genericDigest,
        useDigest: images.operator.genericDigest !== "",
        pullPolicy: "IfNotPresent",
        suffix: "",
      },
      hostNetwork: true,
      tolerations:
        minor >= 18
          ? [
              { key: "node-role.kubernetes.io/control-plane", operator: "Exists" },
              { key: "node-role.kubernetes.io/master", operator: "Exists" },
              { key: "node.kubernetes.io/not-ready", operator: "Exists" },
              { key: "node.cloudprovider.kubernetes.io/uninitialized", operator: "Exists" },
            ]
          : exists,
      nodeSelector: { "kubernetes.io/os": "linux" },
      priorityClassName: "",
    },
    hubble: {
      enabled: true,
      listenAddress: ":4244",
      peerService: { targetPort: 4244, clusterDomain: "cluster.local" },
      tls: { enabled: true, auto: { enabled: true, method: "helm", certValidityDuration: 365 } },
      metrics: { enabled: null, port: 9965 },
      relay: {
        enabled: false,
        replicas: 1,
        listenPort: "4245",
        image: image("quay.io/cilium/hubble-relay", images.relay),
        service: { type: "ClusterIP", nodePort: 31234 },
        tls: { server: { enabled: false } },
        tolerations: [],
      },
      ui: {
        enabled: false,
        replicas: 1,
        baseUrl: "/",
        frontend: { image: image("quay.io/cilium/hubble-ui", images.uiFrontend) },
        backend: { image: image("quay.io/cilium/hubble-ui-backend", images.uiBackend) },
        service: { type: "ClusterIP", nodePort: 31235 },
        tolerations: [],
      },
    },
    serviceAccounts: {
      cilium: { create: true, name: "cilium", automount: true },
      envoy: { create: true, name: "cilium-envoy", automount: true },
      operator: { create: true, name: "cilium-operator", automount: true },
      relay: { create: true, name: "hubble-relay", automount: false },
      ui: { create: true, name: "hubble-ui", automount: true },
    },
  };
}
