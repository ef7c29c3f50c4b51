// Hubble's objects (templates/hubble/peer-service.yaml, hubble-relay/*, hubble-ui/*, the
// hubble/tls-helm Secrets and cilium-ca-secret.yaml): Service hubble-peer (443 with TLS, else 80
// → 4244, internalTrafficPolicy Local), relay Deployment/Service/ConfigMap (80 → grpc 4245, or
// 443 with relay server TLS), UI Deployment/Service (80 → 8081) and their ServiceAccounts.

import type { Obj } from "../../../k8s/kube-objects.ts";
import {
  imageRef,
  meta,
  on,
  perNode,
  priorityClass,
  type RenderContext,
  serviceAccount,
  v,
} from "./render-context.ts";

const b64 = (text: string) => Buffer.from(text).toString("base64");

export function hubbleObjects(context: RenderContext): Obj[] {
  if (!on(context, "hubble.enabled")) return [];
  const objects: Obj[] = [];
  const tls = on(context, "hubble.tls.enabled");
  const helmTls =
    tls && on(context, "hubble.tls.auto.enabled") && v(context, "hubble.tls.auto.method") === "helm";
  const relay = on(context, "hubble.relay.enabled");
  if (helmTls && context.hubbleTls) {
    const pki = context.hubbleTls;
    objects.push({
      apiVersion: "v1",
      kind: "Secret",
      metadata: meta("cilium-ca", context),
      data: { "ca.crt": b64(pki.caCert), "ca.key": b64(pki.caKey) },
    });
    if (on(context, "agent")) {
      objects.push({
        apiVersion: "v1",
        kind: "Secret",
        metadata: meta("hubble-server-certs", context),
        type: "kubernetes.io/tls",
        data: { "ca.crt": b64(pki.caCert), "tls.crt": b64(pki.serverCert), "tls.key": b64(pki.serverKey) },
      });
    }
    if (relay) {
      objects.push({
        apiVersion: "v1",
        kind: "Secret",
        metadata: meta("hubble-relay-client-certs", context),
        type: "kubernetes.io/tls",
        data: {
          "ca.crt": b64(pki.caCert),
          "tls.crt": b64(pki.relayClientCert),
          "tls.key": b64(pki.relayClientKey),
        },
      });
    }
  }
  if (on(context, "agent")) {
    objects.push({
      apiVersion: "v1",
      kind: "Service",
      metadata: meta("hubble-peer", context, {
        "k8s-app": "cilium",
        "app.kubernetes.io/part-of": "cilium",
        "app.kubernetes.io/name": "hubble-peer",
      }),
      spec: {
        selector: { "k8s-app": "cilium" },
        ports: [
          {
            name: "peer-service",
            port: tls ? 443 : 80,
            protocol: "TCP",
            targetPort: v(context, "hubble.peerService.targetPort"),
          },
        ],
        internalTrafficPolicy: "Local",
      },
    });
  }
  if (relay) objects.push(...relayObjects(context, tls));
  if (on(context, "hubble.ui.enabled")) objects.push(...uiObjects(context));
  return objects;
}

