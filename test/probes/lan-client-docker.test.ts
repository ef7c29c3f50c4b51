// The LAN client's lifecycle against the real local Docker engine: reuse within a run, removal
// at the end, and removal by run label of clients left behind.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EnvironmentError } from "../../src/errors.ts";
import { LanClient, removeLanClients } from "../../src/probes/lan-client.ts";
import { OFFLINE_LAN_CLIENT_IMAGE } from "../../src/probes/lan-client-image.ts";
import {
  createLanTestNetwork,
  dockerBin,
  removeNetworkQuietly,
  testDocker,
  uniqueSuffix,
} from "../support/docker.ts";
import { TEST_LABEL } from "./arp-test-holder.ts";

const suffix = uniqueSuffix();
const networkName = `cc-test-lanclient-${suffix}`;
const runId = `test-lc-${suffix}`;
const docker = testDocker();

beforeAll(async () => {
  await createLanTestNetwork(docker, networkName, { [TEST_LABEL]: `lan-client-${suffix}` });
});

afterAll(async () => {
  await removeLanClients(docker, runId).catch(() => undefined);
  removeNetworkQuietly(networkName);
});

describe("LanClient lifecycle", () => {
  it("reuses the run's client, and removeLanClients removes it by its run label", async () => {
    const options = { network: networkName, image: OFFLINE_LAN_CLIENT_IMAGE, runId, reuse: true, docker };
    const first = await new LanClient(options).start();
    const second = await new LanClient(options).start();
    expect(second.containerId).toBe(first.containerId);
    expect(await docker.psByLabel([`io.cilium-conformance/run-id=${runId}`])).toHaveLength(1);
    const removed = await removeLanClients(docker, runId);
    expect(removed).toHaveLength(1);
    expect(await docker.containerInspect(first.containerId)).toBeUndefined();
  });

  it("stop() removes the container, and a stopped client refuses to exec", async () => {
    const client = await new LanClient({
      network: networkName,
      image: OFFLINE_LAN_CLIENT_IMAGE,
      runId,
      docker,
    }).start();
    const echoed = await client.exec(["echo", "hello"], 10_000);
    expect(echoed).toMatchObject({ exitCode: 0, stdout: "hello\n" });
    await client.stop();
    expect(await docker.containerInspect(client.containerId)).toBeUndefined();
    expect(() => client.exec(["true"], 1000)).toThrow(EnvironmentError);
    await client.stop(); // twice is fine
  });

  it("fails with a clear error when the network does not exist", async () => {
    const start = new LanClient({
      network: `cc-test-missing-${suffix}`,
      image: OFFLINE_LAN_CLIENT_IMAGE,
      runId,
      docker,
    }).start();
    await expect(start).rejects.toMatchObject({ code: "CC_ENV_LAN_CLIENT_FAILED", exitCode: 3 });
    // Docker created the container before it failed to join the network: it must not be left.
    expect(await docker.psByLabel([`io.cilium-conformance/run-id=${runId}`])).toEqual([]);
  });

  it("fails with a clear error when the image has no arping", async () => {
    // The offline image with arping deleted: sh and cat still there, so only arping is missing.
    const { execFileSync } = await import("node:child_process");
    const tag = `cilium-conformance/lan-client:no-arping-${suffix}`;
    const builder = `cc-test-noarping-${suffix}`;
    const docker$ = (...args: string[]) => execFileSync(dockerBin, args, { stdio: "pipe" });
    docker$("run", "--name", builder, OFFLINE_LAN_CLIENT_IMAGE, "rm", "-f", "/bin/arping");
    try {
      docker$("commit", "--change", 'CMD ["sleep","infinity"]', builder, tag);
    } finally {
      docker$("rm", "-f", builder);
    }
    try {
      const error = await new LanClient({ network: networkName, image: tag, runId, docker })
        .start()
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(EnvironmentError);
      expect(error).toMatchObject({
        code: "CC_ENV_LAN_CLIENT_FAILED",
        message: expect.stringContaining("has no `arping`"),
      });
      // The half-started client was removed.
      expect(await docker.psByLabel([`io.cilium-conformance/run-id=${runId}`])).toEqual([]);
    } finally {
      docker$("rmi", "-f", tag);
    }
  });
});
