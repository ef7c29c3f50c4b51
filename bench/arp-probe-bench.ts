// Time to an ARP verdict against the real local Docker engine, for an address one container holds
// (verdict single), one two containers hold (duplicate) and one nobody holds (none): at the default
// settings (a burst: three probes back to back, one 300 ms listen window) and in the slow mode
// (rounds: three probes one second apart, as an old iputils needs). Also the one-off cost of
// starting the LAN client. Target: ≤ 1.0 s for present and absent at the default settings.
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
import { MANAGED_LABEL } from "../src/cluster/harness-labels.ts";
import { type ArpProbeOptions, probeArp } from "../src/probes/arp-probe.ts";
import { LanClient, type StartedLanClient } from "../src/probes/lan-client.ts";
import { OFFLINE_LAN_CLIENT_IMAGE } from "../src/probes/lan-client-image.ts";
import { DockerCli } from "../src/tools/docker.ts";
import { createCommandRunner } from "../src/tools/run-command.ts";
import { Transcript } from "../src/tools/transcript.ts";
import { type Holder, startHolder } from "../test/probes/arp-test-holder.ts";
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
  target: string;
  expected: string;
  options: ArpProbeOptions;
  samples: number[];
}

export const ARP_VERDICT_TARGET_MS = 1000;

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
  const holders: Holder[] = [];
  try {
    const startedAt = performance.now();
    client = await new LanClient({
      network,
      image: OFFLINE_LAN_CLIENT_IMAGE,
      runId: `bench-${suffix}`,
      docker,
    }).start();
    const clientStartMs = Math.round(performance.now() - startedAt);
    holders.push(await startHolder(network, labels), await startHolder(network, labels));
    // .100 is held by the first container, .101 by both (an address conflict), .200 by nobody.
    await holders[0]!.add(`${prefix}.100`, 24);
    for (const holder of holders) await holder.add(`${prefix}.101`, 24);
    const row = (name: string, host: number, expected: string, options: ArpProbeOptions): Row => ({
      name,
      target: `${prefix}.${host}`,
      expected,
      options,
      samples: [],
    });
    const rounds: ArpProbeOptions = { mode: "rounds", count: 3, budgetMs: 5000 };
    const rows: Row[] = [
      row("present (default: burst)", 100, "single", {}),
      row("absent (default: burst)", 200, "none", {}),
      row("duplicate (default: burst)", 101, "duplicate", {}),
      row("present, rounds ×3 (slow mode)", 100, "single", rounds),
      row("absent, rounds ×3 (slow mode)", 200, "none", rounds),
      row("duplicate, rounds ×3 (slow mode)", 101, "duplicate", rounds),
    ];
    for (let run = 0; run < runs; run += 1) {
      for (const row of rows) {
        const started = performance.now();
        const result = await probeArp(client, row.target, row.options);
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
        `${"case".padEnd(34)} ${"median".padStart(8)} ${"min".padStart(8)} ${"max".padStart(8)}`,
        ...figures.map((f) => {
          const checked = f.name.includes("burst") && !f.name.startsWith("duplicate");
          const verdict = f.median <= ARP_VERDICT_TARGET_MS ? "ok" : "MISSED";
          const target = checked ? `  target ≤ ${ARP_VERDICT_TARGET_MS} ms: ${verdict}` : "";
          return `${f.name.padEnd(34)} ${`${f.median} ms`.padStart(8)} ${`${f.min} ms`.padStart(8)} ${`${f.max} ms`.padStart(8)}${target}`;
        }),
      ];
      process.stdout.write(`${lines.join("\n")}\n`);
    }
    return 0;
  } finally {
    await Promise.all([
      client?.stop(),
      ...holders.map((holder) => holder.container.stop({ remove: true, timeout: 0 })),
    ]);
    await docker.networkRemove(network).catch(() => undefined);
  }
}

process.exitCode = await main();
