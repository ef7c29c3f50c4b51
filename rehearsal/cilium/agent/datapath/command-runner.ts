// The node's network tools (ip, nft, iptables, arping) as the agent double runs them: argv only,
// no shell, stdin when a tool reads a script, and a failure that names the command and its
// stderr. Tests substitute a recorder.

import { execFile } from "node:child_process";

export type CommandRunner = (command: string, args: readonly string[], input?: string) => Promise<string>;

export class NodeCommandError extends Error {
  override readonly name = "NodeCommandError";
  readonly stderr: string;
  constructor(command: string, args: readonly string[], stderr: string, code: unknown) {
    super(
      `${command} ${args.join(" ")} failed (${String(code)}): ${stderr.trim().split("\n").slice(-3).join(" | ")}`,
    );
    this.stderr = stderr;
  }
}

export function nodeCommandRunner(timeoutMs = 20_000): CommandRunner {
  return (command, args, input) =>
    new Promise((resolve, reject) => {
      const child = execFile(
        command,
        [...args],
        { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024, encoding: "utf8" },
        (error, stdout, stderr) => {
          if (error)
            reject(new NodeCommandError(command, args, stderr || error.message, error.code ?? error.signal));
          else resolve(stdout);
        },
      );
      if (input !== undefined) child.stdin?.end(input);
    });
}
