// Deployment `cilium-operator` (templates/cilium-operator/deployment.yaml) and DaemonSet
// `cilium-envoy` (templates/cilium-envoy/daemonset.yaml, configmap.yaml, service.yaml) with their
// ServiceAccounts: names, labels, selectors, commands, probes (operator 127.0.0.1:9234/healthz,
// Envoy 127.0.0.1:<envoy.healthPort>/healthz), host networking and tolerations.

import type { Obj } from "../../../k8s/kube-objects.ts";
import { agentProbes } from "./agent.ts";
import {
  apiServerEnv,
  envoyDaemonSetEnabled,
  fieldEnv,
  imageRef,
  meta,
  on,
  operatorImageRef,
  perNode,
  priorityClass,
  type RenderContext,
  serviceAccount,
  v,
} from "./render-context.ts";

const OPERATOR_LABELS = {
  "io.cilium/app": "operator",
  name: "cilium-operator",
  "app.kubernetes.io/part-of": "cilium",
  "app.kubernetes.io/name": "cilium-operator",
};

export function operatorObjects(context: RenderContext): Obj[] {
  if (!on(context, "operator.enabled")) return [];
  const replicas = Number(v(context, "operator.replicas"));
  const host = on(context, "ipv4.enabled") ? "127.0.0.1" : "::1";
  const healthz = (extra: Record<string, unknown>) => ({
    httpGet: { host, path: "/healthz", port: 9234, scheme: "HTTP" },
    ...extra,
  });
  const strategy =
    String(replicas) === "1" && v(context, "operator.updateStrategy.type") !== "Recreate"
      ? {
          rollingUpdate: {
            maxSurge: v(context, "operator.updateStrategy.rollingUpdate.maxSurge") ?? "25%",
            maxUnavailable: "100%",
          },
          type: "RollingUpdate",
        }
      : (v(context, "operator.updateStrategy") ?? {
          type: "RollingUpdate",
          rollingUpdate: { maxSurge: "25%", maxUnavailable: "50%" },
        });
  const deployment: Obj = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: meta("cilium-operator", context, OPERATOR_LABELS),
    spec: {
      replicas,
      selector: { matchLabels: { "io.cilium/app": "operator", name: "cilium-operator" } },
      strategy,
      template: {
        metadata: { labels: OPERATOR_LABELS },
        spec: {
          containers: [
            {
              name: "cilium-operator",
              image: operatorImageRef(context),
              imagePullPolicy: v(context, "operator.image.pullPolicy") ?? "IfNotPresent",
              command: ["cilium-operator-generic"],
              args: ["--config-dir=/tmp/cilium/config-map", "--debug=$(CILIUM_DEBUG)"],
              env: [
                fieldEnv("K8S_NODE_NAME", "spec.nodeName"),
                fieldEnv("CILIUM_K8S_NAMESPACE", "metadata.namespace"),
                {
                  name: "CILIUM_DEBUG",
                  valueFrom: { configMapKeyRef: { key: "debug", name: "cilium-config", optional: true } },
                },
                ...apiServerEnv(context),
              ],
              livenessProbe: healthz({ initialDelaySeconds: 60, periodSeconds: 10, timeoutSeconds: 3 }),
              readinessProbe: healthz({
                initialDelaySeconds: 0,
                periodSeconds: 5,
                timeoutSeconds: 3,
                failureThreshold: 5,
              }),
              volumeMounts: [
                { name: "cilium-config-path", mountPath: "/tmp/cilium/config-map", readOnly: true },
              ],
              terminationMessagePolicy: "FallbackToLogsOnError",
            },
          ],
          hostNetwork: v(context, "operator.hostNetwork"),
          restartPolicy: "Always",
          priorityClassName: priorityClass(context, "operator.priorityClassName", "system-cluster-critical"),
          serviceAccountName: v<string>(context, "serviceAccounts.operator.name"),
          automountServiceAccountToken: on(context, "serviceAccounts.operator.automount"),
          affinity: {
            podAntiAffinity: perNode({ "io.cilium/app": "operator" }),
          },
          nodeSelector: v(context, "operator.nodeSelector"),
          tolerations: v(context, "operator.tolerations"),
          volumes: [{ name: "cilium-config-path", configMap: { name: "cilium-config" } }],
        },
      },
    },
  };
  return [...serviceAccount(context, "operator"), deployment];
}

const ENVOY_LABELS = {
  "k8s-app": "cilium-envoy",
  "app.kubernetes.io/part-of": "cilium",
  "app.kubernetes.io/name": "cilium-envoy",
  name: "cilium-envoy",
};

