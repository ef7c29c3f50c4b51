// The agent's own node: its InternalIP and pod CIDR. With ipam "kubernetes" the CIDR is the
// Node's spec.podCIDRs (kube-controller-manager allocates it); with "cluster-pool" the operator
// writes it into the node's CiliumNode spec.ipam.podCIDRs, which the agent creates
// (pkg/nodediscovery). The agent waits until the CIDR is there.

import type { KubeObject, KubeRestClient } from "../../k8s/kube-rest-client.ts";
import { isConflict } from "../../k8s/kube-rest-client.ts";
import { RESOURCES, resourcePath } from "../../k8s/resource-path.ts";
import type { Logger } from "../log-line.ts";

export interface NodeObject extends KubeObject {
  spec?: { podCIDR?: string; podCIDRs?: string[] };
  status?: { addresses?: { type: string; address: string }[] };
}

export interface CiliumNodeObject extends KubeObject {
  spec?: { ipam?: { podCIDRs?: string[] }; addresses?: { type: string; ip: string }[] };
}

export function internalIp(node: NodeObject): string | undefined {
  return node.status?.addresses?.find(
    (a) => a.type === "InternalIP" && /^\d+\.\d+\.\d+\.\d+$/.test(a.address),
  )?.address;
}

export function nodePodCidr(node: NodeObject): string | undefined {
  return (node.spec?.podCIDRs ?? (node.spec?.podCIDR ? [node.spec.podCIDR] : [])).find(
    (c) => !c.includes(":"),
  );
}

export function ciliumNodePodCidr(node: CiliumNodeObject): string | undefined {
  return node.spec?.ipam?.podCIDRs?.find((c) => !c.includes(":"));
}

export async function waitForLocalNode(
  client: KubeRestClient,
  nodeName: string,
  ipam: string,
  log: Logger,
  signal?: AbortSignal,
): Promise<{ node: NodeObject; ip: string; podCidr: string }> {
  let announced = false;
  for (;;) {
    if (signal?.aborted) throw new Error("stopped");
    const node = await client
      .get<NodeObject>(resourcePath(RESOURCES.nodes, { name: nodeName }))
      .catch(() => undefined);
    const ip = node ? internalIp(node) : undefined;
    let podCidr: string | undefined;
    if (node && ip) {
      if (ipam === "kubernetes") podCidr = nodePodCidr(node);
      else podCidr = await ciliumNodeCidr(client, node, ip).catch(() => undefined);
    }
    if (node && ip && podCidr) return { node, ip, podCidr };
    if (!announced) {
      log.info("Waiting for the node's IP and pod CIDR", { nodeName, ipam });
      announced = true;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

async function ciliumNodeCidr(
  client: KubeRestClient,
  node: NodeObject,
  ip: string,
): Promise<string | undefined> {
  const path = resourcePath(RESOURCES.ciliumNodes, { name: node.metadata.name });
  const existing = await client.get<CiliumNodeObject>(path).catch(() => undefined);
  if (existing) return ciliumNodePodCidr(existing);
  try {
    await client.create(resourcePath(RESOURCES.ciliumNodes), {
      apiVersion: "cilium.io/v2",
      kind: "CiliumNode",
      metadata: { name: node.metadata.name, labels: node.metadata.labels ?? {} },
      spec: { addresses: [{ type: "InternalIP", ip }], ipam: {} },
    });
  } catch (error) {
    if (!isConflict(error)) throw error;
  }
  return undefined;
}
