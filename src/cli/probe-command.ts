// `probe`: the wire probes as a person troubleshooting uses them.
//   probe arp <ip> --network <docker-network>   who answers ARP for <ip>, seen from a LAN client
//   probe http <url> [--host H] ...             (src/cli/probe-http.ts)

import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { RUN_ID_LABEL } from "../cluster/harness-labels.ts";
import type { NodeInventory, RunContext } from "../cluster/run-context.ts";
import { EnvironmentError, ExitCode, UsageError } from "../errors.ts";
import { parseIp } from "../net/ip-address.ts";
import {
  type ArpProbeResult,
  DEFAULT_ARP_BUDGET_MS,
  DEFAULT_ARP_COUNT,
  DEFAULT_ARP_LISTEN_MS,
  probeArp,
} from "../probes/arp-probe.ts";
import { LanClient, removeLanClients, type StartedLanClient } from "../probes/lan-client.ts";
import {
  dockerImageStore,
  type ResolvedLanClientImage,
  resolveLanClientImage,
} from "../probes/lan-client-image.ts";
import { probeNetwork, targetOnNetwork } from "../probes/lan-client-network.ts";
import { DockerCli } from "../tools/docker.ts";
import { untilInterrupted } from "../tools/interruption.ts";
import { createCommandRunner } from "../tools/run-command.ts";
import { resolveTool } from "../tools/tool-paths.ts";
import { Transcript } from "../tools/transcript.ts";
import type { CliIO, Command, CommandInput, OptionSpec } from "./command.ts";
import { VERBOSE_OPTION } from "./console-options.ts";
import { runInterruptible } from "./interruptible-command.ts";
import { booleanOption, durationOption, integerOption, stringOption } from "./options.ts";
import { probeHttpOptions, runProbeHttp } from "./probe-http.ts";

const ARP_OPTIONS: readonly OptionSpec[] = [
  {
    name: "network",
    type: "string",
    valueName: "docker-network",
    description: "arp: docker network the LAN client joins (default: the run's LAN network with --run-id)",
  },
  {
    name: "count",
    type: "string",
    valueName: "N",
    description: `arp: probes to send, back to back (with --rounds: one per second) (default ${DEFAULT_ARP_COUNT})`,
  },
  {
    name: "listen",
    type: "string",
    valueName: "duration",
    description: `arp: how long to listen for answers after the probes (default ${DEFAULT_ARP_LISTEN_MS}ms)`,
  },
  {
    name: "rounds",
    type: "boolean",
    description:
      "arp: one probe per second instead of all at once (slower; what an old iputils arping needs, chosen for it anyway)",
  },
  {
    name: "timeout",
    type: "string",
    valueName: "duration",
    description: `arp: budget of the whole probe (default ${DEFAULT_ARP_BUDGET_MS / 1000}s)`,
  },
  {
    name: "format",
    type: "string",
    valueName: "format",
    choices: ["human", "json"],
    description: "output (default human)",
  },
  {
    name: "image",
    type: "string",
    valueName: "image",
    description:
      "arp: LAN client image (default: env CILIUM_CONFORMANCE_LAN_CLIENT_IMAGE, the pinned public image, then the offline one)",
  },
  {
    name: "run-id",
    type: "string",
    valueName: "id",
    description:
      "arp: reuse (and keep) the LAN client of this run; nodes are named from reports/<id>/run-context.json",
  },
];

/** Options of both sub-commands; a name both use is declared once, with both descriptions. */
function mergedOptions(): OptionSpec[] {
  const byName = new Map<string, OptionSpec>();
  for (const option of [...ARP_OPTIONS, ...probeHttpOptions]) {
    const known = byName.get(option.name);
    if (known === undefined) byName.set(option.name, option);
    else if (known.description !== option.description) {
      byName.set(option.name, { ...known, description: `${known.description}; ${option.description}` });
    }
  }
  return [...byName.values()];
}

