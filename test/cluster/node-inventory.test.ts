import { describe, expect, it } from "vitest";
import { readNodeInventory } from "../../src/cluster/node-inventory.ts";
import { ProvisioningError } from "../../src/errors.ts";

const input = {
  controlPlaneNodes: ["cc-r1-control-plane"],
  workerNodes: ["cc-r1-worker", "cc-r1-worker2"],
  networkName: "cc-lan-r1",
  subnet: "192.168.5.0/24",
};

describe("readNodeInventory", () => {
  it("gives each node its role, LAN IP and lower-case MAC on the LAN network", async () => {
    const seen: string[] = [];
    const nodes = await readNodeInventory(input, async (container, network) => {
      seen.push(`${container}@${network}`);
      const last = 9 + seen.length - 1;
      return { ip: `192.168.5.${last}`, mac: `02:42:C0:A8:05:0${last - 9}` };
    });
    expect(seen).toEqual([
      "cc-r1-control-plane@cc-lan-r1",
      "cc-r1-worker@cc-lan-r1",
      "cc-r1-worker2@cc-lan-r1",
    ]);
    expect(nodes).toEqual([
      {
        name: "cc-r1-control-plane",
        role: "control-plane",
        lanIp: "192.168.5.9",
        lanMac: "02:42:c0:a8:05:00",
      },
      { name: "cc-r1-worker", role: "worker", lanIp: "192.168.5.10", lanMac: "02:42:c0:a8:05:01" },
      { name: "cc-r1-worker2", role: "worker", lanIp: "192.168.5.11", lanMac: "02:42:c0:a8:05:02" },
    ]);
  });

  it("fails provisioning for a node missing from the LAN or outside it", async () => {
    const missing = await readNodeInventory(input, async () => undefined).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ProvisioningError);
    expect((missing as Error).message).toBe(
      "node cc-r1-control-plane has no address on cc-lan-r1 (is the container running and attached?)",
    );
    const outside = await readNodeInventory(input, async () => ({
      ip: "172.18.0.2",
      mac: "02:42:ac:12:00:02",
    })).catch((e: unknown) => e);
    expect((outside as Error).message).toContain(
      "172.18.0.2 on cc-lan-r1, outside the planned LAN 192.168.5.0/24",
    );
  });
});
