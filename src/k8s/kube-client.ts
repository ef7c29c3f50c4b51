// Opens a client for one kubeconfig context, after the caller's guard has accepted it: the
// harness must never act on a cluster it did not create (DESIGN.md, Safety).

import { KubeConfig } from "@kubernetes/client-node";
import { EnvironmentError } from "../errors.ts";
import { WireObjectApi } from "./wire-object-api.ts";

export interface KubeContextInfo {
  name: string;
  cluster: string;
  /** API server URL of the context's cluster. */
  server: string;
  user: string;
}

export type ContextVerdict = { allowed: true } | { allowed: false; reason: string; hint?: string };

/** Decides whether the harness may act on a context (e.g. only its own kind cluster). */
export type ContextGuard = (context: KubeContextInfo) => ContextVerdict;

export interface KubeClient {
  readonly kubeConfig: KubeConfig;
  readonly context: KubeContextInfo;
  readonly objects: WireObjectApi;
}

export interface OpenKubeClientOptions {
  kubeconfigPath: string;
  /** Context to use; the kubeconfig's current context when omitted. */
  context?: string;
  guard: ContextGuard;
}

export function openKubeClient(options: OpenKubeClientOptions): KubeClient {
  const kubeConfig = new KubeConfig();
  try {
    kubeConfig.loadFromFile(options.kubeconfigPath);
  } catch (error) {
    throw new EnvironmentError(
      "CC_ENV_CONTEXT_MISSING",
      `cannot read kubeconfig ${options.kubeconfigPath}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error, hint: "run `cilium-conformance up` first, or pass the kubeconfig the run wrote" },
    );
  }
  const name = options.context ?? kubeConfig.getCurrentContext();
  const context = name ? kubeConfig.getContextObject(name) : null;
  if (!context) {
    const known = kubeConfig
      .getContexts()
      .map((c) => c.name)
      .join(", ");
    throw new EnvironmentError(
      "CC_ENV_CONTEXT_MISSING",
      `kubeconfig ${options.kubeconfigPath} has no context ${JSON.stringify(name ?? "")} (it has: ${known || "none"})`,
      { hint: "pass --context with one of the listed names" },
    );
  }
  kubeConfig.setCurrentContext(context.name);
  const cluster = kubeConfig.getCluster(context.cluster);
  const info: KubeContextInfo = {
    name: context.name,
    cluster: context.cluster,
    server: cluster?.server ?? "",
    user: context.user,
  };
  const verdict = options.guard(info);
  if (!verdict.allowed) {
    throw new EnvironmentError(
      "CC_ENV_CONTEXT_REFUSED",
      `refusing kube context ${info.name} (${info.server || "no server"}): ${verdict.reason}`,
      { hint: verdict.hint ?? "point the harness at the kind cluster it created" },
    );
  }
  return { kubeConfig, context: info, objects: WireObjectApi.forConfig(kubeConfig) };
}