export const command: Command = {
  name: "probe",
  summary: "probe the wire as a LAN user: `probe arp <ip>` (who answers ARP) or `probe http <url>`",
  details: [
    "probe arp <ip> --network <docker-network> [--count N] [--listen 300ms] [--rounds] [--timeout 5s] [--format human|json]",
    "  Starts a small LAN client container on the network (NET_RAW only), sends N broadcast ARP",
    "  requests for <ip> back to back, listens for --listen, and reports every MAC that answered",
    "  (with --rounds, or an old iputils arping: one request per second).",
    "  Exit codes: 0 exactly one MAC answered; 1 several answered (a conflict) or none did;",
    "  2 bad input (not an IPv4 address, outside the network's subnet, unknown network);",
    "  3 Docker or the LAN client image is unavailable.",
    "  JSON: {ip, verdict: single|duplicate|none, replies: [{mac, count, perProbe, firstReplyMs, node?}], sent, mode, ...}",
    "  Example: cilium-conformance probe arp 192.168.5.30 --network cc-lan-ab12 --format json",
    "",
    "probe http <url> [--host H] ...   see the http options below.",
  ].join("\n"),
  positionals: [
    { name: "kind", description: "arp or http", required: true },
    { name: "target", description: "arp: an IPv4 address; http: a URL", required: true },
  ],
  options: [
    ...mergedOptions(),
    { ...VERBOSE_OPTION, description: "arp: print each docker command as it runs" },
  ],
  async run(input, io) {
    const [kind] = input.positionals;
    if (kind === "arp") return runProbeArp(input, io);
    if (kind === "http") return runProbeHttp(input, io);
    throw new UsageError(`probe: unknown probe "${kind}"`, {
      hint: "use `probe arp <ip>` or `probe http <url>`",
    });
  },
};

async function runProbeArp(input: CommandInput, io: CliIO): Promise<ExitCode> {
  const [, target, extra] = input.positionals;
  if (target === undefined || extra !== undefined) {
    throw new UsageError("probe arp takes exactly one address", {
      hint: "probe arp <ip> --network <docker-network>",
    });
  }
  if (parseIp(target)?.family !== 4) {
    throw new UsageError(`"${target}" is not an IPv4 address (ARP is IPv4 only)`, {
      hint: "e.g. `probe arp 192.168.5.30 --network cc-lan-<run-id>`",
    });
  }
  const count = integerOption(input, "count", DEFAULT_ARP_COUNT);
  if (count < 1) throw new UsageError("--count must be at least 1");
  const budgetMs = durationOption(input, "timeout", DEFAULT_ARP_BUDGET_MS, "5s");
  const listenMs = durationOption(input, "listen", DEFAULT_ARP_LISTEN_MS, "300ms");
  const rounds = booleanOption(input, "rounds");
  const format = stringOption(input, "format") ?? "human";
  const runId = stringOption(input, "run-id");
  const context = runId === undefined ? undefined : await readRunContext(io.cwd, runId);
  const networkName = stringOption(input, "network") ?? context?.network?.name;
  if (networkName === undefined) {
    throw new UsageError("probe arp needs --network <docker-network>", {
      hint: "`docker network ls` lists them; with --run-id the run's LAN network is the default",
    });
  }

  const dockerPath = resolveTool("docker", io.env, io.cwd).path;
  if (dockerPath === undefined) {
    throw new EnvironmentError("CC_ENV_TOOL_MISSING", "the docker CLI was not found", {
      hint: "install Docker or set CILIUM_CONFORMANCE_DOCKER_BIN to the docker binary",
    });
  }
  const interruption = io.interruption?.signal;
  const runner = createCommandRunner({
    transcript: new Transcript(),
    env: io.env,
    ...(interruption ? { interruption } : {}),
    ...(booleanOption(input, "verbose") ? { verbose: io.stderr } : {}),
  });
  const docker = new DockerCli(runner, dockerPath);
  const network = await probeNetwork(docker, networkName);
  targetOnNetwork(target, network);
  const image = await resolveLanClientImage(
    { configured: stringOption(input, "image"), env: io.env },
    dockerImageStore(runner, dockerPath),
  );
  const clientRunId = runId ?? `probe-${process.pid}-${Date.now().toString(36)}`;
  // The client's start (testcontainers) cannot be cancelled: on a signal, wait for it to settle
  // before removing the client by its labels, or a container created a moment later would stay.
  let starting: Promise<unknown> = Promise.resolve();

  return runInterruptible(io, {
    graceMs: 10_000,
    async work() {
      const start = new LanClient({
        network: network.name,
        image: image.image,
        runId: clientRunId,
        reuse: runId !== undefined,
        docker,
      }).start();
      starting = start.catch(() => undefined);
      const client = await untilInterrupted(interruption, () => start, "starting the LAN client");
      let result: ArpProbeResult;
      try {
        result = await untilInterrupted(
          interruption,
          () =>
            probeArp(client, target, {
              count,
              budgetMs,
              ...(rounds ? { mode: "rounds" as const } : { listenMs }),
              ...(context ? { nodes: context.nodes } : {}),
            }),
          `probing ARP for ${target}`,
        );
      } finally {
        // A run's client stays for the run's next probes; `down` removes it by label.
        if (runId === undefined) await client.stop().catch(() => undefined);
      }
      io.stdout(
        format === "json"
          ? `${JSON.stringify(arpJson(result, client, image, network.name), null, 2)}\n`
          : arpHuman(result, client, image, network.name),
      );
      return result.verdict === "single" ? ExitCode.pass : ExitCode.conformanceFailed;
    },
    async afterInterrupt(signal) {
      const cleanDocker = new DockerCli(
        createCommandRunner({ transcript: new Transcript(), env: io.env }),
        dockerPath,
      );
      let left: string[] = [];
      if (runId === undefined) {
        await removeLanClients(cleanDocker, clientRunId); // ends the probes running in it at once
        await Promise.race([starting, new Promise((resolve) => setTimeout(resolve, 60_000).unref())]);
        await removeLanClients(cleanDocker, clientRunId); // one created while the start was settling
        left = await cleanDocker.psByLabel([`${RUN_ID_LABEL}=${clientRunId}`]);
      }
      const why = `interrupted by ${signal}`;
      const client =
        runId !== undefined
          ? `LAN client of run ${runId} kept`
          : left.length
            ? `LAN client NOT removed: ${left.join(", ")}`
            : "LAN client removed";
      io.stdout(
        format === "json"
          ? `${JSON.stringify({ ip: target, verdict: "interrupted", reason: why, network: network.name, client }, null, 2)}\n`
          : `ARP ${target} on ${network.name}: interrupted (${why}, no verdict); ${client}\n`,
      );
    },
  });
}

