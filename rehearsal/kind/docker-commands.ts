// The docker CLI as the fake kind (and the rehearsal runner) calls it: argv in, stdout out, a
// failure that carries docker's own stderr (kind shows "Command Output" the same way).

import { spawn } from "node:child_process";

export class DockerCommandError extends Error {
  override readonly name = "DockerCommandError";
  readonly exitCode: number | null;
  readonly stderr: string;

  constructor(args: readonly string[], exitCode: number | null, stderr: string) {
    super(
      `command "docker ${args.slice(0, 3).join(" ")}…" failed with exit ${exitCode}: ${stderr.trim().split("\n").slice(-3).join(" ")}`,
    );
    this.exitCode = exitCode;
    this.stderr = stderr;
  }
}

export interface DockerOptions {
  /** Written to the command's stdin, then closed. */
  input?: string | Buffer;
  timeoutMs?: number;
}

export function dockerBinary(env: Record<string, string | undefined> = process.env): string {
  return env.CILIUM_CONFORMANCE_DOCKER_BIN || "docker";
}

export function docker(args: readonly string[], options: DockerOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(dockerBinary(), args, { stdio: ["pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => child.kill("SIGKILL"), options.timeoutMs).unref();
    child.on("error", (error) => {
      if (timer) clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code) => {
      if (timer) clearTimeout(timer);
      const stdout = Buffer.concat(out).toString("utf8");
      if (code === 0) resolve(stdout);
      else reject(new DockerCommandError(args, code, Buffer.concat(err).toString("utf8")));
    });
    child.stdin.on("error", () => undefined);
    child.stdin.end(options.input ?? "");
  });
}

/** Names of the containers with these labels (`docker ps -a`, as kind lists a cluster's nodes). */
export async function containersWithLabels(labels: readonly string[]): Promise<string[]> {
  const filters = labels.flatMap((label) => ["--filter", `label=${label}`]);
  const out = await docker(["ps", "-a", ...filters, "--format", "{{.Names}}"]);
  return out
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .sort();
}
