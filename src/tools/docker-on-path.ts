// kind runs the docker CLI it finds on PATH (kind v0.31.0 pkg/cluster/internal/providers/docker/
// *.go: exec.Command("docker", …)); it has no setting for another binary. So when
// CILIUM_CONFORMANCE_DOCKER_BIN names a docker client, the tools' environment puts a directory
// whose `docker` is that client first on PATH: kind then talks to the same engine as the harness.

import { createHash } from "node:crypto";
import { mkdirSync, readlinkSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, delimiter, dirname, join } from "node:path";
import { resolveTool, TOOL_ENV } from "./tool-paths.ts";

export function dockerOnPath(
  env: Record<string, string | undefined>,
  cwd: string,
  shimRoot: string = env.TMPDIR || tmpdir(),
): Record<string, string | undefined> {
  if (!env[TOOL_ENV.docker]) return env;
  const docker = resolveTool("docker", env, cwd).path;
  // Not found: preflight says so; nothing to put on PATH.
  if (docker === undefined) return env;
  const dir = basename(docker) === "docker" ? dirname(docker) : dockerShim(docker, shimRoot);
  return { ...env, PATH: env.PATH ? `${dir}${delimiter}${env.PATH}` : dir };
}

/** A directory holding only `docker` → the client (named otherwise, e.g. `docker-27`). */
function dockerShim(client: string, root: string): string {
  const dir = join(
    root,
    `cilium-conformance-docker-${createHash("sha256").update(client).digest("hex").slice(0, 12)}`,
  );
  const link = join(dir, "docker");
  mkdirSync(dir, { recursive: true });
  let current: string | undefined;
  try {
    current = readlinkSync(link);
  } catch {
    current = undefined;
  }
  if (current !== client) {
    rmSync(link, { force: true });
    symlinkSync(client, link);
  }
  return dir;
}