function relayObjects(context: RenderContext, tls: boolean): Obj[] {
  const labels = {
    "k8s-app": "hubble-relay",
    "app.kubernetes.io/name": "hubble-relay",
    "app.kubernetes.io/part-of": "cilium",
  };
  const listenPort = String(v(context, "hubble.relay.listenPort"));
  const serverTls = on(context, "hubble.relay.tls.server.enabled");
  const config = [
    `cluster-name: ${v(context, "cluster.name")}`,
    `peer-service: "hubble-peer.${context.namespace}.svc.${v(context, "hubble.peerService.clusterDomain")}.:${tls ? 443 : 80}"`,
    `listen-address: :${listenPort}`,
    "gops: true",
    'gops-port: "9893"',
    "retry-timeout: ",
    "sort-buffer-len-max: ",
    "sort-buffer-drain-timeout: ",
    ...(tls
      ? [
          "tls-hubble-client-cert-file: /var/lib/hubble-relay/tls/client.crt",
          "tls-hubble-client-key-file: /var/lib/hubble-relay/tls/client.key",
          "tls-hubble-server-ca-files: /var/lib/hubble-relay/tls/hubble-server-ca.crt",
        ]
      : ["disable-client-tls: true"]),
    ...(serverTls ? [] : ["disable-server-tls: true"]),
  ].join("\n");
  const volumes: Record<string, unknown>[] = [
    {
      name: "config",
      configMap: { name: "hubble-relay-config", items: [{ key: "config.yaml", path: "config.yaml" }] },
    },
  ];
  const mounts: Record<string, unknown>[] = [
    { name: "config", mountPath: "/etc/hubble-relay", readOnly: true },
  ];
  if (tls) {
    volumes.push({
      name: "tls",
      projected: {
        defaultMode: 0o400,
        sources: [
          {
            secret: {
              name: "hubble-relay-client-certs",
              items: [
                { key: "tls.crt", path: "client.crt" },
                { key: "tls.key", path: "client.key" },
                { key: "ca.crt", path: "hubble-server-ca.crt" },
              ],
            },
          },
        ],
      },
    });
    mounts.push({ name: "tls", mountPath: "/var/lib/hubble-relay/tls", readOnly: true });
  }
  const grpcProbe = { grpc: { port: 4222 } };
  return [
    ...serviceAccount(context, "relay"),
    {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: meta("hubble-relay-config", context),
      data: { "config.yaml": `${config}\n` },
    },
    {
      apiVersion: "v1",
      kind: "Service",
      metadata: meta("hubble-relay", context, labels),
      spec: {
        type: v(context, "hubble.relay.service.type"),
        selector: { "k8s-app": "hubble-relay" },
        ports: [{ protocol: "TCP", port: serverTls ? 443 : 80, targetPort: "grpc" }],
      },
    },
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: meta("hubble-relay", context, labels),
      spec: {
        replicas: v(context, "hubble.relay.replicas"),
        selector: { matchLabels: { "k8s-app": "hubble-relay" } },
        strategy: { rollingUpdate: { maxUnavailable: 1 }, type: "RollingUpdate" },
        template: {
          metadata: { labels },
          spec: {
            securityContext: { fsGroup: 65532 },
            containers: [
              {
                name: "hubble-relay",
                image: imageRef(v(context, "hubble.relay.image")),
                imagePullPolicy: v(context, "hubble.relay.image.pullPolicy") ?? "IfNotPresent",
                command: ["hubble-relay"],
                args: ["serve"],
                ports: [{ name: "grpc", containerPort: Number(listenPort) }],
                readinessProbe: { ...grpcProbe, timeoutSeconds: 3 },
                livenessProbe: {
                  ...grpcProbe,
                  timeoutSeconds: 10,
                  initialDelaySeconds: 10,
                  periodSeconds: 10,
                  failureThreshold: 12,
                },
                startupProbe: {
                  ...grpcProbe,
                  initialDelaySeconds: 10,
                  failureThreshold: 20,
                  periodSeconds: 3,
                },
                volumeMounts: mounts,
                terminationMessagePolicy: "FallbackToLogsOnError",
              },
            ],
            restartPolicy: "Always",
            priorityClassName: priorityClass(context, "hubble.relay.priorityClassName", ""),
            serviceAccountName: v<string>(context, "serviceAccounts.relay.name"),
            automountServiceAccountToken: on(context, "serviceAccounts.relay.automount"),
            terminationGracePeriodSeconds: 1,
            affinity: {
              podAffinity: perNode({ "k8s-app": "cilium" }),
            },
            nodeSelector: { "kubernetes.io/os": "linux" },
            volumes,
          },
        },
      },
    },
  ];
}

