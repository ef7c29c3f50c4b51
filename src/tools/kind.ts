// Typed calls to kind that are not plan steps: the version probe and `down`'s cluster removal.
// `up` runs kind from the plan's argv (plan-commands.ts), so create, load and export live there.

import { ToolCli } from "./tool-cli.ts";

export class KindCli extends ToolCli {
  /** `kind version` → `v0.31.0`. */
  async version(): Promise<string> {
    return this.reportedVersion(["version"], parseKindVersion);
  }

  async deleteCluster(name: string, kubeconfigPath?: string): Promise<void> {
    const args = ["delete", "cluster", "--name", name];
    if (kubeconfigPath !== undefined) args.push("--kubeconfig", kubeconfigPath);
    await this.runTool(args, { timeoutMs: 300_000 });
  }
}

/** `kind v0.31.0 go1.24.2 linux/amd64` → `v0.31.0`. */
export function parseKindVersion(output: string): string | undefined {
  return /\bkind (v\d+\.\d+\.\d+\S*)/.exec(output)?.[1];
}
