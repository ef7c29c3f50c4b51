// Typed calls to the docker CLI: the LAN network, node containers (address, pause), labels.
// The binary comes from CILIUM_CONFORMANCE_DOCKER_BIN (see tool-paths.ts).

import { EnvironmentError } from "../errors.ts";
import type { RunOptions } from "./run-command.ts";
import { ToolCli } from "./tool-cli.ts";

export interface DockerNetworkSpec {
  name: string;
  subnet: string;
  gateway: string;
  ipRange: string;
  labels: Record<string, string>;
  /** Extra `--opt` driver options, e.g. `com.docker.network.driver.mtu`. */
  driverOptions?: Record<string, string>;
}

export interface DockerNetwork {
  id: string;
  name: string;
  driver: string;
  subnet: string | undefined;
  gateway: string | undefined;
  ipRange: string | undefined;
  labels: Record<string, string>;
  /** Names of attached containers. */
  containers: string[];
}

export interface ContainerAddress {
  ip: string;
  mac: string;
}

export interface DockerContainer {
  id: string;
  name: string;
  labels: Record<string, string>;
  /** The image's id (`sha256:…`): docker copies an image's labels onto every container made from it. */
  image: string;
  status: string;
  paused: boolean;
  /** Network name → address on it. */
  networks: Record<string, ContainerAddress>;
}

export interface DockerInfo {
  serverVersion: string;
  operatingSystem: string;
  osType: string;
  cgroupVersion: string | undefined;
}

/** A docker daemon refused a subnet because another network already holds it. */
export function isPoolOverlap(stderr: string): boolean {
  return /Pool overlaps with other one on this address space/i.test(stderr);
}

export class DockerCli extends ToolCli {
  async info(options: RunOptions = {}): Promise<DockerInfo> {
    const { stdout } = await this.runTool(["info", "--format", "{{json .}}"], {
      timeoutMs: 20_000,
      ...options,
    });
    const raw = JSON.parse(stdout) as Record<string, unknown>;
    return {
      serverVersion: String(raw.ServerVersion ?? ""),
      operatingSystem: String(raw.OperatingSystem ?? ""),
      osType: String(raw.OSType ?? ""),
      cgroupVersion: raw.CgroupVersion === undefined ? undefined : String(raw.CgroupVersion),
    };
  }

  async networkCreate(spec: DockerNetworkSpec): Promise<string> {
    const args = [
      "network",
      "create",
      "--driver",
      "bridge",
      "--subnet",
      spec.subnet,
      "--gateway",
      spec.gateway,
      "--ip-range",
      spec.ipRange,
    ];
    for (const [key, value] of Object.entries(spec.labels)) args.push("--label", `${key}=${value}`);
    for (const [key, value] of Object.entries(spec.driverOptions ?? {}))
      args.push("--opt", `${key}=${value}`);
    args.push(spec.name);
    const { stdout } = await this.runTool(args, { timeoutMs: 60_000 });
    return stdout.trim();
  }

  /** The network, or undefined when none has that name. */
  async networkInspect(name: string): Promise<DockerNetwork | undefined> {
    const result = await this.runTool(["network", "inspect", name], { okExitCodes: [1], timeoutMs: 30_000 });
    if (result.exitCode !== 0) {
      if (/no such network|not found/i.test(result.stderr)) return undefined;
      throw new EnvironmentError(
        "CC_ENV_DOCKER_UNREACHABLE",
        `\`${result.command}\` failed: ${result.stderr}`,
      );
    }
    const [raw] = JSON.parse(result.stdout) as RawNetwork[];
    return raw === undefined ? undefined : toNetwork(raw);
  }

  async networkRemove(name: string): Promise<void> {
    await this.runTool(["network", "rm", name], { timeoutMs: 60_000 });
  }

  /** Names of networks carrying every given label (`key=value` or bare `key`). */
  async networkListByLabel(labels: readonly string[]): Promise<string[]> {
    const args = ["network", "ls", "--format", "{{.Name}}"];
    for (const label of labels) args.push("--filter", `label=${label}`);
    const { stdout } = await this.runTool(args, { timeoutMs: 30_000 });
    return lines(stdout);
  }

