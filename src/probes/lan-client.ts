// The LAN client: a small container on the LAN docker network, standing where a LAN user's
// machine stands (not a node: a node cannot ARP a VIP whose lease it holds). Started with
// testcontainers, with NET_RAW only (arping's packet socket; every other capability dropped),
// labelled with the run id, reused for a whole run and removed at its end.
//
// Lifecycle as types: `LanClient` (a description) → `start()` → `StartedLanClient` (exec, its
// interface, IP and MAC) → `stop()` → `StoppedLanClient`.

import { GenericContainer, type StartedTestContainer } from "testcontainers";
import { MANAGED_LABEL, ROLE_LABEL, RUN_ID_LABEL } from "../cluster/harness-labels.ts";
import { EnvironmentError } from "../errors.ts";
import type { DockerCli } from "../tools/docker.ts";
import { ARPING_IDENTIFY_ARGS, type ArpingImplementation, identifyArping } from "./arp-arping-command.ts";
import { interfaceWithMac, LIST_INTERFACES_SCRIPT, parseInterfaceMacs } from "./lan-client-interface.ts";

/** The role label's value; the run's other labels (harness-labels.ts) let `down` reap it. */
export const LAN_CLIENT_ROLE = "lan-client";

export interface LanClientOptions {
  /** Existing docker network, joined by name (no aliases: they would add the default bridge). */
  network: string;
  image: string;
  runId: string;
  /**
   * Reuse a running client with the same image, network and run id (testcontainers' reuse, keyed
   * on the container's configuration) instead of starting another: the CLI's `--run-id`.
   */
  reuse?: boolean;
  /** Docker CLI for the container's address on the network (and its removal by label). */
  docker: DockerCli;
  startupTimeoutMs?: number;
}

export interface ExecOutcome {
  exitCode: number;
  stdout: string;
  stderr: string;
  durationMs: number;
}

/** What a probe needs from the client; the ARP probe depends on this, not on testcontainers. */
export interface LanClientExec {
  readonly interfaceName: string;
  readonly arping: ArpingImplementation;
  /** From `arping -V` (iputils `20240905`, `s20161105`); decides how many probes a run needs. */
  readonly arpingVersion?: string | undefined;
  exec(argv: readonly string[], timeoutMs: number): Promise<ExecOutcome>;
}

export class LanClient {
  readonly options: LanClientOptions;

  constructor(options: LanClientOptions) {
    this.options = options;
  }

  async start(): Promise<StartedLanClient> {
    const { network, image, runId } = this.options;
    let container: StartedTestContainer;
    try {
      let definition = new GenericContainer(image)
        .withNetworkMode(network)
        .withDroppedCapabilities("ALL")
        .withAddedCapabilities("NET_RAW")
        .withCommand(["sleep", "infinity"])
        .withLabels({
          [RUN_ID_LABEL]: runId,
          [MANAGED_LABEL]: "true",
          [ROLE_LABEL]: LAN_CLIENT_ROLE,
        })
        .withStartupTimeout(this.options.startupTimeoutMs ?? 60_000)
        // No Ryuk reaper (it needs a registry to pull from): we remove the client ourselves, and
        // `removeLanClients` finds any left behind by its labels.
        .withAutoCleanup(false);
      if (this.options.reuse) definition = definition.withReuse();
      container = await definition.start();
    } catch (error) {
      // Docker may have created the container before failing to start it (e.g. no such network).
      await removeUnstartedClients(this.options.docker, runId).catch(() => undefined);
      throw startFailure(image, network, error);
    }
    try {
      return await StartedLanClient.attach(container, this.options);
    } catch (error) {
      await container.stop({ remove: true, timeout: 0 }).catch(() => undefined);
      throw error;
    }
  }
}

export class StartedLanClient implements LanClientExec {
  readonly containerId: string;
  readonly network: string;
  readonly image: string;
  readonly interfaceName: string;
  readonly ip: string;
  readonly mac: string;
  readonly arping: ArpingImplementation;
  readonly arpingVersion: string | undefined;
  readonly #container: StartedTestContainer;
  #stopped = false;

  private constructor(
    container: StartedTestContainer,
    facts: {
      network: string;
      image: string;
      interfaceName: string;
      ip: string;
      mac: string;
      arping: ArpingImplementation;
      arpingVersion: string | undefined;
    },
  ) {
    this.#container = container;
    this.containerId = container.getId();
    this.network = facts.network;
    this.image = facts.image;
    this.interfaceName = facts.interfaceName;
    this.ip = facts.ip;
    this.mac = facts.mac;
    this.arping = facts.arping;
    this.arpingVersion = facts.arpingVersion;
  }

