// A client config from a kubeconfig file as kubeadm writes them (admin.conf, kubelet.conf,
// controller-manager.conf): the current context's server, the CA and the client certificate,
// inlined as base64 `*-data` fields or named as files (`certificate-authority`, `client-certificate`).

import { readFileSync } from "node:fs";
import { dirname, isAbsolute, join } from "node:path";
import { parse } from "yaml";
import type { ClientConfig } from "./kube-rest-client.ts";

type Json = Record<string, unknown>;

export class KubeconfigError extends Error {
  override readonly name = "KubeconfigError";
}

export function kubeconfigClientConfig(path: string, context?: string): ClientConfig {
  let doc: Json;
  try {
    doc = (parse(readFileSync(path, "utf8")) ?? {}) as Json;
  } catch (error) {
    throw new KubeconfigError(`cannot read kubeconfig ${path}: ${(error as Error).message}`);
  }
  const named = (list: unknown, name: unknown): Json | undefined =>
    (Array.isArray(list) ? (list as Json[]) : []).find((entry) => entry.name === name);
  const contextName = context ?? doc["current-context"];
  const ctx = named(doc.contexts, contextName)?.context as Json | undefined;
  if (!ctx) throw new KubeconfigError(`kubeconfig ${path} has no context ${String(contextName)}`);
  const cluster = named(doc.clusters, ctx.cluster)?.cluster as Json | undefined;
  const user = (named(doc.users, ctx.user)?.user ?? {}) as Json;
  if (!cluster || typeof cluster.server !== "string") {
    throw new KubeconfigError(`kubeconfig ${path}: cluster ${String(ctx.cluster)} has no server`);
  }
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
    server: cluster.server,
    ...(ca ? { ca } : {}),
    ...(cert && key ? { clientCert: { cert, key } } : {}),
    ...(token ? { token: () => token } : {}),
  };
}
