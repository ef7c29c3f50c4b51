// kubeadm's kube-proxy addon (kubernetes/kubernetes cmd/kubeadm/app/phases/addons/proxy:
// manifests.go, proxy.go): ServiceAccount, ConfigMap with the KubeProxyConfiguration, and the
// DaemonSet kube-system/kube-proxy (k8s-app=kube-proxy, host network, privileged, every taint
// tolerated, system-node-critical). kind skips this phase when its config says kubeProxyMode: none
// (kubernetes-sigs/kind v0.31.0 pkg/cluster/internal/kubeadm/config.go: skipPhases
// addon/kube-proxy), so the double creates it only under the fault kpr-kube-proxy-daemonset
// (rehearsal/faults/catalogue.ts). The rehearsal has no behaviour for the kube-proxy image, so its
// pods stay in ErrImagePull; what the fault breaks is "no kube-proxy DaemonSet".

import { stringify } from "yaml";
import type { NodeBootstrap } from "./node-bootstrap.ts";

export const KUBE_PROXY_DAEMONSET_FAULT = "kpr-kube-proxy-daemonset";

type KubeObject = Record<string, unknown> & {
  apiVersion: string;
  kind: string;
  metadata: Record<string, unknown>;
};

export function kubeProxyObjects(bootstrap: NodeBootstrap): KubeObject[] {
  const labels = { "k8s-app": "kube-proxy" };
  const config = {
    apiVersion: "kubeproxy.config.k8s.io/v1alpha1",
    kind: "KubeProxyConfiguration",
    bindAddress: "0.0.0.0",
    clientConnection: { kubeconfig: "/var/lib/kube-proxy/kubeconfig.conf" },
    clusterCIDR: bootstrap.podSubnet,
    mode: "iptables",
  };
  return [
    { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "kube-proxy", namespace: "kube-system" } },
    {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "kube-proxy", namespace: "kube-system", labels: { app: "kube-proxy" } },
      data: { "config.conf": stringify(config) },
    },
    {
      apiVersion: "apps/v1",
      kind: "DaemonSet",
      metadata: { name: "kube-proxy", namespace: "kube-system", labels },
      spec: {
        selector: { matchLabels: labels },
        updateStrategy: { type: "RollingUpdate" },
        template: {
          metadata: { labels },
          spec: {
            priorityClassName: "system-node-critical",
            serviceAccountName: "kube-proxy",
            hostNetwork: true,
            nodeSelector: { "kubernetes.io/os": "linux" },
            tolerations: [{ operator: "Exists" }],
            containers: [
              {
                name: "kube-proxy",
                image: `registry.k8s.io/kube-proxy:${bootstrap.kubernetesVersion}`,
                imagePullPolicy: "IfNotPresent",
                command: [
                  "/usr/local/bin/kube-proxy",
                  "--config=/var/lib/kube-proxy/config.conf",
                  "--hostname-override=$(NODE_NAME)",
                ],
                securityContext: { privileged: true },
                env: [{ name: "NODE_NAME", valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } } }],
                volumeMounts: [
                  { name: "kube-proxy", mountPath: "/var/lib/kube-proxy" },
                  { name: "xtables-lock", mountPath: "/run/xtables.lock" },
                  { name: "lib-modules", mountPath: "/lib/modules", readOnly: true },
                ],
              },
            ],
            volumes: [
              { name: "kube-proxy", configMap: { name: "kube-proxy" } },
              { name: "xtables-lock", hostPath: { path: "/run/xtables.lock", type: "FileOrCreate" } },
              { name: "lib-modules", hostPath: { path: "/lib/modules" } },
            ],
          },
        },
      },
    },
  ];
}