  /** Learns the client's address on the LAN, its interface name and which arping it has. */
  static async attach(container: StartedTestContainer, options: LanClientOptions): Promise<StartedLanClient> {
    const address = await options.docker.containerAddress(container.getId(), options.network);
    if (!address?.ip || !address.mac) {
      throw new EnvironmentError(
        "CC_ENV_LAN_CLIENT_FAILED",
        `the LAN client container has no address on docker network ${options.network}`,
        { hint: `check \`docker network inspect ${options.network}\` (is its address range exhausted?)` },
      );
    }
    const listed = await execIn(container, ["sh", "-c", LIST_INTERFACES_SCRIPT], 15_000);
    const interfaces = parseInterfaceMacs(listed.stdout);
    const interfaceName = interfaceWithMac(interfaces, address.mac);
    if (interfaceName === undefined) {
      const seen = interfaces.map((entry) => `${entry.name}=${entry.mac ?? "none"}`).join(", ") || "none";
      throw new EnvironmentError(
        "CC_ENV_LAN_CLIENT_FAILED",
        `no interface of the LAN client has its docker MAC ${address.mac} (seen: ${seen}; sh exited ${listed.exitCode})`,
        { hint: "the LAN client image needs `sh` and `cat`; use the default or the offline image" },
      );
    }
    const identify = await execIn(container, ARPING_IDENTIFY_ARGS, 15_000);
    const identity = identifyArping(`${identify.stdout}\n${identify.stderr}`, identify.exitCode);
    if (identity.kind !== "found") {
      const what =
        identity.kind === "missing" ? "has no `arping`" : `has an arping we cannot read (${identity.banner})`;
      throw new EnvironmentError(
        "CC_ENV_LAN_CLIENT_FAILED",
        `the LAN client image ${options.image} ${what}`,
        {
          hint: "use an image with iputils or BusyBox arping: the default image, or the offline one from `scripts/build-offline-images.sh`",
        },
      );
    }
    return new StartedLanClient(container, {
      network: options.network,
      image: options.image,
      interfaceName,
      ip: address.ip,
      mac: address.mac,
      arping: identity.implementation,
      arpingVersion: identity.version,
    });
  }

  /** Runs a command in the client (argv, no shell). Resolves with any exit code; throws past the time limit. */
  exec(argv: readonly string[], timeoutMs: number): Promise<ExecOutcome> {
    if (this.#stopped) {
      throw new EnvironmentError("CC_ENV_LAN_CLIENT_FAILED", "the LAN client was already stopped");
    }
    return execIn(this.#container, argv, timeoutMs);
  }

  /** Removes the container. Safe to call twice. */
  async stop(): Promise<StoppedLanClient> {
    if (!this.#stopped) {
      this.#stopped = true;
      await this.#container.stop({ remove: true, timeout: 0 });
    }
    return { containerId: this.containerId };
  }
}

export interface StoppedLanClient {
  readonly containerId: string;
}

/** Removes every LAN client of a run (what `down` calls; also cleans up after a killed process). */
export async function removeLanClients(docker: DockerCli, runId: string): Promise<string[]> {
  const names = await docker.psByLabel([`${RUN_ID_LABEL}=${runId}`, `${ROLE_LABEL}=${LAN_CLIENT_ROLE}`]);
  for (const name of names) await docker.containerRemove(name);
  return names;
}

async function removeUnstartedClients(docker: DockerCli, runId: string): Promise<void> {
  const names = await docker.psByLabel([`${RUN_ID_LABEL}=${runId}`, `${ROLE_LABEL}=${LAN_CLIENT_ROLE}`]);
  for (const name of names) {
    const container = await docker.containerInspect(name);
    if (container !== undefined && container.status !== "running") await docker.containerRemove(name);
  }
}

async function execIn(
  container: StartedTestContainer,
  argv: readonly string[],
  timeoutMs: number,
): Promise<ExecOutcome> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new EnvironmentError(
            "CC_ENV_LAN_CLIENT_FAILED",
            `\`${argv.join(" ")}\` in the LAN client did not finish within ${timeoutMs} ms`,
            { hint: "is the Docker engine overloaded? `docker stats` shows it" },
          ),
        ),
      timeoutMs,
    );
  });
  try {
    const result = await Promise.race([container.exec([...argv]), deadline]);
    return {
      exitCode: result.exitCode,
      stdout: result.stdout,
      stderr: result.stderr,
      durationMs: Math.round(performance.now() - started),
    };
  } catch (error) {
    if (error instanceof EnvironmentError) throw error;
    throw new EnvironmentError(
      "CC_ENV_LAN_CLIENT_FAILED",
      `could not run \`${argv.join(" ")}\` in the LAN client: ${messageOf(error)}`,
      { cause: error },
    );
  } finally {
    clearTimeout(timer);
  }
}

function startFailure(image: string, network: string, error: unknown): EnvironmentError {
  const message = messageOf(error);
  if (/container runtime strategy|docker\.sock|ECONNREFUSED|ENOENT/i.test(message)) {
    return new EnvironmentError("CC_ENV_DOCKER_UNREACHABLE", `cannot reach the Docker engine: ${message}`, {
      hint: "start Docker (scripts/ensure-docker.sh does it on Debian) and check `docker info`",
      cause: error,
    });
  }
  return new EnvironmentError(
    "CC_ENV_LAN_CLIENT_FAILED",
    `could not start the LAN client (${image}) on docker network ${network}: ${message}`,
    {
      hint: `check that the network exists (\`docker network ls\`) and the image runs: docker run --rm ${image} arping`,
      cause: error,
    },
  );
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
