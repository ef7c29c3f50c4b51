// SIGINT/SIGTERM to a real `cilium-conformance probe arp` child process, mid-probe: it stops,
// removes its LAN client container, says so, and exits 130/143. Checked on the real Docker engine.

import { execFileSync } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeLanClients } from "../../src/probes/lan-client.ts";
import { OFFLINE_LAN_CLIENT_IMAGE } from "../../src/probes/lan-client-image.ts";
import {
  createLanTestNetwork,
  dockerBin,
  type LanTestNetwork,
  removeNetworkQuietly,
  requireDocker,
  testDocker,
  uniqueSuffix,
} from "../support/docker.ts";
import { spawnCli, waitFor } from "../support/spawn-cli.ts";

const suffix = uniqueSuffix();
const networkName = `cc-test-sigprobe-${suffix}`;
const docker = testDocker();
let network: LanTestNetwork | undefined;

/** Run ids of the LAN clients that a CLI process with this pid started (`probe-<pid>-…`). */
function clientsOf(pid: number): string[] {
  const out = execFileSync(
    dockerBin,
    [
      "ps",
      "--all",
      "--filter",
      "label=io.cilium-conformance/role=lan-client",
      "--format",
      '{{.Label "io.cilium-conformance/run-id"}}',
    ],
    { encoding: "utf8" },
  );
  return out.split("\n").filter((id) => id.startsWith(`probe-${pid}-`));
}

beforeAll(async () => {
  requireDocker();
  network = await createLanTestNetwork(docker, networkName, {
    "io.cilium-conformance/managed": "true",
    "io.cilium-conformance/run-id": `sigprobe-${suffix}`,
  });
}, 90_000);

afterAll(async () => {
  removeNetworkQuietly(networkName);
});

describe.each([
  ["SIGINT", 130],
  ["SIGTERM", 143],
] as const)("probe arp interrupted by %s", (signal, code) => {
  it(`removes its LAN client and exits ${code}`, { timeout: 90_000 }, async () => {
    // Nobody holds .77: without the signal, 60 rounds (one probe a second) would take a minute.
    const cli = spawnCli(
      [
        "probe",
        "arp",
        network!.ip(77),
        "--network",
        networkName,
        "--rounds",
        "--count",
        "60",
        "--timeout",
        "120s",
        "--image",
        OFFLINE_LAN_CLIENT_IMAGE,
      ],
      { env: { CILIUM_CONFORMANCE_DOCKER_BIN: dockerBin }, cwd: path.resolve(".") },
    );
    try {
      await waitFor(
        "the LAN client container",
        60_000,
        () => clientsOf(cli.pid).length > 0,
        () => cli.output(),
        () => cli.ended(),
      );
      // Probing has begun once arping runs inside the client.
      await waitFor(
        "arping in the LAN client",
        30_000,
        () => {
          const [id] = clientsOf(cli.pid);
          if (!id) return false;
          const name = execFileSync(
            dockerBin,
            ["ps", "--filter", `label=io.cilium-conformance/run-id=${id}`, "--format", "{{.Names}}"],
            { encoding: "utf8" },
          ).trim();
          if (!name) return false;
          return execFileSync(dockerBin, ["top", name], { encoding: "utf8" }).includes("arping");
        },
        () => cli.output(),
        () => cli.ended(),
      );
      cli.kill(signal);
      const exit = await cli.exited;
      expect(exit.code, cli.output()).toBe(code);
      expect(exit.stdout).toMatch(
        new RegExp(`interrupted \\(interrupted by ${signal}, no verdict\\); LAN client removed`),
      );
      expect(exit.stderr).toContain(`${signal} received: stopping`);
      expect(exit.stderr).not.toContain("internal error");
      expect(clientsOf(cli.pid)).toEqual([]);
    } finally {
      cli.kill("SIGKILL");
      for (const id of clientsOf(cli.pid)) await removeLanClients(docker, id).catch(() => undefined);
    }
  });
});
