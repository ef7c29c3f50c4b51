// How a program of the double finds the API server, as a real in-cluster client does
// (kubernetes/client-go rest/config.go InClusterConfig): the host and port from
// KUBERNETES_SERVICE_HOST/KUBERNETES_SERVICE_PORT, the ServiceAccount token and CA from the
// ServiceAccount folder. Pods of the double share the node's filesystem, so the kubelet double
// puts each pod's ServiceAccount folder where CC_SERVICEACCOUNT_DIR says (contract 2 of
// rehearsal/README.md); without it the real path is used.

import { readFileSync } from "node:fs";
import { join } from "node:path";

export const SERVICEACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";

export interface InClusterConfig {
  /** `https://host:port` (IPv6 hosts bracketed). */
  server: string;
  /** Re-read on every call: bound ServiceAccount tokens rotate. */
  token: () => string | undefined;
  /** PEM of the cluster CA; undefined when the folder has none (plain-HTTP test servers). */
  ca: string | undefined;
  /** The pod's namespace from the ServiceAccount folder, when present. */
  namespace: string | undefined;
}

export class InClusterConfigError extends Error {
  override readonly name = "InClusterConfigError";
}

export function serverUrl(host: string, port: string, scheme = "https"): string {
  const bracketed = host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
  return `${scheme}://${bracketed}:${port}`;
}

/** client-go refuses to build an in-cluster config without both variables (ErrNotInCluster). */
export function inClusterConfig(env: Record<string, string | undefined>): InClusterConfig {
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT;
  if (!host || !port) {
    throw new InClusterConfigError(
      "unable to load in-cluster configuration, KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be defined",
    );
  }
  const dir = env.CC_SERVICEACCOUNT_DIR ?? SERVICEACCOUNT_DIR;
  return {
    server: serverUrl(host, port),
    token: () => readOptional(join(dir, "token"))?.trim(),
    ca: readOptional(join(dir, "ca.crt")),
    namespace: readOptional(join(dir, "namespace"))?.trim(),
  };
}

function readOptional(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}