function uiObjects(context: RenderContext): Obj[] {
  const labels = {
    "k8s-app": "hubble-ui",
    "app.kubernetes.io/name": "hubble-ui",
    "app.kubernetes.io/part-of": "cilium",
  };
  const relayAddress = on(context, "hubble.relay.tls.server.enabled")
    ? "hubble-relay:443"
    : "hubble-relay:80";
  return [
    ...serviceAccount(context, "ui"),
    {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: meta("hubble-ui-nginx", context),
      data: {
        "nginx.conf":
          "server {\n    listen       8081;\n    listen       [::]:8081;\n    server_name  localhost;\n    root /app;\n    index index.html;\n    client_max_body_size 1G;\n\n    location / {\n        proxy_set_header Host $host;\n        proxy_set_header X-Real-IP $remote_addr;\n\n        location /api {\n            proxy_http_version 1.1;\n            proxy_pass_request_headers on;\n            proxy_pass http://127.0.0.1:8090;\n        }\n        location / {\n            try_files $uri $uri/ /index.html /index.html;\n        }\n\n        # Liveness probe\n        location /healthz {\n            access_log off;\n            add_header Content-Type text/plain;\n            return 200 'ok';\n        }\n    }\n}\n",
      },
    },
    {
      apiVersion: "v1",
      kind: "Service",
      metadata: meta("hubble-ui", context, labels),
      spec: {
        type: v(context, "hubble.ui.service.type"),
        selector: { "k8s-app": "hubble-ui" },
        ports: [{ name: "http", port: 80, targetPort: 8081 }],
      },
    },
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: meta("hubble-ui", context, labels),
      spec: {
        replicas: v(context, "hubble.ui.replicas"),
        selector: { matchLabels: { "k8s-app": "hubble-ui" } },
        strategy: { rollingUpdate: { maxUnavailable: 1 }, type: "RollingUpdate" },
        template: {
          metadata: { labels },
          spec: {
            securityContext: { fsGroup: 1001, runAsGroup: 1001, runAsUser: 1001 },
            priorityClassName: priorityClass(context, "hubble.ui.priorityClassName", ""),
            serviceAccountName: v<string>(context, "serviceAccounts.ui.name"),
            automountServiceAccountToken: on(context, "serviceAccounts.ui.automount"),
            containers: [
              {
                name: "frontend",
                image: imageRef(v(context, "hubble.ui.frontend.image")),
                imagePullPolicy: v(context, "hubble.ui.frontend.image.pullPolicy") ?? "IfNotPresent",
                ports: [{ name: "http", containerPort: 8081 }],
                livenessProbe: { httpGet: { path: "/healthz", port: 8081 } },
                readinessProbe: { httpGet: { path: "/", port: 8081 } },
                volumeMounts: [
                  {
                    name: "hubble-ui-nginx-conf",
                    mountPath: "/etc/nginx/conf.d/default.conf",
                    subPath: "nginx.conf",
                  },
                  { name: "tmp-dir", mountPath: "/tmp" },
                ],
                terminationMessagePolicy: "FallbackToLogsOnError",
              },
              {
                name: "backend",
                image: imageRef(v(context, "hubble.ui.backend.image")),
                imagePullPolicy: v(context, "hubble.ui.backend.image.pullPolicy") ?? "IfNotPresent",
                env: [
                  { name: "EVENTS_SERVER_PORT", value: "8090" },
                  { name: "FLOWS_API_ADDR", value: relayAddress },
                ],
                ports: [{ name: "grpc", containerPort: 8090 }],
                terminationMessagePolicy: "FallbackToLogsOnError",
              },
            ],
            nodeSelector: { "kubernetes.io/os": "linux" },
            volumes: [
              { configMap: { defaultMode: 420, name: "hubble-ui-nginx" }, name: "hubble-ui-nginx-conf" },
              { emptyDir: {}, name: "tmp-dir" },
            ],
          },
        },
      },
    },
  ];
}
