// The Deployment of one stand-in (stand-ins.ts): one echo-basic container per TCP port, the UDP/SCTP
// ports declared on the first, identity from the Downward API as Gateway API conformance deploys it
// (conformance/base/manifests.yaml at v1.5.1: POD_NAME, NAMESPACE from fieldRef).

import type { StandIn } from "./stand-ins.ts";

export const UNPRIVILEGED_PORT_SYSCTL = "net.ipv4.ip_unprivileged_port_start";

export interface StandInDeploymentInput {
  image: string;
  /** Labels the harness puts on everything it creates (run id, managed-by). */
  labels: Record<string, string>;
  replicas?: number;
}

function fieldEnv(name: string, fieldPath: string) {
  return { name, valueFrom: { fieldRef: { fieldPath } } };
}

export function standInDeployment(standIn: StandIn, input: StandInDeploymentInput): Record<string, unknown> {
  const containers = standIn.echoes.map((echo, index) => {
    const ports: Record<string, unknown>[] = [
      { ...(echo.portName ? { name: echo.portName } : {}), containerPort: echo.port, protocol: "TCP" },
    ];
    if (index === 0) {
      for (const port of standIn.silent) {
        ports.push({
          ...(port.portName ? { name: port.portName } : {}),
          containerPort: port.port,
          protocol: port.protocol,
        });
      }
    }
    return {
      name: `echo-${echo.port}`,
      image: input.image,
      imagePullPolicy: "IfNotPresent",
      ports,
      env: [
        { name: "HTTP_PORT", value: String(echo.port) },
        { name: "H2C_PORT", value: String(echo.h2cPort) },
        { name: "SERVICE_NAME", value: echo.services.map((service) => service.split("/")[1]).join(",") },
        fieldEnv("POD_NAME", "metadata.name"),
        fieldEnv("NAMESPACE", "metadata.namespace"),
      ],
      readinessProbe: { httpGet: { path: "/health", port: echo.port }, periodSeconds: 2 },
    };
  });
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: standIn.name, namespace: standIn.namespace, labels: { ...input.labels } },
    spec: {
      replicas: input.replicas ?? 1,
      selector: { matchLabels: { ...standIn.selector } },
      template: {
        metadata: { labels: { ...standIn.selector, ...input.labels } },
        spec: {
          ...(standIn.lowPorts
            ? { securityContext: { sysctls: [{ name: UNPRIVILEGED_PORT_SYSCTL, value: "0" }] } }
            : {}),
          containers,
        },
      },
    },
  };
}
