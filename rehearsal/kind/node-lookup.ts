// The nodes of a kind cluster as kind finds them: containers labelled io.x-k8s.kind.cluster=<name>
// (running or not), their role label, and their address on the cluster's network.

import { containersWithLabels, docker } from "./docker-commands.ts";
import { CLUSTER_LABEL, ROLE_LABEL } from "./labels.ts";

export function clusterNodes(cluster: string): Promise<string[]> {
  return containersWithLabels([`${CLUSTER_LABEL}=${cluster}`]);
}

export async function allClusters(): Promise<string[]> {
  const out = await docker([
    "ps",
    "-a",
    "--filter",
    `label=${CLUSTER_LABEL}`,
    "--format",
    `{{.Label "${CLUSTER_LABEL}"}}`,
  ]);
  return [
    ...new Set(
      out
        .split("\n")
        .map((line) => line.trim())
        .filter(Boolean),
    ),
  ].sort();
}

export async function nodeRole(node: string): Promise<string> {
  return (await docker(["inspect", "--format", `{{ index .Config.Labels "${ROLE_LABEL}" }}`, node])).trim();
}

export async function controlPlaneNode(cluster: string): Promise<string | undefined> {
  for (const node of await clusterNodes(cluster)) if ((await nodeRole(node)) === "control-plane") return node;
  return undefined;
}

/** The container's IPv4 address (its only network is the cluster's). */
export async function nodeAddress(node: string): Promise<string> {
  const out = await docker([
    "inspect",
    "--format",
    "{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}",
    node,
  ]);
  const ip = out.trim().split(/\s+/)[0];
  if (!ip) throw new Error(`node ${node} has no IPv4 address`);
  return ip;
}

/** `127.0.0.1:41237`: where the control plane's 6443 is published on the host (kind GetAPIServerEndpoint). */
export async function apiServerEndpoint(node: string): Promise<string> {
  const out = await docker([
    "inspect",
    "--format",
    '{{ with (index (index .NetworkSettings.Ports "6443/tcp") 0) }}{{ printf "%s\\t%s" .HostIp .HostPort }}{{ end }}',
    node,
  ]);
  const [host, port] = out.trim().split("\t");
  if (!host || !port) throw new Error(`failed to get api server port for ${node}`);
  return `${host}:${port}`;
}
