// What every typed tool wrapper (docker, kind, cilium) shares: the resolved binary, the command
// runner (transcript, timeouts, errors) and how a version is asked for and read.

import type { CommandResult, CommandRunner, RunOptions } from "./run-command.ts";

/** Version probes answer at once; a hang means a broken install. */
const VERSION_TIMEOUT_MS = 15_000;

export abstract class ToolCli {
  readonly binary: string;
  readonly #runner: CommandRunner;

  constructor(runner: CommandRunner, binary: string) {
    this.#runner = runner;
    this.binary = binary;
  }

  /** Runs the tool with these arguments. */
  protected runTool(args: readonly string[], options: RunOptions): Promise<CommandResult> {
    return this.#runner.run(this.binary, args, options);
  }

  /** The version the tool prints for `args`, as `parse` reads it; the raw output when it cannot. */
  protected async reportedVersion(args: readonly string[], parse: (output: string) => string | undefined) {
    // Stops once the version is printed (cilium-cli's version command goes on to fetch GitHub).
    const { stdout } = await this.runTool(args, {
      timeoutMs: VERSION_TIMEOUT_MS,
      stopWhen: (output) => parse(output) !== undefined,
    });
    return parse(stdout) ?? stdout.trim();
  }
}
