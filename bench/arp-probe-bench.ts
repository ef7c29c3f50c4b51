// Time to an ARP verdict against the real local Docker engine, for an address that a container
// holds (verdict single) and one nobody holds (verdict none), with one probe round and with the
// default three. Also the one-off cost of starting the LAN client.
//
//   node bench/arp-probe-bench.ts [--runs 5] [--json]
//
// Needs Docker and the offline image (scripts/build-offline-images.sh). Creates its own docker
// network in 10.213.0.0/16 as the tests do (never a /24 the runner routes elsewhere) and removes
// everything it started. Exit 0 with figures; 3 when the environment is missing; 1 when a verdict
// is not the expected one.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { GenericContainer, type StartedTestContainer } from "testcontainers";
import { MANAGED_LABEL } from "../src/cluster/harness-labels.ts";
import { probeArp } from "../src/probes/arp-probe.ts";
import { LanClient, type StartedLanClient } from "../src/probes/lan-client.ts";
import { OFFLINE_LAN_CLIENT_IMAGE } from "../src/probes/lan-client-image.ts";
import { DockerCli } from "../src/tools/docker.ts";
import { createCommandRunner } from "../src/tools/run-command.ts";
import { Transcript } from "../src/tools/transcript.ts";
import { createTestNetwork } from "../test/support/docker.ts";

process.env.TESTCONTAINERS_RYUK_DISABLED ??= "true";
const { values } = parseArgs({
  options: { runs: { type: "string", default: "5" }, json: { type: "boolean" } },
});
const runs = Number(values.runs);
const dockerBin = process.env.CILIUM_CONFORMANCE_DOCKER_BIN ?? "docker";
const docker = new DockerCli(
  createCommandRunner({ transcript: new Transcript(), env: process.env }),
  dockerBin,
);
const suffix = randomBytes(4).toString("hex");
const network = `cc-bench-arp-${suffix}`;
const labels = { "io.cilium-conformance/bench": `arp-${suffix}`, [MANAGED_LABEL]: "true" };

interface Row {
  name: string;
  expected: string;
  samples: number[];
}

function stats(samples: readonly number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { median: Math.round(median), min: Math.round(sorted[0]!), max: Math.round(sorted.at(-1)!) };
}

/** The test suite's network: a free 10.213.N.0/24 that the runner routes into its bridge only. */
async function createNetwork(): Promise<string> {
  const spec = await createTestNetwork(docker, network, labels);
  return spec.subnet.split(".").slice(0, 3).join(".");
}

async function main(): Promise<number> {
  try {
    execFileSync(dockerBin, ["image", "inspect", OFFLINE_LAN_CLIENT_IMAGE], { stdio: "pipe" });
  } catch {
    process.stderr.write(
      `arp-probe-bench: needs Docker and ${OFFLINE_LAN_CLIENT_IMAGE} (scripts/build-offline-images.sh)\n`,
    );
    return 3;
  }
  const prefix = await createNetwork();
  let client: StartedLanClient | undefined;
  let holder: StartedTestContainer | undefined;
  try {
    const startedAt = performance.now();
    client = await new LanClient({
      network,
      image: OFFLINE_LAN_CLIENT_IMAGE,
      runId: `bench-${suffix}`,
      docker,
    }).start();
    const clientStartMs = Math.round(performance.now() - startedAt);
    holder = await new GenericContainer(OFFLINE_LAN_CLIENT_IMAGE)
      .withNetworkMode(network)
      .withAddedCapabilities("NET_ADMIN")
      .withCommand(["sleep", "infinity"])
      .withLabels(labels)
      .withAutoCleanup(false)
      .start();
    await holder.exec(["ip", "addr", "add", `${prefix}.100/24`, "dev", "eth0"]);
    const rows: Row[] = [
      { name: "present, 1 round", expected: "single", samples: [] },
      { name: "absent, 1 round", expected: "none", samples: [] },
      { name: "present, 3 rounds (default)", expected: "single", samples: [] },
      { name: "absent, 3 rounds (default)", expected: "none", samples: [] },
    ];
    const targets = [`${prefix}.100`, `${prefix}.200`, `${prefix}.100`, `${prefix}.200`];
    const counts = [1, 1, 3, 3];
    for (let run = 0; run < runs; run += 1) {
      for (const [index, row] of rows.entries()) {
        const started = performance.now();
        const result = await probeArp(client, targets[index]!, { count: counts[index]!, budgetMs: 5000 });
        row.samples.push(performance.now() - started);
        if (result.verdict !== row.expected) {
          process.stderr.write(
            `arp-probe-bench: ${row.name}: verdict ${result.verdict}, expected ${row.expected}\n`,
          );
          return 1;
        }
      }
    }
    const figures = rows.map((row) => ({ name: row.name, runs: row.samples.length, ...stats(row.samples) }));
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ arping: client.arping, clientStartMs, figures }, null, 2)}\n`);
    } else {
      const lines = [
        `ARP probe: time to verdict (${client.arping} arping, ${runs} runs each; LAN client start ${clientStartMs} ms)`,
        `${"case".padEnd(30)} ${"median".padStart(8)} ${"min".padStart(8)} ${"max".padStart(8)}`,
        ...figures.map(
          (f) =>
            `${f.name.padEnd(30)} ${`${f.median} ms`.padStart(8)} ${`${f.min} ms`.padStart(8)} ${`${f.max} ms`.padStart(8)}`,
        ),
      ];
      process.stdout.write(`${lines.join("\n")}\n`);
    }
    return 0;
  } finally {
    await Promise.all([client?.stop(), holder?.stop({ remove: true, timeout: 0 })]);
    await docker.networkRemove(network).catch(() => undefined);
  }
}

process.exitCode = await main();
