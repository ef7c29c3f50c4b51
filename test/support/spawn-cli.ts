// The CLI as a real child process (node src/cli/main.ts), for what only a process shows: signals,
// exit codes, what is left running afterwards.

import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const main = fileURLToPath(new URL("../../src/cli/main.ts", import.meta.url));

export interface SpawnedCli {
  pid: number;
  child: ChildProcess;
  /** stdout and stderr so far, for failure messages. */
  output(): string;
  kill(signal: NodeJS.Signals): void;
  /** Whether the process has ended. */
  ended(): boolean;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

export function spawnCli(
  args: readonly string[],
  options: { env?: Record<string, string | undefined>; cwd?: string } = {},
): SpawnedCli {
  const child = spawn(process.execPath, [main, ...args], {
    cwd: options.cwd ?? path.dirname(main),
    env: { ...process.env, NO_COLOR: "1", ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString("utf8");
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  const exited = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>((resolve) => {
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  if (child.pid === undefined) throw new Error("the CLI process did not start");
  return {
    pid: child.pid,
    child,
    output: () => `--- stdout\n${stdout}\n--- stderr\n${stderr}`,
    ended: () => child.exitCode !== null || child.signalCode !== null,
    kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
    exited,
  };
}

/**
 * Polls `ready` until it holds or the budget runs out; the error says what was awaited and shows
 * `lastSeen` (the process output) so a failure explains itself.
 */
export async function waitFor(
  what: string,
  budgetMs: number,
  ready: () => boolean | Promise<boolean>,
  lastSeen: () => string,
  gone?: () => boolean,
): Promise<void> {
  const deadline = Date.now() + budgetMs;
  for (;;) {
    if (await ready()) return;
    if (gone?.()) throw new Error(`${what}: the process ended before it was seen\n${lastSeen()}`);
    if (Date.now() > deadline) throw new Error(`${what}: not seen after ${budgetMs} ms\n${lastSeen()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Processes whose command line names `folder` (a fake tool's), as `pid args` lines: none may be left. */
export function processesUnder(folder: string): string[] {
  return execFileSync("ps", ["-eo", "pid,args"], { encoding: "utf8" })
    .split("\n")
    .filter((line) => line.includes(folder) && !line.includes(" ps -eo"));
}
