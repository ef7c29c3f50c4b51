// Typed calls to the cilium CLI: install, status --wait, version, and a generic run for the
// connectivity test (whose arguments another module builds).

import { formatGoDuration } from "../go/go-duration.ts";
import type { CommandResult, RunOptions } from "./run-command.ts";
import { ToolCli } from "./tool-cli.ts";

/** Which cluster a call talks to: always explicit, never the user's current context. */
export interface CiliumTarget {
  kubeconfigPath: string;
  context: string;
  /** Namespace Cilium runs in (cilium-cli's `--namespace`, default kube-system): the plan's. */
  namespace?: string;
}

export interface CiliumInstallOptions extends CiliumTarget {
  /** Chart version, e.g. `1.18.11`. */
  version: string;
  /** Values files, applied in order (the repo's values, then the kind overlay). */
  valuesFiles: readonly string[];
  /** `--set key=value` pairs applied last. */
  sets?: readonly string[];
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface CiliumStatusOptions extends CiliumTarget {
  /** Passed as `--wait-duration`; the command's own timeout adds a margin. */
  waitDurationMs: number;
  /**
   * `--ignore-warnings`: pass once nothing is in error, warnings (a pod still pending, a degraded
   * module) included; the caller's rollout wait then fails on the ones that matter.
   */
  ignoreWarnings?: boolean;
  signal?: AbortSignal;
}

export class CiliumCli extends ToolCli {
  /** The client version, `v0.19.7`. */
  async version(): Promise<string> {
    return this.reportedVersion(["version", "--client"], parseCiliumCliVersion);
  }

  async install(options: CiliumInstallOptions): Promise<void> {
    const args = ["install", "--version", options.version];
    for (const file of options.valuesFiles) args.push("--values", file);
    for (const set of options.sets ?? []) args.push("--set", set);
    await this.run(args, options, { timeoutMs: options.timeoutMs, ...signalOf(options) });
  }

  /** `cilium status --wait`: agents, operator (and relay when enabled) ready, or a failure. */
  async statusWait(options: CiliumStatusOptions): Promise<CommandResult> {
    const args = [
      "status",
      "--wait",
      "--wait-duration",
      formatGoDuration(options.waitDurationMs),
      ...(options.ignoreWarnings ? ["--ignore-warnings"] : []),
      "--interactive=false",
    ];
    return this.run(args, options, { timeoutMs: options.waitDurationMs + 30_000, ...signalOf(options) });
  }

  /** A one-shot status (diagnostics): exit code 1 is an answer, not a crash. */
  async status(target: CiliumTarget): Promise<CommandResult> {
    return this.run(["status", "--interactive=false"], target, { timeoutMs: 60_000, okExitCodes: [1] });
  }

  /** Any cilium subcommand against the target cluster. */
  async run(args: readonly string[], target: CiliumTarget, options: RunOptions = {}): Promise<CommandResult> {
    const namespace = target.namespace === undefined ? [] : ["--namespace", target.namespace];
    return this.runTool([...args, "--context", target.context, ...namespace], {
      ...options,
      env: { ...options.env, KUBECONFIG: target.kubeconfigPath },
    });
  }
}

function signalOf(options: { signal?: AbortSignal }): { signal?: AbortSignal } {
  return options.signal === undefined ? {} : { signal: options.signal };
}

/** `cilium-cli: v0.19.7 compiled with go1.24.5 on linux/amd64` → `v0.19.7`. */
export function parseCiliumCliVersion(output: string): string | undefined {
  return /cilium-cli:\s*(v\d+\.\d+\.\d+\S*)/.exec(output)?.[1];
}
