// The objects kubeadm init creates in a new cluster besides the static pods
// (kubernetes/kubernetes cmd/kubeadm/app/phases): the CoreDNS addon (ServiceAccount coredns,
// ConfigMap coredns with the Corefile, Deployment coredns with 2 replicas tolerating the
// control-plane taint, Service kube-dns on the 10th Service IP with dns/dns-tcp/metrics ports;
// addons/dns/manifests.go), and the uploaded config (kube-system/kubeadm-config, kubelet-config,
// kube-public/cluster-info). kind skips the kube-proxy addon when kubeProxyMode is none.

import { stringify } from "yaml";
import { type NodeBootstrap, serviceSubnetAddress } from "./node-bootstrap.ts";

type KubeObject = Record<string, unknown> & {
  apiVersion: string;
  kind: string;
  metadata: Record<string, unknown>;
};

/** CoreDNS's image for Kubernetes v1.35 (kubeadm constants: CoreDNSVersion v1.13.1). */
export const COREDNS_IMAGE = "registry.k8s.io/coredns/coredns:v1.13.1";
export const CONTROL_PLANE_TAINT = "node-role.kubernetes.io/control-plane";

function corefile(domain: string): string {
  return [
    ".:53 {",
    "    errors",
    "    health {",
    "       lameduck 5s",
    "    }",
    "    ready",
    `    kubernetes ${domain} in-addr.arpa ip6.arpa {`,
    "       pods insecure",
    "       fallthrough in-addr.arpa ip6.arpa",
    "       ttl 30",
    "    }",
    "    prometheus :9153",
    "    forward . /etc/resolv.conf {",
    "       max_concurrent 1000",
    "    }",
    "    cache 30 {",
    `       disable success ${domain}`,
    `       disable denial ${domain}`,
    "    }",
    "    loop",
    "    reload",
    "    loadbalance",
    "}",
    "",
  ].join("\n");
}

export function coreDnsObjects(bootstrap: NodeBootstrap, domain = "cluster.local"): KubeObject[] {
  const labels = { "k8s-app": "kube-dns" };
  return [
    { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "coredns", namespace: "kube-system" } },
    {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "coredns", namespace: "kube-system" },
      data: { Corefile: corefile(domain) },
    },
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "coredns", namespace: "kube-system", labels },
      spec: {
        replicas: 2,
        strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 1 } },
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            priorityClassName: "system-cluster-critical",
            serviceAccountName: "coredns",
            affinity: {
              podAntiAffinity: {
                preferredDuringSchedulingIgnoredDuringExecution: [
                  {
                    weight: 100,
                    podAffinityTerm: {
                      labelSelector: {
                        matchExpressions: [{ key: "k8s-app", operator: "In", values: ["kube-dns"] }],
                      },
                      topologyKey: "kubernetes.io/hostname",
                    },
                  },
                ],
              },
            },
            tolerations: [
              { key: "CriticalAddonsOnly", operator: "Exists" },
              { key: CONTROL_PLANE_TAINT, effect: "NoSchedule" },
            ],
            nodeSelector: { "kubernetes.io/os": "linux" },
            containers: [
              {
                name: "coredns",
                image: COREDNS_IMAGE,
                imagePullPolicy: "IfNotPresent",
                args: ["-conf", "/etc/coredns/Corefile"],
                volumeMounts: [{ name: "config-volume", mountPath: "/etc/coredns", readOnly: true }],
                ports: [
                  { containerPort: 53, name: "dns", protocol: "UDP" },
                  { containerPort: 53, name: "dns-tcp", protocol: "TCP" },
                  { containerPort: 9153, name: "metrics", protocol: "TCP" },
                  { containerPort: 8080, name: "liveness-probe", protocol: "TCP" },
                  { containerPort: 8181, name: "readiness-probe", protocol: "TCP" },
                ],
                livenessProbe: {
                  httpGet: { path: "/health", port: "liveness-probe", scheme: "HTTP" },
                  initialDelaySeconds: 60,
                  timeoutSeconds: 5,
                  successThreshold: 1,
                  failureThreshold: 5,
                },
                readinessProbe: { httpGet: { path: "/ready", port: "readiness-probe", scheme: "HTTP" } },
              },
            ],
            dnsPolicy: "Default",
            volumes: [
              {
                name: "config-volume",
                configMap: { name: "coredns", items: [{ key: "Corefile", path: "Corefile" }] },
              },
            ],
          },
        },
      },
    },
    {
      apiVersion: "v1",
      kind: "Service",
      metadata: {
        name: "kube-dns",
        namespace: "kube-system",
        labels: { ...labels, "kubernetes.io/cluster-service": "true", "kubernetes.io/name": "CoreDNS" },
        annotations: { "prometheus.io/port": "9153", "prometheus.io/scrape": "true" },
      },
      spec: {
        clusterIP: serviceSubnetAddress(bootstrap.serviceSubnet, 10),
        ports: [
          { name: "dns", port: 53, protocol: "UDP", targetPort: 53 },
          { name: "dns-tcp", port: 53, protocol: "TCP", targetPort: 53 },
          { name: "metrics", port: 9153, protocol: "TCP", targetPort: 9153 },
        ],
        selector: labels,
      },
    },
  ];
}

export function uploadedConfig(bootstrap: NodeBootstrap, adminKubeconfigCa: string): KubeObject[] {
  const clusterConfiguration = {
    apiVersion: "kubeadm.k8s.io/v1beta4",
    kind: "ClusterConfiguration",
    clusterName: bootstrap.cluster,
    controlPlaneEndpoint: bootstrap.controlPlaneEndpoint,
    kubernetesVersion: bootstrap.kubernetesVersion,
    networking: {
      dnsDomain: "cluster.local",
      podSubnet: bootstrap.podSubnet,
      serviceSubnet: bootstrap.serviceSubnet,
    },
  };
  const clusterInfo = {
    apiVersion: "v1",
    kind: "Config",
    clusters: [
      {
        name: "",
        cluster: {
          "certificate-authority-data": Buffer.from(adminKubeconfigCa).toString("base64"),
          server: `https://${bootstrap.controlPlaneEndpoint}`,
        },
      },
    ],
  };
  return [
    {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "kubeadm-config", namespace: "kube-system" },
      data: { ClusterConfiguration: stringify(clusterConfiguration) },
    },
    {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "kubelet-config", namespace: "kube-system" },
      data: {
        kubelet: stringify({
          apiVersion: "kubelet.config.k8s.io/v1beta1",
          kind: "KubeletConfiguration",
          cgroupDriver: "systemd",
          cgroupRoot: "/kubelet",
          clusterDNS: [serviceSubnetAddress(bootstrap.serviceSubnet, 10)],
          clusterDomain: "cluster.local",
          failSwapOn: false,
        }),
      },
    },
    {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "cluster-info", namespace: "kube-public" },
      data: { kubeconfig: stringify(clusterInfo) },
    },
  ];
}
