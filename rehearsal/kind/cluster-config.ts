// kind's cluster config (kind.x-k8s.io/v1alpha4) with kind's defaults
// (kubernetes-sigs/kind v0.31.0 pkg/apis/config/v1alpha4/default.go): one control plane when no
// nodes are listed, podSubnet 10.244.0.0/16, serviceSubnet 10.96.0.0/16, the API server on
// 127.0.0.1 and a random port. The double runs exactly one control plane (kind would add an
// external load balancer for several; the harness never asks for it) and IPv4 only.

import { parse } from "yaml";

export type NodeRole = "control-plane" | "worker";

export interface NodeSpec {
  role: NodeRole;
  image: string | undefined;
  labels: Record<string, string>;
}

export interface ClusterSpec {
  name: string;
  nodes: NodeSpec[];
  podSubnet: string;
  serviceSubnet: string;
  apiServerAddress: string;
  apiServerPort: number;
  disableDefaultCNI: boolean;
  kubeProxyMode: string;
}

export class ClusterConfigError extends Error {
  override readonly name = "ClusterConfigError";
}

type Json = Record<string, unknown>;
const isRecord = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

export function parseClusterConfig(text: string | undefined, name: string, source = "config"): ClusterSpec {
  let raw: unknown = {};
  if (text !== undefined && text.trim() !== "") {
    try {
      raw = parse(text);
    } catch (error) {
      throw new ClusterConfigError(
        `unable to decode config: ${source}: ${(error as Error).message.split("\n")[0]}`,
      );
    }
  }
  const config = isRecord(raw) ? raw : {};
  if (text !== undefined && text.trim() !== "") {
    if (config.kind !== "Cluster" || config.apiVersion !== "kind.x-k8s.io/v1alpha4") {
      throw new ClusterConfigError(
        `unknown apiVersion/kind ${String(config.apiVersion)}/${String(config.kind)} in ${source}; want kind.x-k8s.io/v1alpha4 Cluster`,
      );
    }
  }
  const networking = isRecord(config.networking) ? config.networking : {};
  if (networking.ipFamily !== undefined && networking.ipFamily !== "ipv4") {
    throw new ClusterConfigError(
      `the rehearsal's kind runs IPv4 clusters only (ipFamily ${String(networking.ipFamily)})`,
    );
  }
  const nodes: NodeSpec[] = (
    Array.isArray(config.nodes) && config.nodes.length > 0 ? config.nodes : [{ role: "control-plane" }]
  ).map((node: unknown, index: number) => {
    const entry = isRecord(node) ? node : {};
    const role = entry.role ?? "control-plane";
    if (role !== "control-plane" && role !== "worker") {
      throw new ClusterConfigError(`nodes[${index}]: unknown node role: "${String(role)}"`);
    }
    const labels: Record<string, string> = {};
    if (isRecord(entry.labels))
      for (const [key, value] of Object.entries(entry.labels)) labels[key] = String(value);
    return { role, image: typeof entry.image === "string" ? entry.image : undefined, labels };
  });
  const controlPlanes = nodes.filter((node) => node.role === "control-plane").length;
  if (controlPlanes !== 1) {
    throw new ClusterConfigError(
      `the rehearsal's kind runs exactly one control-plane node (the config lists ${controlPlanes}); real kind adds a load balancer for several`,
    );
  }
  return {
    name: typeof config.name === "string" && config.name !== "" ? config.name : name,
    nodes,
    podSubnet: typeof networking.podSubnet === "string" ? networking.podSubnet : "10.244.0.0/16",
    serviceSubnet: typeof networking.serviceSubnet === "string" ? networking.serviceSubnet : "10.96.0.0/16",
    apiServerAddress:
      typeof networking.apiServerAddress === "string" ? networking.apiServerAddress : "127.0.0.1",
    apiServerPort: typeof networking.apiServerPort === "number" ? networking.apiServerPort : 0,
    disableDefaultCNI: networking.disableDefaultCNI === true,
    kubeProxyMode: typeof networking.kubeProxyMode === "string" ? networking.kubeProxyMode : "iptables",
  };
}

/** kind's node namer (pkg/cluster/internal/providers/common/namer.go): role, then role2, role3… */
export function nodeNames(cluster: string, nodes: readonly NodeSpec[]): string[] {
  const counter = new Map<string, number>();
  return nodes.map((node) => {
    const count = (counter.get(node.role) ?? 0) + 1;
    counter.set(node.role, count);
    return `${cluster}-${node.role}${count > 1 ? count : ""}`;
  });
}

/** `kindest/node:v1.35.0@sha256:…` → `v1.35.0` (the Kubernetes version the node image carries). */
export function kubernetesVersionOf(image: string | undefined): string {
  const tag = /:(v\d+\.\d+\.\d+[^@]*)(@|$)/.exec(image ?? "")?.[1];
  return tag ?? "v1.35.0";
}
