// DaemonSet `cilium` (templates/cilium-agent/daemonset.yaml) and its ServiceAccount: the chart's
// names, labels, selector, init containers, agent container (command, env, ports, probes,
// mounts), volumes, tolerations, host networking and priority class.

import type { Obj } from "../../../k8s/kube-objects.ts";
import {
  apiServerEnv,
  envoyDaemonSetEnabled,
  fieldEnv,
  imageRef,
  meta,
  on,
  perNode,
  priorityClass,
  type RenderContext,
  serviceAccount,
  v,
} from "./render-context.ts";

const AGENT_LABELS = {
  "k8s-app": "cilium",
  "app.kubernetes.io/part-of": "cilium",
  "app.kubernetes.io/name": "cilium-agent",
};
const hostPath = (name: string, path: string, type?: string) => ({
  name,
  hostPath: { path, ...(type ? { type } : {}) },
});

export function agentObjects(context: RenderContext): Obj[] {
  if (!on(context, "agent")) return [];
  const image = imageRef(v(context, "image"));
  const pullPolicy = v<string>(context, "image.pullPolicy");
  const healthHost = on(context, "ipv4.enabled") ? "127.0.0.1" : "::1";
  const healthPort = v<number>(context, "healthPort");
  const probe = (extra: Record<string, unknown>) => ({
    httpGet: {
      host: healthHost,
      path: "/healthz",
      port: healthPort,
      scheme: "HTTP",
      httpHeaders: [{ name: "brief", value: "true" }],
    },
    ...extra,
  });
  const baseEnv = [
    fieldEnv("K8S_NODE_NAME", "spec.nodeName"),
    fieldEnv("CILIUM_K8S_NAMESPACE", "metadata.namespace"),
  ];
  const ports: Record<string, unknown>[] = [];
  if (on(context, "hubble.metrics.enabled") || on(context, "prometheus.enabled")) {
    const peer = v<number>(context, "hubble.peerService.targetPort");
    ports.push({ name: "peer-service", containerPort: peer, hostPort: peer, protocol: "TCP" });
    if (on(context, "hubble.metrics.enabled")) {
      const metrics = v<number>(context, "hubble.metrics.port");
      ports.push({ name: "hubble-metrics", containerPort: metrics, hostPort: metrics, protocol: "TCP" });
    }
  }
  const mounts: Record<string, unknown>[] = [];
  if (envoyDaemonSetEnabled(context))
    mounts.push({ name: "envoy-sockets", mountPath: "/var/run/cilium/envoy/sockets", readOnly: false });
  mounts.push(
    { name: "bpf-maps", mountPath: "/sys/fs/bpf", mountPropagation: "HostToContainer" },
    { name: "cilium-run", mountPath: "/var/run/cilium" },
    { name: "cilium-netns", mountPath: "/var/run/cilium/netns", mountPropagation: "HostToContainer" },
    { name: "etc-cni-netd", mountPath: "/host/etc/cni/net.d" },
    { name: "clustermesh-secrets", mountPath: "/var/lib/cilium/clustermesh", readOnly: true },
    { name: "lib-modules", mountPath: "/lib/modules", readOnly: true },
    { name: "xtables-lock", mountPath: "/run/xtables.lock" },
  );
  if (on(context, "hubble.enabled") && on(context, "hubble.tls.enabled")) {
    mounts.push({ name: "hubble-tls", mountPath: "/var/lib/cilium/tls/hubble", readOnly: true });
  }
  mounts.push({ name: "tmp", mountPath: "/tmp" });
  const init = (name: string, command: string[], extra: Record<string, unknown> = {}) => ({
    name,
    image,
    imagePullPolicy: pullPolicy,
    command,
    ...extra,
    terminationMessagePolicy: "FallbackToLogsOnError",
  });
  const initContainers = [
    init("config", ["cilium-dbg", "build-config"], {
      env: [...baseEnv, ...apiServerEnv(context)],
      volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
    }),
    init(
      "mount-cgroup",
      [
        context.minor >= 19 ? "bash" : "sh",
        "-ec",
        'cp /usr/bin/cilium-mount /hostbin/cilium-mount;\nnsenter --cgroup=/hostproc/1/ns/cgroup --mount=/hostproc/1/ns/mnt "${BIN_PATH}/cilium-mount" $CGROUP_ROOT;\nrm /hostbin/cilium-mount\n',
      ],
      {
        env: [
          { name: "CGROUP_ROOT", value: "/run/cilium/cgroupv2" },
          { name: "BIN_PATH", value: "/opt/cni/bin" },
        ],
        volumeMounts: [
          { name: "hostproc", mountPath: "/hostproc" },
          { name: "cni-path", mountPath: "/hostbin" },
        ],
      },
    ),
    init(
      "apply-sysctl-overwrites",
      [
        context.minor >= 19 ? "bash" : "sh",
        "-ec",
        'cp /usr/bin/cilium-sysctlfix /hostbin/cilium-sysctlfix;\nnsenter --mount=/hostproc/1/ns/mnt "${BIN_PATH}/cilium-sysctlfix";\nrm /hostbin/cilium-sysctlfix\n',
      ],
      {
        env: [{ name: "BIN_PATH", value: "/opt/cni/bin" }],
        volumeMounts: [
          { name: "hostproc", mountPath: "/hostproc" },
          { name: "cni-path", mountPath: "/hostbin" },
        ],
      },
    ),
    init("mount-bpf-fs", ["/bin/bash", "-c", "--"], {
      args: ['mount | grep "/sys/fs/bpf type bpf" || mount -t bpf bpf /sys/fs/bpf'],
      volumeMounts: [{ name: "bpf-maps", mountPath: "/sys/fs/bpf", mountPropagation: "Bidirectional" }],
    }),
    init("clean-cilium-state", ["/init-container.sh"], {
      env: [
        {
          name: "CILIUM_ALL_STATE",
          valueFrom: {
            configMapKeyRef: { name: "cilium-config", key: "clean-cilium-state", optional: true },
          },
        },
        {
          name: "CILIUM_BPF_STATE",
          valueFrom: {
            configMapKeyRef: { name: "cilium-config", key: "clean-cilium-bpf-state", optional: true },
          },
        },
        {
          name: "WRITE_CNI_CONF_WHEN_READY",
          valueFrom: {
            configMapKeyRef: { name: "cilium-config", key: "write-cni-conf-when-ready", optional: true },
          },
        },
        ...apiServerEnv(context),
      ],
      volumeMounts: [
        { name: "bpf-maps", mountPath: "/sys/fs/bpf" },
        { name: "cilium-cgroup", mountPath: "/run/cilium/cgroupv2", mountPropagation: "HostToContainer" },
        { name: "cilium-run", mountPath: "/var/run/cilium" },
      ],
    }),
    init("install-cni-binaries", ["/install-plugin.sh"], {
      volumeMounts: [{ name: "cni-path", mountPath: "/host/opt/cni/bin" }],
    }),
  ];
  const volumes: Record<string, unknown>[] = [
    { name: "tmp", emptyDir: {} },
    hostPath("cilium-run", "/var/run/cilium", "DirectoryOrCreate"),
    hostPath("cilium-netns", "/var/run/netns", "DirectoryOrCreate"),
    hostPath("bpf-maps", "/sys/fs/bpf", "DirectoryOrCreate"),
    hostPath("hostproc", "/proc", "Directory"),
    hostPath("cilium-cgroup", "/run/cilium/cgroupv2", "DirectoryOrCreate"),
    hostPath("cni-path", "/opt/cni/bin", "DirectoryOrCreate"),
    hostPath("etc-cni-netd", "/etc/cni/net.d", "DirectoryOrCreate"),
    hostPath("lib-modules", "/lib/modules"),
    hostPath("xtables-lock", "/run/xtables.lock", "FileOrCreate"),
    ...(envoyDaemonSetEnabled(context)
      ? [hostPath("envoy-sockets", "/var/run/cilium/envoy/sockets", "DirectoryOrCreate")]
      : []),
    {
      name: "clustermesh-secrets",
      projected: {
        defaultMode: 0o400,
        sources: [
          { secret: { name: "cilium-clustermesh", optional: true } },
          {
            secret: {
              name: "clustermesh-apiserver-remote-cert",
              optional: true,
              items: [
                { key: "tls.key", path: "common-etcd-client.key" },
                { key: "tls.crt", path: "common-etcd-client.crt" },
                { key: "ca.crt", path: "common-etcd-client-ca.crt" },
              ],
            },
          },
        ],
      },
    },
  ];
  if (on(context, "hubble.enabled") && on(context, "hubble.tls.enabled")) {
    volumes.push({
      name: "hubble-tls",
      projected: {
        defaultMode: 0o400,
        sources: [
          {
            secret: {
              name: "hubble-server-certs",
              optional: true,
              items: [
                { key: "tls.crt", path: "server.crt" },
                { key: "tls.key", path: "server.key" },
                { key: "ca.crt", path: "client-ca.crt" },
              ],
            },
          },
        ],
      },
    });
  }
  const daemonSet: Obj = {
    apiVersion: "apps/v1",
    kind: "DaemonSet",
    metadata: meta(v<string>(context, "name"), context, AGENT_LABELS),
    spec: {
      selector: { matchLabels: { "k8s-app": "cilium" } },
      updateStrategy: v(context, "updateStrategy"),
      template: {
        metadata: {
          annotations: { "kubectl.kubernetes.io/default-container": "cilium-agent" },
          labels: {
            "k8s-app": "cilium",
            "app.kubernetes.io/name": "cilium-agent",
            "app.kubernetes.io/part-of": "cilium",
          },
        },
        spec: {
          containers: [
            {
              name: "cilium-agent",
              image,
              imagePullPolicy: pullPolicy,
              command: ["cilium-agent"],
              args: ["--config-dir=/tmp/cilium/config-map"],
              ...agentProbes(probe),
              env: [
                ...baseEnv,
                { name: "CILIUM_CLUSTERMESH_CONFIG", value: "/var/lib/cilium/clustermesh/" },
                ...apiServerEnv(context),
              ],
              ...(ports.length > 0 ? { ports } : {}),
              lifecycle: { preStop: { exec: { command: ["/cni-uninstall.sh"] } } },
              terminationMessagePolicy: "FallbackToLogsOnError",
              volumeMounts: mounts,
            },
          ],
          initContainers,
          restartPolicy: "Always",
          priorityClassName: priorityClass(context, "priorityClassName", "system-node-critical"),
          serviceAccountName: v<string>(context, "serviceAccounts.cilium.name"),
          automountServiceAccountToken: on(context, "serviceAccounts.cilium.automount"),
          terminationGracePeriodSeconds: 1,
          hostNetwork: true,
          affinity: {
            podAntiAffinity: perNode({ "k8s-app": "cilium" }),
          },
          nodeSelector: v(context, "nodeSelector"),
          tolerations: v(context, "tolerations"),
          volumes,
        },
      },
    },
  };
  // The chart adds wait-for-kube-proxy only when waitForKubeProxy is set and KPR is off, and
  // wait-for-node-init with nodeinit: homelab values set neither, so the double leaves them out.
  return [...serviceAccount(context, "cilium"), daemonSet];
}

/**
 * The startup/liveness/readiness probes the agent and Envoy DaemonSets share (cilium-agent's and
 * cilium-envoy's daemonset.yaml use the same thresholds), over each one's own HTTP check.
 */
export function agentProbes(
  probe: (extra: Record<string, unknown>) => Record<string, unknown>,
): Record<string, unknown> {
  return {
    startupProbe: probe({
      failureThreshold: 105,
      periodSeconds: 2,
      successThreshold: 1,
      initialDelaySeconds: 5,
    }),
    livenessProbe: probe({ periodSeconds: 30, successThreshold: 1, failureThreshold: 10, timeoutSeconds: 5 }),
    readinessProbe: probe({ periodSeconds: 30, successThreshold: 1, failureThreshold: 3, timeoutSeconds: 5 }),
  };
}
