// The node inventory: each kind node's name, role, LAN IP and LAN MAC, read from docker (the
// address the LAN client will see in ARP replies), checked against the plan's LAN.

import { ProvisioningError } from "../errors.ts";
import { parseIp } from "../net/ip-address.ts";
import { parseCidr, rangeIncludes } from "../net/ip-range.ts";
import type { ContainerAddress } from "../tools/docker.ts";
import type { NodeInventoryEntry, NodeRole } from "./run-context.ts";

export type ContainerAddressLookup = (
  container: string,
  network: string,
) => Promise<ContainerAddress | undefined>;

export interface InventoryInput {
  controlPlaneNodes: readonly string[];
  workerNodes: readonly string[];
  networkName: string;
  subnet: string;
}

export async function readNodeInventory(
  input: InventoryInput,
  lookup: ContainerAddressLookup,
): Promise<NodeInventoryEntry[]> {
  const nodes: { name: string; role: NodeRole }[] = [
    ...input.controlPlaneNodes.map((name) => ({ name, role: "control-plane" as const })),
    ...input.workerNodes.map((name) => ({ name, role: "worker" as const })),
  ];
  const entries: NodeInventoryEntry[] = [];
  for (const node of nodes) {
    const address = await lookup(node.name, input.networkName);
    entries.push(inventoryEntry(node.name, node.role, address, input));
  }
  return entries;
}

export function inventoryEntry(
  name: string,
  role: NodeRole,
  address: ContainerAddress | undefined,
  input: Pick<InventoryInput, "networkName" | "subnet">,
): NodeInventoryEntry {
  if (!address?.ip || !address.mac) {
    throw new ProvisioningError(
      "node-inventory",
      `node ${name} has no address on ${input.networkName} (is the container running and attached?)`,
    );
  }
  const ip = parseIp(address.ip);
  const subnet = parseCidr(input.subnet);
  if (!ip || !subnet || !rangeIncludes(subnet, ip)) {
    throw new ProvisioningError(
      "node-inventory",
      `node ${name} has ${address.ip} on ${input.networkName}, outside the planned LAN ${input.subnet}`,
    );
  }
  return { name, role, lanIp: address.ip, lanMac: address.mac.toLowerCase() };
}
