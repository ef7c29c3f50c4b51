// Wires the tools for `up` and `down`: one runner (one transcript), each logical tool name of
// the plan (docker, kind, cilium) mapped to its resolved binary.

import { DockerCli } from "../tools/docker.ts";
import { dockerOnPath } from "../tools/docker-on-path.ts";
import { gatherPreflightFacts } from "../tools/gather-preflight-facts.ts";
import { assertPreflight, type PreflightPolicy } from "../tools/preflight.ts";
import {
  type CommandResult,
  type CommandRunner,
  createCommandRunner,
  type RunOptions,
} from "../tools/run-command.ts";
import { resolveTool, type ToolName } from "../tools/tool-paths.ts";
import { Transcript } from "../tools/transcript.ts";
import type { PreflightSummary } from "./up.ts";

export interface Toolbox {
  transcript: Transcript;
  runner: CommandRunner;
  docker: DockerCli;
  /** Resolved binary of a logical tool name, or the name itself (the runner then reports it missing). */
  binary(tool: string): string;
  exec(tool: string, args: readonly string[], options?: RunOptions): Promise<CommandResult>;
  preflight(policy?: PreflightPolicy): Promise<PreflightSummary>;
}

const TOOL_NAMES: readonly string[] = ["docker", "kind", "cilium", "hubble"];

export function createToolbox(options: {
  env: Record<string, string | undefined>;
  cwd: string;
  verbose?: (line: string) => void;
  platform?: string;
  /** SIGINT/SIGTERM of the command: children in flight then end (tools/interruption.ts). */
  interruption?: AbortSignal;
}): Toolbox {
  const transcript = new Transcript();
  const runner = createCommandRunner({
    transcript,
    // kind finds docker on PATH only: CILIUM_CONFORMANCE_DOCKER_BIN must reach it that way.
    env: dockerOnPath(options.env, options.cwd),
    ...(options.verbose ? { verbose: options.verbose } : {}),
    ...(options.interruption ? { interruption: options.interruption } : {}),
  });
  const binary = (tool: string): string =>
    TOOL_NAMES.includes(tool) ? (resolveTool(tool as ToolName, options.env, options.cwd).path ?? tool) : tool;
  return {
    transcript,
    runner,
    docker: new DockerCli(runner, binary("docker")),
    binary,
    exec: (tool, args, runOptions) => runner.run(binary(tool), args, runOptions),
    async preflight(policy = {}) {
      const facts = await gatherPreflightFacts({
        runner,
        env: options.env,
        cwd: options.cwd,
        ...(options.platform ? { platform: options.platform } : {}),
      });
      assertPreflight(facts, policy);
      return {
        ...(facts.kind.version ? { kindVersion: facts.kind.version } : {}),
        ...(facts.cilium.version ? { ciliumCliVersion: facts.cilium.version } : {}),
      };
    },
  };
}
