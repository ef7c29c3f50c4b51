// One container's process on the node: started in the pod's network namespace (`ip netns exec`,
// or the node's own for hostNetwork pods) in its own process group, with exactly the container's
// environment; stdout and stderr go line by line into the CRI log file; stop() sends SIGTERM to the
// group, then SIGKILL after the grace period, as the runtime does on StopContainer.

import { type ChildProcess, spawn } from "node:child_process";
import { accessSync, constants, createWriteStream, mkdirSync, type WriteStream } from "node:fs";
import { dirname, join } from "node:path";
import { formatLogLine, rfc3339Nano } from "./cri-log.ts";

export const NODE_PATH_DIRS = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];

export interface ProcessSpec {
  argv: readonly string[];
  env: Readonly<Record<string, string>>;
  /** Network namespace name; undefined for hostNetwork pods. */
  netns: string | undefined;
  logPath: string;
  cwd?: string;
}

export interface ProcessExit {
  exitCode: number;
  signal: NodeJS.Signals | null;
  finishedAt: Date;
}

/** The first `name` on PATH (or `name` itself when it has a slash and exists); undefined when none. */
export function findExecutable(name: string, path: string): string | undefined {
  const candidates = name.includes("/") ? [name] : path.split(":").map((dir) => join(dir, name));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {}
  }
  return undefined;
}

/** argv as the node runs it: inside the pod's netns via iproute2 when it has one. */
export function inNetns(netns: string | undefined, argv: readonly string[]): string[] {
  return netns ? ["ip", "netns", "exec", netns, ...argv] : [...argv];
}

class LineLog {
  private readonly out: WriteStream;
  private readonly partial: Record<"stdout" | "stderr", string> = { stdout: "", stderr: "" };
  private counter = 0;

  constructor(path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.out = createWriteStream(path, { flags: "a" });
  }

  private stamp(): string {
    this.counter = (this.counter + 1) % 1_000_000;
    return rfc3339Nano(new Date(), this.counter);
  }

  write(stream: "stdout" | "stderr", chunk: Buffer): void {
    const text = this.partial[stream] + chunk.toString("utf8");
    const lines = text.split("\n");
    this.partial[stream] = lines.pop() ?? "";
    for (const line of lines) this.out.write(formatLogLine({ time: this.stamp(), stream, text: line }));
  }

  close(): Promise<void> {
    for (const stream of ["stdout", "stderr"] as const) {
      if (this.partial[stream] !== "")
        this.out.write(formatLogLine({ time: this.stamp(), stream, text: this.partial[stream] }));
      this.partial[stream] = "";
    }
    return new Promise((resolve) => this.out.end(resolve));
  }
}

export class ContainerProcess {
  readonly startedAt = new Date();
  readonly exited: Promise<ProcessExit>;
  private readonly child: ChildProcess;

  constructor(spec: ProcessSpec) {
    const [command = "", ...args] = inNetns(spec.netns, spec.argv);
    const log = new LineLog(spec.logPath);
    this.child = spawn(command, args, {
      env: { ...spec.env },
      cwd: spec.cwd ?? "/",
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child.stdout?.on("data", (chunk: Buffer) => log.write("stdout", chunk));
    this.child.stderr?.on("data", (chunk: Buffer) => log.write("stderr", chunk));
    this.exited = new Promise((resolve) => {
      let spawnError: Error | undefined;
      this.child.on("error", (error) => {
        spawnError = error;
        log.write("stderr", Buffer.from(`${error.message}\n`));
      });
      this.child.on("close", (code, signal) => {
        void log.close().then(() =>
          resolve({
            exitCode: code ?? (signal ? 128 + signalNumber(signal) : spawnError ? 128 : 0),
            signal,
            finishedAt: new Date(),
          }),
        );
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** SIGTERM to the process group, SIGKILL after `graceMs`; resolves when it has exited. */
  async stop(graceMs: number): Promise<ProcessExit> {
    this.signalGroup("SIGTERM");
    const timer = setTimeout(() => this.signalGroup("SIGKILL"), Math.max(0, graceMs));
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  private signalGroup(signal: NodeJS.Signals): void {
    if (this.child.pid === undefined) return;
    try {
      process.kill(-this.child.pid, signal);
    } catch {
      try {
        this.child.kill(signal);
      } catch {}
    }
  }
}

function signalNumber(signal: NodeJS.Signals): number {
  return ({ SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 } as Record<string, number>)[signal] ?? 1;
}
