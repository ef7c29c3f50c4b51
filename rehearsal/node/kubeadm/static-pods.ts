// The control plane's static pods as kubeadm writes them to /etc/kubernetes/manifests
// (kubernetes/kubernetes cmd/kubeadm/app/phases/controlplane/manifests.go: hostNetwork,
// priorityClassName system-node-critical, labels component/tier, the flags below). The kubelet
// double runs them like any static pod; the images map to the double's programs
// (image-behaviours.ts). Flags the double does not read are kept where they say something true.

import { NODE_PATHS } from "../node-paths.ts";
import type { NodeBootstrap } from "./node-bootstrap.ts";

type Pod = Record<string, unknown>;

const PKI = NODE_PATHS.pkiDir;

function staticPod(name: string, container: Record<string, unknown>, annotations = {}): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      namespace: "kube-system",
      labels: { component: name, tier: "control-plane" },
      annotations,
    },
    spec: {
      hostNetwork: true,
      priority: 2000001000,
      priorityClassName: "system-node-critical",
      securityContext: { seccompProfile: { type: "RuntimeDefault" } },
      containers: [{ name, imagePullPolicy: "IfNotPresent", ...container }],
    },
  };
}

export function controlPlaneStaticPods(bootstrap: NodeBootstrap): Record<string, Pod> {
  const version = bootstrap.kubernetesVersion;
  const apiserver = staticPod(
    "kube-apiserver",
    {
      image: `registry.k8s.io/kube-apiserver:${version}`,
      command: [
        "kube-apiserver",
        `--advertise-address=${bootstrap.advertiseAddress}`,
        "--allow-privileged=true",
        "--authorization-mode=Node,RBAC",
        `--client-ca-file=${PKI}/ca.crt`,
        "--secure-port=6443",
        "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
        `--service-account-key-file=${PKI}/sa.pub`,
        `--service-account-signing-key-file=${PKI}/sa.key`,
        `--service-cluster-ip-range=${bootstrap.serviceSubnet}`,
        "--service-node-port-range=30000-32767",
        `--tls-cert-file=${PKI}/apiserver.crt`,
        `--tls-private-key-file=${PKI}/apiserver.key`,
        // The double's stand-in for --kubelet-client-certificate/--kubelet-client-key.
        `--kubelet-client-token-file=${NODE_PATHS.kubeletClientToken}`,
        "--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname",
      ],
      livenessProbe: {
        httpGet: { host: bootstrap.advertiseAddress, path: "/livez", port: 6443, scheme: "HTTPS" },
        initialDelaySeconds: 10,
        periodSeconds: 10,
        timeoutSeconds: 15,
        failureThreshold: 8,
      },
      readinessProbe: {
        httpGet: { host: bootstrap.advertiseAddress, path: "/readyz", port: 6443, scheme: "HTTPS" },
        periodSeconds: 1,
        timeoutSeconds: 15,
        failureThreshold: 3,
      },
    },
    {
      "kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint": `${bootstrap.advertiseAddress}:6443`,
    },
  );
  const controllerManager = staticPod("kube-controller-manager", {
    image: `registry.k8s.io/kube-controller-manager:${version}`,
    command: [
      "kube-controller-manager",
      "--allocate-node-cidrs=true",
      `--cluster-cidr=${bootstrap.podSubnet}`,
      `--cluster-name=${bootstrap.cluster}`,
      `--kubeconfig=${NODE_PATHS.kubernetesDir}/controller-manager.conf`,
      `--root-ca-file=${PKI}/ca.crt`,
      `--service-cluster-ip-range=${bootstrap.serviceSubnet}`,
      "--use-service-account-credentials=true",
      "--controllers=*,bootstrapsigner,tokencleaner",
    ],
  });
  const scheduler = staticPod("kube-scheduler", {
    image: `registry.k8s.io/kube-scheduler:${version}`,
    command: [
      "kube-scheduler",
      `--kubeconfig=${NODE_PATHS.kubernetesDir}/scheduler.conf`,
      "--leader-elect=true",
    ],
  });
  return {
    "kube-apiserver.yaml": apiserver,
    "kube-controller-manager.yaml": controllerManager,
    "kube-scheduler.yaml": scheduler,
  };
}
