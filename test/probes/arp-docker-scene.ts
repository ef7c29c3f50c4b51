// The setting of the real ARP tests (arp-probe, arp-watch): a checked network of the test file's
// own, the LAN client on it, and two containers that hold (or give up) extra addresses. Built in
// beforeAll and removed in afterAll, both registered by useArpScene.

import { afterAll, beforeAll } from "vitest";
import type { StartedLanClient } from "../../src/probes/lan-client.ts";
import type { DockerCli } from "../../src/tools/docker.ts";
import {
  createLanTestNetwork,
  type LanTestNetwork,
  removeNetworkQuietly,
  testDocker,
  uniqueSuffix,
} from "../support/docker.ts";
import { startTestLanClient } from "../support/test-lan-client.ts";
import { type Holder, startHolder, TEST_LABEL } from "./arp-test-holder.ts";

export interface ArpScene {
  docker: DockerCli;
  networkName: string;
  network: LanTestNetwork;
  /** The LAN client's run id (its run-id label). */
  runId: string;
  client: StartedLanClient;
  holders: readonly [Holder, Holder];
}

/** `name` names the network (cc-test-<name>-<suffix>) and labels everything the scene starts. */
export function useArpScene(name: string): () => ArpScene {
  const suffix = uniqueSuffix();
  const networkName = `cc-test-${name}-${suffix}`;
  const labels = { [TEST_LABEL]: `${name}-${suffix}`, "io.cilium-conformance/managed": "true" };
  const runId = `test-${suffix}`;
  const docker = testDocker();
  let network: LanTestNetwork | undefined;
  let client: StartedLanClient | undefined;
  const holders: Holder[] = [];

  beforeAll(async () => {
    network = await createLanTestNetwork(docker, networkName, labels);
    client = await startTestLanClient(docker, networkName, runId);
    holders.push(await startHolder(networkName, labels), await startHolder(networkName, labels));
  });

  afterAll(async () => {
    await Promise.all([
      client?.stop(),
      ...holders.map((holder) => holder.container.stop({ remove: true, timeout: 0 })),
    ]);
    removeNetworkQuietly(networkName);
  });

  return () => {
    const [a, b] = holders;
    if (network === undefined || client === undefined || a === undefined || b === undefined) {
      throw new Error(`the ARP scene ${networkName} is not set up: see the beforeAll failure`);
    }
    return { docker, networkName, network, runId, client, holders: [a, b] };
  };
}
