// Runs a short command on the node (ip, nft) and returns its stdout; a failure carries stderr.

import { execFile } from "node:child_process";

export class NodeCommandError extends Error {
  override readonly name = "NodeCommandError";
  readonly stderr: string;

  constructor(argv: readonly string[], stderr: string, code: unknown) {
    super(`${argv.join(" ")} failed (exit ${String(code)}): ${stderr.trim()}`);
    this.stderr = stderr;
  }
}

export function runNodeCommand(argv: readonly string[], timeoutMs = 15_000): Promise<string> {
  const [command = "", ...args] = argv;
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new NodeCommandError(argv, String(stderr), (error as NodeJS.ErrnoException).code));
      else resolve(String(stdout));
    });
  });
}