  /** The container, or undefined when none has that name. */
  async containerInspect(name: string): Promise<DockerContainer | undefined> {
    const result = await this.runTool(["container", "inspect", name], {
      okExitCodes: [1],
      timeoutMs: 30_000,
    });
    if (result.exitCode !== 0) {
      if (/no such (container|object)/i.test(result.stderr)) return undefined;
      throw new EnvironmentError(
        "CC_ENV_DOCKER_UNREACHABLE",
        `\`${result.command}\` failed: ${result.stderr}`,
      );
    }
    const [raw] = JSON.parse(result.stdout) as RawContainer[];
    return raw === undefined ? undefined : toContainer(raw);
  }

  /** IP and MAC of a container on one network, or undefined when it is not attached to it. */
  async containerAddress(container: string, network: string): Promise<ContainerAddress | undefined> {
    const inspected = await this.containerInspect(container);
    return inspected?.networks[network];
  }

  /** Names of containers (running or not) carrying every given label. */
  async psByLabel(labels: readonly string[]): Promise<string[]> {
    const args = ["ps", "--all", "--format", "{{.Names}}"];
    for (const label of labels) args.push("--filter", `label=${label}`);
    const { stdout } = await this.runTool(args, { timeoutMs: 30_000 });
    return lines(stdout);
  }

  async containerRemove(name: string): Promise<void> {
    await this.runTool(["rm", "--force", "--volumes", name], { timeoutMs: 60_000 });
  }

  /** The labels baked into an image (empty when it has none or is gone). */
  async imageLabels(image: string): Promise<Record<string, string>> {
    const result = await this.runTool(["image", "inspect", "--format", "{{json .Config.Labels}}", image], {
      okExitCodes: [1],
      timeoutMs: 30_000,
    });
    if (result.exitCode !== 0) return {};
    const parsed = JSON.parse(result.stdout.trim() || "null") as Record<string, string> | null;
    return parsed ?? {};
  }

  async pause(name: string): Promise<void> {
    await this.runTool(["pause", name], { timeoutMs: 30_000 });
  }

  async unpause(name: string): Promise<void> {
    await this.runTool(["unpause", name], { timeoutMs: 30_000 });
  }

  async pull(image: string, options: RunOptions = {}): Promise<void> {
    await this.runTool(["pull", "--quiet", image], { timeoutMs: 600_000, ...options });
  }
}

interface RawNetwork {
  Id?: string;
  Name?: string;
  Driver?: string;
  Labels?: Record<string, string> | null;
  IPAM?: { Config?: { Subnet?: string; Gateway?: string; IPRange?: string }[] | null };
  Containers?: Record<string, { Name?: string }> | null;
}

interface RawContainer {
  Id?: string;
  Name?: string;
  Image?: string;
  Config?: { Labels?: Record<string, string> | null };
  State?: { Status?: string; Paused?: boolean };
  NetworkSettings?: { Networks?: Record<string, { IPAddress?: string; MacAddress?: string }> | null };
}

function toNetwork(raw: RawNetwork): DockerNetwork {
  // The IPv4 entry: a dual-stack network lists an IPv6 config as well.
  const config = (raw.IPAM?.Config ?? []).find((entry) => !entry.Subnet?.includes(":")) ?? {};
  return {
    id: raw.Id ?? "",
    name: raw.Name ?? "",
    driver: raw.Driver ?? "",
    subnet: config.Subnet || undefined,
    gateway: config.Gateway || undefined,
    ipRange: config.IPRange || undefined,
    labels: raw.Labels ?? {},
    containers: Object.values(raw.Containers ?? {})
      .map((entry) => entry.Name ?? "")
      .filter(Boolean),
  };
}

function toContainer(raw: RawContainer): DockerContainer {
  const networks: Record<string, ContainerAddress> = {};
  for (const [name, endpoint] of Object.entries(raw.NetworkSettings?.Networks ?? {})) {
    networks[name] = { ip: endpoint.IPAddress ?? "", mac: (endpoint.MacAddress ?? "").toLowerCase() };
  }
  return {
    id: raw.Id ?? "",
    name: (raw.Name ?? "").replace(/^\//, ""),
    labels: raw.Config?.Labels ?? {},
    image: raw.Image ?? "",
    status: raw.State?.Status ?? "",
    paused: raw.State?.Paused === true,
    networks,
  };
}

function lines(text: string): string[] {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
}
