// Asks the machine what preflight needs to know. Never throws for a missing or broken tool:
// that is a fact for evaluatePreflight, not an error.

import { parseCiliumCliVersion } from "./cilium-cli.ts";
import { parseKindVersion } from "./kind.ts";
import type { DockerReachability, PreflightFacts, ToolFact } from "./preflight.ts";
import type { CommandRunner } from "./run-command.ts";
import { resolveTool } from "./tool-paths.ts";

export interface PreflightGatherInput {
  runner: CommandRunner;
  env: Record<string, string | undefined>;
  cwd: string;
  platform?: string;
}

/** A version probe that printed nothing by then is a broken install. */
export const VERSION_PROBE_TIMEOUT_MS = 15_000;

export async function gatherPreflightFacts(input: PreflightGatherInput): Promise<PreflightFacts> {
  const platform = input.platform ?? process.platform;
  const [docker, cgroupFs, kind, cilium] = await Promise.all([
    dockerReachability(input),
    cgroupFilesystem(input),
    toolFact(input, "kind", ["version"], parseKindVersion),
    toolFact(input, "cilium", ["version", "--client"], parseCiliumCliVersion),
  ]);
  return { platform, docker, cgroupFs, kind, cilium };
}

async function dockerReachability(input: PreflightGatherInput): Promise<DockerReachability> {
  const tool = resolveTool("docker", input.env, input.cwd);
  if (tool.path === undefined) return { state: "binary-missing", searched: tool.searched };
  const result = await input.runner
    .run(tool.path, ["info", "--format", "{{json .}}"], { timeoutMs: 20_000, okExitCodes: [1] })
    .catch((error: unknown) => ({ exitCode: -1, stdout: "", stderr: errorText(error) }));
  if (result.exitCode === 0) {
    try {
      const info = JSON.parse(result.stdout) as Record<string, unknown>;
      // `docker info` exits 0 with ServerErrors when only the client works (older clients).
      const serverErrors = info.ServerErrors as string[] | undefined;
      if (serverErrors?.length) return classifyDockerError(serverErrors.join("; "));
      return {
        state: "ok",
        serverVersion: String(info.ServerVersion ?? ""),
        operatingSystem: String(info.OperatingSystem ?? ""),
        cgroupVersion: info.CgroupVersion === undefined ? undefined : String(info.CgroupVersion),
      };
    } catch {
      return {
        state: "daemon-down",
        detail: `unreadable \`docker info\` output: ${result.stdout.slice(0, 200)}`,
      };
    }
  }
  return classifyDockerError(result.stderr || result.stdout);
}

function classifyDockerError(text: string): DockerReachability {
  const detail = lastLine(text) || "no output";
  if (/permission denied/i.test(text)) return { state: "permission-denied", detail };
  return { state: "daemon-down", detail };
}

async function cgroupFilesystem(input: PreflightGatherInput): Promise<string | undefined> {
  try {
    const result = await input.runner.run("stat", ["-fc", "%T", "/sys/fs/cgroup"], {
      timeoutMs: 10_000,
      okExitCodes: [1],
    });
    return result.exitCode === 0 ? result.stdout.trim() : undefined;
  } catch {
    return undefined;
  }
}

async function toolFact(
  input: PreflightGatherInput,
  name: "kind" | "cilium",
  args: string[],
  parse: (output: string) => string | undefined,
): Promise<ToolFact> {
  const tool = resolveTool(name, input.env, input.cwd);
  if (tool.path === undefined) return { path: undefined, searched: tool.searched, version: undefined };
  try {
    // Stop once the version is printed: `cilium version --client` then fetches GitHub's stable.txt
    // with no timeout (cilium-cli cli/version.go getLatestStableVersion), which hangs on a runner
    // whose egress drops packets silently.
    const result = await input.runner.run(tool.path, args, {
      timeoutMs: VERSION_PROBE_TIMEOUT_MS,
      stopWhen: (stdout) => parse(stdout) !== undefined,
    });
    const output = `${result.stdout}\n${result.stderr}`;
    const version = parse(output);
    return version === undefined
      ? { path: tool.path, searched: tool.searched, version, versionOutput: output.trim() }
      : { path: tool.path, searched: tool.searched, version };
  } catch (error) {
    return { path: tool.path, searched: tool.searched, version: undefined, versionOutput: errorText(error) };
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function lastLine(text: string): string {
  return text.trim().split("\n").at(-1)?.trim() ?? "";
}
