// `probe arp` through the in-process CLI, against the real local Docker engine.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CliIO } from "../../src/cli/command.ts";
import { runCli } from "../../src/cli/run-cli.ts";
import { removeLanClients } from "../../src/probes/lan-client.ts";
import { OFFLINE_LAN_CLIENT_IMAGE } from "../../src/probes/lan-client-image.ts";
import { type Holder, startHolder, TEST_LABEL } from "../probes/arp-test-holder.ts";
import {
  createLanTestNetwork,
  dockerBin,
  type LanTestNetwork,
  removeNetworkQuietly,
  testDocker,
  uniqueSuffix,
} from "../support/docker.ts";

const suffix = uniqueSuffix();
const networkName = `cc-test-probecli-${suffix}`;
const runId = `test-cli-${suffix}`;
const labels = { [TEST_LABEL]: `probe-cli-${suffix}`, "io.cilium-conformance/managed": "true" };
const docker = testDocker();
const cwd = mkdtempSync(join(tmpdir(), "cc-probe-cli-"));

let network: LanTestNetwork | undefined;
let holder: Holder | undefined;

function io(env: Record<string, string | undefined> = {}) {
  const out = { stdout: "", stderr: "" };
  const cli: CliIO = {
    stdout: (text) => {
      out.stdout += text;
    },
    stderr: (text) => {
      out.stderr += text;
    },
    env: { ...process.env, CILIUM_CONFORMANCE_DOCKER_BIN: dockerBin, ...env },
    cwd,
  };
  return { cli, out };
}

const ip = (host: number) => network!.ip(host);
const offline = ["--image", OFFLINE_LAN_CLIENT_IMAGE];

beforeAll(async () => {
  network = await createLanTestNetwork(docker, networkName, labels);
  holder = await startHolder(networkName, labels);
  await holder.add(ip(100), 24);
});

afterAll(async () => {
  await holder?.container.stop({ remove: true, timeout: 0 });
  await removeLanClients(docker, runId).catch(() => undefined);
  removeNetworkQuietly(networkName);
  rmSync(cwd, { recursive: true, force: true });
});

describe("probe arp", () => {
  it("prints the JSON answer and exits 0 when one MAC answers; the client is removed after", async () => {
    const { cli, out } = io();
    const code = await runCli(
      ["probe", "arp", ip(100), "--network", networkName, "--count", "2", "--format", "json", ...offline],
      cli,
    );
    expect(out.stderr).toBe("");
    expect(code).toBe(0);
    const json = JSON.parse(out.stdout);
    expect(json).toMatchObject({
      ip: ip(100),
      verdict: "single",
      replies: [{ mac: holder!.mac, count: 2, perProbe: 1, firstReplyMs: expect.any(Number) }],
      network: networkName,
      sent: 2,
      mode: "burst",
    });
    expect(Object.keys(json.replies[0]).sort()).toEqual(["count", "firstReplyMs", "mac", "perProbe"]);
    expect(json.client.image).toBe(OFFLINE_LAN_CLIENT_IMAGE);
    const leftovers = await docker.psByLabel([
      "io.cilium-conformance/role=lan-client",
      `io.cilium-conformance/run-id`,
    ]);
    for (const name of leftovers) {
      expect(
        (await docker.containerInspect(name))?.networks[networkName],
        `client ${name} left behind`,
      ).toBeUndefined();
    }
  });

  it("exits 1 with a human 'none' when nobody answers", async () => {
    const { cli, out } = io();
    const code = await runCli(
      ["probe", "arp", ip(201), "--network", networkName, "--count", "1", ...offline],
      cli,
    );
    expect(code).toBe(1);
    expect(out.stdout).toContain(`ARP ${ip(201)} on ${networkName}: none (nobody answered 1 probe(s))`);
  });

  it("with --rounds: one probe per second, as an old iputils needs", async () => {
    const { cli, out } = io();
    const code = await runCli(
      ["probe", "arp", ip(100), "--network", networkName, "--count", "2", "--rounds", ...offline],
      cli,
    );
    expect(code, out.stderr).toBe(0);
    expect(out.stdout).toContain(`${holder!.mac}  answered 2 of 2 probe(s)`);
    expect(out.stdout).toMatch(/2 probe\(s\) \(rounds\) in [12]\.\d+s/);
  }, 30_000);

  it("with --run-id: reuses the run's client, defaults the network and names nodes from run-context.json", async () => {
    mkdirSync(join(cwd, "reports", runId), { recursive: true });
    writeFileSync(
      join(cwd, "reports", runId, "run-context.json"),
      JSON.stringify({
        network: { name: networkName, subnet: network!.subnet, gateway: ip(1), ipRange: "" },
        nodes: [{ name: "homelab-worker", role: "worker", lanIp: ip(9), lanMac: holder!.mac.toUpperCase() }],
      }),
    );
    const argv = ["probe", "arp", ip(100), "--run-id", runId, "--count", "1", "--format", "json", ...offline];
    const first = io();
    expect(await runCli(argv, first.cli)).toBe(0);
    expect(JSON.parse(first.out.stdout).replies[0].node).toBe("homelab-worker");
    const second = io();
    expect(await runCli(argv, second.cli)).toBe(0);
    expect(JSON.parse(second.out.stdout).client.mac).toBe(JSON.parse(first.out.stdout).client.mac);
    expect(await docker.psByLabel([`io.cilium-conformance/run-id=${runId}`])).toHaveLength(1);
  });

  it("exits 2 for bad input, naming what is wrong", async () => {
    const cases: [string[], RegExp][] = [
      [["probe", "arp", "10.213.1", "--network", networkName], /not an IPv4 address/],
      [
        ["probe", "arp", "192.168.5.30", "--network", networkName],
        /outside docker network .* \(10\.213\.\d+\.0\/24\)/,
      ],
      [["probe", "arp", ip(100), "--network", `cc-test-nonexistent-${suffix}`], /does not exist/],
      [["probe", "arp", ip(100)], /needs --network/],
      [["probe", "arp", ip(100), "--network", networkName, "--count", "0"], /--count must be at least 1/],
      [
        ["probe", "arp", ip(100), "--network", networkName, "--timeout", "soon"],
        /--timeout must be a duration/,
      ],
      [["probe", "ndp", "fd00::1"], /unknown probe "ndp"/],
    ];
    for (const [argv, message] of cases) {
      const { cli, out } = io();
      expect(await runCli(argv, cli), argv.join(" ")).toBe(2);
      expect(out.stderr, argv.join(" ")).toMatch(message);
      expect(out.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it("exits 3 when Docker does not answer or the image is missing", async () => {
    const broken = io({ CILIUM_CONFORMANCE_DOCKER_BIN: "/bin/false" });
    expect(await runCli(["probe", "arp", ip(100), "--network", networkName], broken.cli)).toBe(3);
    expect(broken.out.stderr).toContain("CC_ENV_DOCKER_UNREACHABLE");
    const noImage = io();
    const argv = ["probe", "arp", ip(100), "--network", networkName, "--image", `cc-test-absent:${suffix}`];
    expect(await runCli(argv, noImage.cli)).toBe(3);
    expect(noImage.out.stderr).toContain("CC_ENV_IMAGE_MISSING");
    expect(noImage.out.stderr).toContain("scripts/build-offline-images.sh");
  });
});
