// The NodePort the API server allocated to a Service port, and the addresses a LAN client uses
// to reach it (every node's LAN IP: with KPR, Cilium serves the NodePort on every node).

import type { NodeInventory } from "../../cluster/run-context.ts";

interface ServicePorts {
  spec?: { ports?: { name?: string; port?: number; nodePort?: number }[] };
}

export function nodePortOf(service: ServicePorts | undefined, portName?: string): number | undefined {
  const ports = service?.spec?.ports ?? [];
  const port = portName === undefined ? ports[0] : ports.find((candidate) => candidate.name === portName);
  return typeof port?.nodePort === "number" && port.nodePort > 0 ? port.nodePort : undefined;
}

export function nodePortUrls(nodes: NodeInventory, nodePort: number): { node: string; url: string }[] {
  return nodes.map((node) => ({ node: node.name, url: `http://${node.lanIp}:${nodePort}/` }));
}
