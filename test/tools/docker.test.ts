import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OFFLINE_LAN_CLIENT_IMAGE } from "../../src/probes/lan-client-image.ts";
import type { DockerCli } from "../../src/tools/docker.ts";
import {
  createTestNetwork,
  dockerBin,
  removeContainerQuietly,
  removeNetworkQuietly,
  requireDocker,
  requireOfflineImage,
  testDocker,
  uniqueSuffix,
} from "../support/docker.ts";

// Runs against the real local Docker engine.
const suffix = uniqueSuffix();
const networkName = `cc-test-dockercli-${suffix}`;
const containerName = `cc-test-dockercli-c-${suffix}`;
const labels = { "io.cilium-conformance/managed": "true", "io.cilium-conformance/run-id": `test-${suffix}` };
let docker: DockerCli;

beforeAll(() => {
  requireDocker();
  docker = testDocker();
});
afterAll(() => {
  removeContainerQuietly(containerName);
  removeNetworkQuietly(networkName);
});

describe("DockerCli against the local engine", () => {
  it("creates a labelled bridge with subnet, gateway and ip-range, and inspects it back", async () => {
    const spec = await createTestNetwork(docker, networkName, labels);
    const network = await docker.networkInspect(networkName);
    expect(network).toMatchObject({
      name: networkName,
      driver: "bridge",
      subnet: spec.subnet,
      gateway: spec.gateway,
      ipRange: spec.ipRange,
      labels,
    });
    expect(await docker.networkListByLabel([`io.cilium-conformance/run-id=test-${suffix}`])).toEqual([
      networkName,
    ]);
    expect(await docker.networkListByLabel(["io.cilium-conformance/run-id=someone-else"])).toEqual([]);
  });

  it("reads a container's IP (from the ip-range) and MAC on the network, pauses and unpauses it", async () => {
    requireOfflineImage();
    execFileSync(dockerBin, [
      "run",
      "--detach",
      "--name",
      containerName,
      "--network",
      networkName,
      "--label",
      `io.cilium-conformance/run-id=test-${suffix}`,
      OFFLINE_LAN_CLIENT_IMAGE,
      "sleep",
      "300",
    ]);
    const network = await docker.networkInspect(networkName);
    const address = await docker.containerAddress(containerName, networkName);
    expect(address?.mac).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
    const [, , third] = (network?.subnet ?? "").split(".");
    const last = Number(address?.ip.split(".")[3]);
    expect(address?.ip.startsWith(`10.213.${third}.`)).toBe(true);
    expect(last).toBeGreaterThanOrEqual(8);
    expect(last).toBeLessThan(16);
    expect(network?.containers).toEqual([containerName]);
    expect(await docker.psByLabel([`io.cilium-conformance/run-id=test-${suffix}`])).toEqual([containerName]);

    await docker.pause(containerName);
    expect((await docker.containerInspect(containerName))?.paused).toBe(true);
    await docker.unpause(containerName);
    const after = await docker.containerInspect(containerName);
    expect(after?.paused).toBe(false);
    expect(after?.networks[networkName]).toEqual(address);

    await docker.containerRemove(containerName);
    expect(await docker.containerInspect(containerName)).toBeUndefined();
  });

  it("removes the network, after which inspect says it is gone", async () => {
    await docker.networkRemove(networkName);
    expect(await docker.networkInspect(networkName)).toBeUndefined();
  });

  it("reports the engine's info", async () => {
    const info = await docker.info();
    expect(info.serverVersion).toMatch(/^\d+\.\d+/);
    expect(info.osType).toBe("linux");
  });
});
