// Where a program of the double finds the API server and how it proves who it is, as client-go
// builds a rest.Config: from a kubeconfig (the fake cilium CLI, as clientcmd's loading rules read
// one; kubeadm's admin.conf, kubelet.conf, controller-manager.conf) or in-cluster (client-go
// rest/config.go InClusterConfig: KUBERNETES_SERVICE_HOST/_PORT, the ServiceAccount token and CA).
// Pods of the double share the node's filesystem, so the kubelet double puts each pod's
// ServiceAccount folder where CC_SERVICEACCOUNT_DIR says (contract 2 of rehearsal/README.md);
// without it the real path is used.

import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, isAbsolute, join } from "node:path";
import { parse as parseYaml } from "yaml";

export const SERVICEACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";

export interface ClientConfig {
  /** `https://127.0.0.1:35123`, no trailing slash (IPv6 hosts bracketed). */
  server: string;
  /** Re-read on every request: bound ServiceAccount tokens rotate. */
  token?: () => string | undefined;
  /** PEM of the cluster CA; undefined for plain-HTTP test servers. */
  ca?: string | undefined;
  /** A client certificate and key (PEM), as kubeadm's kubeconfigs carry them. */
  clientCert?: { cert: string; key: string };
  insecureSkipTlsVerify?: boolean;
  /** The kubeconfig context used (kubeconfig configs only). */
  context?: string;
  /** The kubeconfig cluster entry's name (client-go's ClusterName(): `kind-<cluster>` on kind). */
  clusterName?: string;
}

export interface InClusterConfig extends ClientConfig {
  token: () => string | undefined;
  /** The pod's namespace from the ServiceAccount folder, when present. */
  namespace: string | undefined;
}

export class KubeConfigError extends Error {
  override readonly name = "KubeConfigError";
}

export function serverUrl(host: string, port: string, scheme = "https"): string {
  const bracketed = host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
  return `${scheme}://${bracketed}:${port}`;
}

/** The kubeconfig path as client-go finds it: `KUBECONFIG` (first entry), else `~/.kube/config`. */
export function defaultKubeconfigPath(env: NodeJS.ProcessEnv): string {
  const fromEnv = env.KUBECONFIG?.split(":").find((entry) => entry !== "");
  return fromEnv ?? join(env.HOME ?? homedir(), ".kube", "config");
}

type Json = Record<string, unknown>;

/**
 * The context's cluster and user: the CA and the client certificate inlined as base64 `*-data`
 * fields or named as files (relative to the kubeconfig's folder, as clientcmd resolves them).
 */
export function kubeconfigClientConfig(path: string, contextName?: string): ClientConfig {
  let doc: Json;
  try {
    doc = (parseYaml(readFileSync(path, "utf8")) ?? {}) as Json;
  } catch (error) {
    throw new KubeConfigError(`cannot read kubeconfig ${path}: ${(error as Error).message}`);
  }
  const named = (list: unknown, name: unknown): Json | undefined =>
    (Array.isArray(list) ? (list as Json[]) : []).find((entry) => entry.name === name);
  const name = contextName ?? (doc["current-context"] as string | undefined);
  const context = named(doc.contexts, name)?.context as Json | undefined;
  if (!name || !context) {
    throw new KubeConfigError(`context "${name ?? ""}" does not exist in kubeconfig ${path}`);
  }
  const clusterName = String(context.cluster ?? "");
  const cluster = named(doc.clusters, clusterName)?.cluster as Json | undefined;
  if (!cluster || typeof cluster.server !== "string" || cluster.server === "") {
    throw new KubeConfigError(`cluster "${clusterName}" of context "${name}" has no server in ${path}`);
  }
  const user = (named(doc.users, context.user)?.user ?? {}) as Json;
  const base = dirname(path);
  const pem = (data: unknown, file: unknown): string | undefined => {
    if (typeof data === "string") return Buffer.from(data, "base64").toString("utf8");
    if (typeof file === "string") return readFileSync(isAbsolute(file) ? file : join(base, file), "utf8");
    return undefined;
  };
  const ca = pem(cluster["certificate-authority-data"], cluster["certificate-authority"]);
  const cert = pem(user["client-certificate-data"], user["client-certificate"]);
  const key = pem(user["client-key-data"], user["client-key"]);
  const token = typeof user.token === "string" ? user.token : undefined;
  return {
    server: cluster.server.replace(/\/+$/, ""),
    context: name,
    clusterName,
    ...(ca ? { ca } : {}),
    ...(cert && key ? { clientCert: { cert, key } } : {}),
    ...(token ? { token: () => token } : {}),
    ...(cluster["insecure-skip-tls-verify"] === true ? { insecureSkipTlsVerify: true } : {}),
  };
}

/** client-go refuses to build an in-cluster config without both variables (ErrNotInCluster). */
export function inClusterConfig(env: Record<string, string | undefined>): InClusterConfig {
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT;
  if (!host || !port) {
    throw new KubeConfigError(
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
