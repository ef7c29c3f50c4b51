// What `cilium connectivity test` deploys into each test namespace (cilium-cli v0.19.7's vendored
// cilium-cli/connectivity/check/deployment.go deploy): the namespace (label
// app.kubernetes.io/name=cilium-cli), a ServiceAccount per workload, the echo Services
// (echo-same-node, echo-other-node: port "http" 8080, --service-type, default NodePort), the
// Deployments client, client2 (alpine-curl, /usr/bin/pause), echo-same-node (json-mock on
// 8080 next to a client) and echo-other-node (json-mock away from the client), and the host-netns
// DaemonSet. Names, labels, affinities, ports and probes as newDeployment/newDaemonSet build them.
// Not deployed by the double: the DNS test-server sidecar, client3/client-cp, echo-external-node,
// the conn-disrupt and perf workloads (their tests are not part of the double's subset).

import type { Obj } from "../../k8s/kube-objects.ts";

export const CURL_IMAGE =
  "quay.io/cilium/alpine-curl:v1.10.0@sha256:913e8c9f3d960dde03882defa0edd3a919d529c2eb167caa7f54194528bde364";
export const JSON_MOCK_IMAGE =
  "quay.io/cilium/json-mock:v1.4.1@sha256:6a66df90808a39c02e7a9d58af7bf0e54d8f8b7d4bc528f48c891969a7049195";

const hostnameAffinity = (kind: "podAffinity" | "podAntiAffinity") => ({
  [kind]: {
    requiredDuringSchedulingIgnoredDuringExecution: [
      {
        labelSelector: { matchExpressions: [{ key: "name", operator: "In", values: ["client"] }] },
        topologyKey: "kubernetes.io/hostname",
      },
    ],
  },
});

interface WorkloadParams {
  name: string;
  kind: string;
  image: string;
  command?: string[];
  port?: number;
  namedPort?: string;
  labels?: Record<string, string>;
  affinity?: Record<string, unknown>;
  readiness?: boolean;
  hostNetwork?: boolean;
}

function podTemplate(p: WorkloadParams): Record<string, unknown> {
  return {
    metadata: { name: p.name, labels: { name: p.name, kind: p.kind, ...(p.labels ?? {}) } },
    spec: {
      containers: [
        {
          name: p.name,
          ...(p.port
            ? {
                env: [
                  { name: "PORT", value: String(p.port) },
                  { name: "NAMED_PORT", value: p.namedPort ?? `port-${p.port}` },
                ],
              }
            : {}),
          ...(p.port ? { ports: [{ name: p.namedPort ?? `port-${p.port}`, containerPort: p.port }] } : {}),
          image: p.image,
          imagePullPolicy: "IfNotPresent",
          ...(p.command ? { command: p.command } : {}),
          ...(p.readiness && p.port
            ? {
                readinessProbe: {
                  httpGet: { path: "/", port: p.port, scheme: "HTTP" },
                  timeoutSeconds: 2,
                  successThreshold: 1,
                  periodSeconds: 1,
                  initialDelaySeconds: 1,
                  failureThreshold: 3,
                },
              }
            : {}),
          securityContext: { capabilities: { add: ["NET_RAW"] } },
        },
      ],
      ...(p.affinity ? { affinity: p.affinity } : {}),
      ...(p.hostNetwork ? { hostNetwork: true } : {}),
      // newDeployment names a ServiceAccount after the workload; newDaemonSet does not.
      ...(p.hostNetwork ? {} : { serviceAccountName: p.name }),
    },
  };
}

function deployment(namespace: string, p: WorkloadParams): Obj {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: p.name, namespace, labels: { name: p.name, kind: p.kind } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { name: p.name, kind: p.kind } },
      template: podTemplate(p),
    },
  };
}

function service(namespace: string, name: string, serviceType: string): Obj {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name, namespace, labels: { kind: "echo" } },
    spec: {
      type: serviceType,
      ports: [{ name: "http", port: 8080 }],
      selector: { name },
      ipFamilyPolicy: "PreferDualStack",
    },
  };
}

export const WORKLOADS = ["client", "client2", "echo-same-node", "echo-other-node"] as const;

export function connectivityObjects(namespace: string, serviceType = "NodePort"): Obj[] {
  const serviceAccount = (name: string): Obj => ({
    apiVersion: "v1",
    kind: "ServiceAccount",
    metadata: { name, namespace },
  });
  return [
    {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: namespace, labels: { "app.kubernetes.io/name": "cilium-cli" } },
    },
    service(namespace, "echo-same-node", serviceType),
    serviceAccount("echo-same-node"),
    deployment(namespace, {
      name: "echo-same-node",
      kind: "echo",
      image: JSON_MOCK_IMAGE,
      port: 8080,
      namedPort: "http-8080",
      labels: { other: "echo" },
      affinity: hostnameAffinity("podAffinity"),
      readiness: true,
    }),
    serviceAccount("client"),
    deployment(namespace, { name: "client", kind: "client", image: CURL_IMAGE, command: ["/usr/bin/pause"] }),
    serviceAccount("client2"),
    deployment(namespace, {
      name: "client2",
      kind: "client",
      image: CURL_IMAGE,
      command: ["/usr/bin/pause"],
      labels: { other: "client" },
      affinity: hostnameAffinity("podAffinity"),
    }),
    service(namespace, "echo-other-node", serviceType),
    serviceAccount("echo-other-node"),
    deployment(namespace, {
      name: "echo-other-node",
      kind: "echo",
      image: JSON_MOCK_IMAGE,
      port: 8080,
      namedPort: "http-8080",
      labels: { first: "echo" },
      affinity: hostnameAffinity("podAntiAffinity"),
      readiness: true,
    }),
    {
      apiVersion: "apps/v1",
      kind: "DaemonSet",
      metadata: { name: "host-netns", namespace, labels: { name: "host-netns", kind: "host-netns" } },
      spec: {
        selector: { matchLabels: { name: "host-netns", kind: "host-netns" } },
        template: {
          ...podTemplate({
            name: "host-netns",
            kind: "host-netns",
            image: CURL_IMAGE,
            command: ["/usr/bin/pause"],
            labels: { other: "host-netns" },
            hostNetwork: true,
          }),
        },
      },
    },
  ];
}
