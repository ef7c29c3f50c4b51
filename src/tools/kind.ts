// Typed calls to kind. The cluster joins the harness's LAN network through
// KIND_EXPERIMENTAL_DOCKER_NETWORK, which kind uses as it is (it never checks subnet or labels).

import type { RunOptions } from "./run-command.ts";
import { ToolCli } from "./tool-cli.ts";

export interface KindCreateOptions {
  name: string;
  /** Path of the kind config file written from the plan. */
  configPath: string;
  /** The docker network the nodes join. */
  networkName: string;
  /** Where kind writes the kubeconfig (never the user's ~/.kube/config). */
  kubeconfigPath: string;
  /** Node image, pinned by digest; overrides the config's. */
  image?: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

export class KindCli extends ToolCli {
  /** `kind version` → `v0.31.0`. */
  async version(): Promise<string> {
    return this.reportedVersion(["version"], parseKindVersion);
  }

  async createCluster(options: KindCreateOptions): Promise<void> {
    const args = [
      "create",
      "cluster",
      "--name",
      options.name,
      "--config",
      options.configPath,
      "--kubeconfig",
      options.kubeconfigPath,
    ];
    if (options.image !== undefined) args.push("--image", options.image);
    const runOptions: RunOptions = {
      env: { KIND_EXPERIMENTAL_DOCKER_NETWORK: options.networkName },
      timeoutMs: options.timeoutMs,
    };
    if (options.signal !== undefined) runOptions.signal = options.signal;
    await this.runTool(args, runOptions);
  }

  async deleteCluster(name: string, kubeconfigPath?: string): Promise<void> {
    const args = ["delete", "cluster", "--name", name];
    if (kubeconfigPath !== undefined) args.push("--kubeconfig", kubeconfigPath);
    await this.runTool(args, { timeoutMs: 180_000 });
  }

  async getClusters(): Promise<string[]> {
    const { stdout } = await this.runTool(["get", "clusters"], { timeoutMs: 30_000 });
    // With no cluster kind prints "No kind clusters found." on stderr and nothing on stdout.
    return stdout
      .split("\n")
      .map((line) => line.trim())
      .filter(Boolean);
  }

  async getNodes(name: string): Promise<string[]> {
    const { stdout } = await this.runTool(["get", "nodes", "--name", name], {
      timeoutMs: 30_000,
    });
    return stdout
      .split("\n")
      .map((line) => line.trim())
      .filter(Boolean);
  }

  /** The kubeconfig text. It holds client keys: callers must not log or report it. */
  async getKubeconfig(name: string): Promise<string> {
    const { stdout } = await this.runTool(["get", "kubeconfig", "--name", name], {
      timeoutMs: 30_000,
    });
    return stdout;
  }

  async exportLogs(name: string, directory: string): Promise<void> {
    await this.runTool(["export", "logs", directory, "--name", name], {
      timeoutMs: 300_000,
    });
  }
}

/** `kind v0.31.0 go1.24.2 linux/amd64` → `v0.31.0`. */
export function parseKindVersion(output: string): string | undefined {
  return /\bkind (v\d+\.\d+\.\d+\S*)/.exec(output)?.[1];
}
