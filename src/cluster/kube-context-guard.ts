// Safety: before any mutating call, prove the kubeconfig points at the harness's own kind
// cluster — context `kind-<clusterName>`, API server on loopback (kind's port mapping) or on the
// harness's LAN network. Anything else is refused unless the user forces it. Reads the
// kubeconfig text but never repeats it (it holds client keys).

import { parse } from "yaml";
import { EnvironmentError } from "../errors.ts";
import { parseIp } from "../net/ip-address.ts";
import { parseCidr, rangeIncludes } from "../net/ip-range.ts";

export interface HarnessClusterIdentity {
  clusterName: string;
  /** The LAN network's subnet: a server address inside it is the control-plane container. */
  lanSubnet: string;
}

export type ContextVerdict = { ok: true; context: string; server: string } | { ok: false; reason: string };

export function checkHarnessKubeconfig(
  kubeconfigText: string,
  identity: HarnessClusterIdentity,
  contextName?: string,
): ContextVerdict {
  const expected = `kind-${identity.clusterName}`;
  let config: Record<string, unknown>;
  try {
    config = (parse(kubeconfigText) ?? {}) as Record<string, unknown>;
  } catch {
    return { ok: false, reason: "the kubeconfig is not valid YAML" };
  }
  const wanted = contextName ?? (config["current-context"] as string | undefined);
  if (wanted !== expected) {
    return { ok: false, reason: `context is "${wanted ?? "(none)"}", expected "${expected}"` };
  }
  const contexts = (config.contexts ?? []) as { name?: string; context?: { cluster?: string } }[];
  const context = contexts.find((entry) => entry.name === wanted);
  if (!context?.context?.cluster)
    return { ok: false, reason: `context "${wanted}" is not defined in the kubeconfig` };
  const clusters = (config.clusters ?? []) as { name?: string; cluster?: { server?: string } }[];
  const server = clusters.find((entry) => entry.name === context.context?.cluster)?.cluster?.server;
  if (!server) return { ok: false, reason: `cluster "${context.context.cluster}" has no server` };
  return checkHarnessContext(wanted, server, identity);
}

/** The rule on its own: context `kind-<clusterName>`, server on loopback or on the harness LAN. */
export function checkHarnessContext(
  contextName: string,
  server: string,
  identity: HarnessClusterIdentity,
): ContextVerdict {
  const expected = `kind-${identity.clusterName}`;
  if (contextName !== expected)
    return { ok: false, reason: `context is "${contextName}", expected "${expected}"` };
  let host: string;
  try {
    host = new URL(server).hostname.replace(/^\[|\]$/g, "");
  } catch {
    return { ok: false, reason: `server "${server}" is not a URL` };
  }
  const loopback = host === "localhost" || host === "::1" || /^127\./.test(host);
  if (!loopback && !onLan(host, identity.lanSubnet)) {
    return {
      ok: false,
      reason: `server ${server} is neither loopback nor on the harness LAN ${identity.lanSubnet}`,
    };
  }
  return { ok: true, context: contextName, server };
}

/** Throws CC_ENV_CONTEXT_REFUSED (exit 3) unless the kubeconfig is the harness's cluster or `force` is set. */
export function assertHarnessKubeconfig(
  kubeconfigText: string,
  identity: HarnessClusterIdentity,
  options: { kubeconfigPath: string; force?: boolean; contextName?: string },
): void {
  const verdict = checkHarnessKubeconfig(kubeconfigText, identity, options.contextName);
  if (verdict.ok || options.force) return;
  throw new EnvironmentError(
    "CC_ENV_CONTEXT_REFUSED",
    `refusing to touch the cluster of ${options.kubeconfigPath}: ${verdict.reason}; the harness only acts on its own kind cluster ${identity.clusterName}`,
    {
      file: options.kubeconfigPath,
      hint: "point --run-id / --context-file at a run of this harness; --force-context overrides this check (only if you are sure)",
    },
  );
}

function onLan(host: string, subnet: string): boolean {
  const address = parseIp(host);
  const lan = parseCidr(subnet);
  return address !== undefined && lan !== undefined && rangeIncludes(lan, address);
}