function arpJson(
  result: ArpProbeResult,
  client: StartedLanClient,
  image: ResolvedLanClientImage,
  network: string,
) {
  return {
    ip: result.ip,
    verdict: result.verdict,
    replies: result.replies,
    network,
    sent: result.sent,
    mode: result.mode,
    durationMs: result.durationMs,
    client: {
      ip: client.ip,
      mac: client.mac,
      interface: client.interfaceName,
      image: image.image,
      imageSource: image.source,
      arping: client.arping,
    },
    transcript: result.transcript,
  };
}

function arpHuman(
  result: ArpProbeResult,
  client: StartedLanClient,
  image: ResolvedLanClientImage,
  network: string,
): string {
  const seconds = (result.durationMs / 1000).toFixed(1);
  const what = {
    single: "one MAC answered",
    duplicate: `${result.replies.length} MACs answered: an address conflict on the LAN`,
    none: `nobody answered ${result.sent} probe(s)`,
  }[result.verdict];
  const lines = [
    `ARP ${result.ip} on ${network}: ${result.verdict} (${what})`,
    ...result.replies.map(
      (reply) =>
        `  ${reply.mac}  answered ${reply.count} of ${result.sent} probe(s)` +
        `${reply.firstReplyMs === undefined ? "" : `, first after ${reply.firstReplyMs} ms`}` +
        `${reply.node ? `  node ${reply.node}` : ""}`,
    ),
    `  from ${client.ip} (${client.mac}) via ${client.interfaceName}, ${client.arping} arping, ${result.sent} probe(s) (${result.mode}) in ${seconds}s; image ${image.image} (${image.source})`,
  ];
  return `${lines.join("\n")}\n`;
}

interface RunContextFacts {
  network: RunContext["network"] | undefined;
  nodes: NodeInventory;
}

async function readRunContext(cwd: string, runId: string): Promise<RunContextFacts | undefined> {
  const path = join(cwd, "reports", runId, "run-context.json");
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    return undefined; // no run context: a bare run id only names the reused client
  }
  try {
    const parsed = JSON.parse(text) as Partial<RunContext>;
    return {
      network:
        typeof parsed.network?.name === "string" && parsed.network.name !== "" ? parsed.network : undefined,
      nodes: Array.isArray(parsed.nodes) ? parsed.nodes : [],
    };
  } catch (error) {
    throw new UsageError(
      `${path} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
      {
        file: path,
        hint: "it is written by `up`; run `up` again or remove the file",
      },
    );
  }
}
