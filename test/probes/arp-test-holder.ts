// Test support for the real ARP tests: containers that hold (or give up) an extra address on a
// test network, as a node announcing a LoadBalancer IP would. They need NET_ADMIN for `ip addr`.

import { GenericContainer, type StartedTestContainer } from "testcontainers";
import { OFFLINE_LAN_CLIENT_IMAGE } from "../../src/probes/lan-client-image.ts";

export const TEST_LABEL = "io.cilium-conformance/test";

export interface Holder {
  container: StartedTestContainer;
  mac: string;
  add(ip: string, prefix: number): Promise<void>;
  remove(ip: string, prefix: number): Promise<void>;
  /** Gratuitous ARP, as a new L2 leader sends. */
  announce(ip: string): Promise<void>;
}

export async function startHolder(network: string, labels: Record<string, string>): Promise<Holder> {
  const container = await new GenericContainer(OFFLINE_LAN_CLIENT_IMAGE)
    .withNetworkMode(network)
    .withAddedCapabilities("NET_ADMIN")
    .withCommand(["sleep", "infinity"])
    .withLabels(labels)
    .withAutoCleanup(false)
    .start();
  const mac = (await run(container, ["cat", "/sys/class/net/eth0/address"])).trim();
  return {
    container,
    mac,
    add: async (ip, prefix) =>
      void (await run(container, ["ip", "addr", "add", `${ip}/${prefix}`, "dev", "eth0"])),
    remove: async (ip, prefix) =>
      void (await run(container, ["ip", "addr", "del", `${ip}/${prefix}`, "dev", "eth0"])),
    announce: async (ip) => void (await run(container, ["arping", "-U", "-c", "1", "-I", "eth0", ip])),
  };
}

async function run(container: StartedTestContainer, argv: string[]): Promise<string> {
  const result = await container.exec(argv);
  if (result.exitCode !== 0)
    throw new Error(`${argv.join(" ")} failed (${result.exitCode}): ${result.output}`);
  return result.stdout;
}
