// Where a program of the double finds the API server and how it proves who it is: a kubeconfig
// (the fake cilium CLI, as client-go's loading rules read one) or the in-cluster credentials the
// kubelet double gives every pod (REHEARSAL-DESIGN.md, contract 2).

import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";

export interface KubeConnection {
  /** `https://127.0.0.1:35123`, no trailing slash. */
  server: string;
  /** PEM texts. */
  ca?: string;
  cert?: string;
  key?: string;
  token?: string;
  insecureSkipTlsVerify?: boolean;
  /** The kubeconfig context used (kubeconfig connections only). */
  context?: string;
  /** The kubeconfig cluster entry's name (client-go's ClusterName(): `kind-<cluster>` on kind). */
  clusterName?: string;
}

export class KubeConfigError extends Error {
  override readonly name = "KubeConfigError";
}

interface RawKubeconfig {
  "current-context"?: string;
  contexts?: { name: string; context?: { cluster?: string; user?: string; namespace?: string } }[];
  clusters?: {
    name: string;
    cluster?: {
      server?: string;
      "certificate-authority-data"?: string;
      "certificate-authority"?: string;
      "insecure-skip-tls-verify"?: boolean;
    };
  }[];
  users?: {
    name: string;
    user?: {
      "client-certificate-data"?: string;
      "client-key-data"?: string;
      "client-certificate"?: string;
      "client-key"?: string;
      token?: string;
    };
  }[];
}

/** The kubeconfig path as client-go finds it: `KUBECONFIG` (first entry), else `~/.kube/config`. */
export function defaultKubeconfigPath(env: NodeJS.ProcessEnv): string {
  const fromEnv = env.KUBECONFIG?.split(":").find((entry) => entry !== "");
  return fromEnv ?? join(env.HOME ?? homedir(), ".kube", "config");
}

export function connectionFromKubeconfig(path: string, contextName?: string): KubeConnection {
  let raw: RawKubeconfig;
  try {
    raw = (parseYaml(readFileSync(path, "utf8")) ?? {}) as RawKubeconfig;
  } catch (error) {
    throw new KubeConfigError(`cannot read kubeconfig ${path}: ${(error as Error).message}`);
  }
  const name = contextName ?? raw["current-context"];
  const context = raw.contexts?.find((entry) => entry.name === name);
  if (!name || !context?.context) {
    throw new KubeConfigError(`context "${name ?? ""}" does not exist in kubeconfig ${path}`);
  }
  const clusterName = context.context.cluster ?? "";
  const cluster = raw.clusters?.find((entry) => entry.name === clusterName)?.cluster;
  if (!cluster?.server) {
    throw new KubeConfigError(`cluster "${clusterName}" of context "${name}" has no server in ${path}`);
  }
  const user = raw.users?.find((entry) => entry.name === context.context?.user)?.user ?? {};
  const connection: KubeConnection = {
    server: cluster.server.replace(/\/+$/, ""),
    context: name,
    clusterName,
  };
  const ca = pem(cluster["certificate-authority-data"], cluster["certificate-authority"]);
  const cert = pem(user["client-certificate-data"], user["client-certificate"]);
  const key = pem(user["client-key-data"], user["client-key"]);
  if (ca) connection.ca = ca;
  if (cert) connection.cert = cert;
  if (key) connection.key = key;
  if (user.token) connection.token = user.token;
  if (cluster["insecure-skip-tls-verify"]) connection.insecureSkipTlsVerify = true;
  return connection;
}

/**
 * In-cluster credentials: `KUBERNETES_SERVICE_HOST`/`_PORT` and the ServiceAccount folder the
 * kubelet double names in `CC_SERVICEACCOUNT_DIR` (`token`, `ca.crt`), like client-go's
 * rest.InClusterConfig reads /var/run/secrets/kubernetes.io/serviceaccount.
 */
export function connectionInCluster(env: NodeJS.ProcessEnv): KubeConnection {
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT;
  if (!host || !port) {
    throw new KubeConfigError(
      "unable to load in-cluster configuration, KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be defined",
    );
  }
  const dir = env.CC_SERVICEACCOUNT_DIR ?? "/var/run/secrets/kubernetes.io/serviceaccount";
  const hostPart = host.includes(":") ? `[${host}]` : host;
  const connection: KubeConnection = { server: `https://${hostPart}:${port}` };
  const token = readOptional(join(dir, "token"));
  const ca = readOptional(join(dir, "ca.crt"));
  if (token) connection.token = token.trim();
  if (ca) connection.ca = ca;
  return connection;
}

function pem(data: string | undefined, file: string | undefined): string | undefined {
  if (data) return Buffer.from(data, "base64").toString("utf8");
  if (file) return readFileSync(file, "utf8");
  return undefined;
}

function readOptional(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}