export function envoyObjects(context: RenderContext): Obj[] {
  if (!envoyDaemonSetEnabled(context)) return [];
  const host = on(context, "ipv4.enabled") ? "127.0.0.1" : "::1";
  const healthPort = v<number>(context, "envoy.healthPort");
  const probe = (extra: Record<string, unknown>) => ({
    httpGet: { host, path: "/healthz", port: healthPort, scheme: "HTTP" },
    ...extra,
  });
  const daemonSet: Obj = {
    apiVersion: "apps/v1",
    kind: "DaemonSet",
    metadata: meta("cilium-envoy", context, ENVOY_LABELS),
    spec: {
      selector: { matchLabels: { "k8s-app": "cilium-envoy" } },
      updateStrategy: { rollingUpdate: { maxUnavailable: 2 }, type: "RollingUpdate" },
      template: {
        metadata: {
          labels: {
            "k8s-app": "cilium-envoy",
            name: "cilium-envoy",
            "app.kubernetes.io/name": "cilium-envoy",
            "app.kubernetes.io/part-of": "cilium",
          },
        },
        spec: {
          containers: [
            {
              name: "cilium-envoy",
              image: imageRef(v(context, "envoy.image")),
              imagePullPolicy: v(context, "envoy.image.pullPolicy") ?? "IfNotPresent",
              command: ["/usr/bin/cilium-envoy-starter"],
              args: [
                "--",
                "-c /var/run/cilium/envoy/bootstrap-config.json",
                "--base-id 0",
                "--log-level info",
              ],
              ...agentProbes(probe),
              env: [
                fieldEnv("K8S_NODE_NAME", "spec.nodeName"),
                fieldEnv("CILIUM_K8S_NAMESPACE", "metadata.namespace"),
                ...apiServerEnv(context),
              ],
              ports: [{ name: "envoy-metrics", containerPort: 9964, hostPort: 9964, protocol: "TCP" }],
              terminationMessagePolicy: "FallbackToLogsOnError",
              volumeMounts: [
                { name: "envoy-sockets", mountPath: "/var/run/cilium/envoy/sockets", readOnly: false },
                { name: "envoy-artifacts", mountPath: "/var/run/cilium/envoy/artifacts", readOnly: true },
                { name: "envoy-config", mountPath: "/var/run/cilium/envoy/", readOnly: true },
                { name: "bpf-maps", mountPath: "/sys/fs/bpf", mountPropagation: "HostToContainer" },
              ],
            },
          ],
          restartPolicy: "Always",
          priorityClassName: priorityClass(context, "envoy.priorityClassName", "system-node-critical"),
          serviceAccountName: v<string>(context, "serviceAccounts.envoy.name"),
          automountServiceAccountToken: on(context, "serviceAccounts.envoy.automount"),
          terminationGracePeriodSeconds: 1,
          hostNetwork: true,
          affinity: {
            podAntiAffinity: perNode({ "k8s-app": "cilium-envoy" }),
            podAffinity: perNode({ "k8s-app": "cilium" }),
          },
          nodeSelector: { "kubernetes.io/os": "linux" },
          tolerations: v(context, "envoy.tolerations"),
          volumes: [
            {
              name: "envoy-sockets",
              hostPath: { path: "/var/run/cilium/envoy/sockets", type: "DirectoryOrCreate" },
            },
            {
              name: "envoy-artifacts",
              hostPath: { path: "/var/run/cilium/envoy/artifacts", type: "DirectoryOrCreate" },
            },
            {
              name: "envoy-config",
              configMap: {
                name: "cilium-envoy-config",
                defaultMode: 0o400,
                items: [{ key: "bootstrap-config.json", path: "bootstrap-config.json" }],
              },
            },
            { name: "bpf-maps", hostPath: { path: "/sys/fs/bpf", type: "DirectoryOrCreate" } },
          ],
        },
      },
    },
  };
  const bootstrap = {
    node: { id: "host~127.0.0.1~no-id~localdomain", cluster: "ingress-cluster" },
    dynamicResources: {
      ldsConfig: {
        apiConfigSource: {
          apiType: "GRPC",
          transportApiVersion: "V3",
          grpcServices: [{ envoyGrpc: { clusterName: "xds-grpc-cilium" } }],
        },
        resourceApiVersion: "V3",
      },
      cdsConfig: {
        apiConfigSource: {
          apiType: "GRPC",
          transportApiVersion: "V3",
          grpcServices: [{ envoyGrpc: { clusterName: "xds-grpc-cilium" } }],
        },
        resourceApiVersion: "V3",
      },
    },
    staticResources: {
      // files/cilium-envoy/configmap/bootstrap-config.yaml: the probes' /healthz (routed to the admin /ready).
      listeners: [
        {
          name: "envoy-health-listener",
          address: {
            socketAddress: {
              address: on(context, "ipv4.enabled") ? "127.0.0.1" : "::1",
              portValue: healthPort,
            },
          },
        },
      ],
      clusters: [
        {
          name: "xds-grpc-cilium",
          type: "STATIC",
          loadAssignment: {
            clusterName: "xds-grpc-cilium",
            endpoints: [
              {
                lbEndpoints: [
                  { endpoint: { address: { pipe: { path: "/var/run/cilium/envoy/sockets/xds.sock" } } } },
                ],
              },
            ],
          },
        },
      ],
    },
    admin: { address: { pipe: { path: "/var/run/cilium/envoy/sockets/admin.sock" } } },
  };
  const configMap: Obj = {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: meta("cilium-envoy-config", context),
    data: { "bootstrap-config.json": `${JSON.stringify(bootstrap)}\n` },
  };
  const service: Obj = {
    apiVersion: "v1",
    kind: "Service",
    metadata: {
      ...meta("cilium-envoy", context, {
        "k8s-app": "cilium-envoy",
        "app.kubernetes.io/name": "cilium-envoy",
        "app.kubernetes.io/part-of": "cilium",
        "io.cilium/app": "proxy",
      }),
      annotations: { "prometheus.io/scrape": "true", "prometheus.io/port": "9964" },
    },
    spec: {
      clusterIP: "None",
      type: "ClusterIP",
      selector: { "k8s-app": "cilium-envoy" },
      ports: [{ name: "envoy-metrics", port: 9964, protocol: "TCP", targetPort: "envoy-metrics" }],
    },
  };
  return [...serviceAccount(context, "envoy"), configMap, service, daemonSet];
}
