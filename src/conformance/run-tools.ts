// The suites' handles on the machine: one command runner (its transcript is attached to failed
// tests), the docker CLI (node containers: pause, iptables-save) and the LAN client container on
// the run's LAN network (ARP and HTTP from where a LAN user stands).

import type { RunContext } from "../cluster/run-context.ts";
import { emitProgress } from "../console/progress-events.ts";
import { LanClient, type StartedLanClient } from "../probes/lan-client.ts";
import { dockerImageStore, resolveLanClientImage } from "../probes/lan-client-image.ts";
import { DockerCli } from "../tools/docker.ts";
import { type CommandRunner, createCommandRunner } from "../tools/run-command.ts";
import { resolveTool } from "../tools/tool-paths.ts";
import { Transcript } from "../tools/transcript.ts";
import { SUITE_ENV } from "./suite-env.ts";

export interface RunTools {
  transcript: Transcript;
  runner: CommandRunner;
  dockerBinary: string;
  docker: DockerCli;
  /** Binary of the cilium CLI (resolved like `up` does). */
  ciliumBinary: string;
}

export function runTools(env: Record<string, string | undefined>, cwd: string): RunTools {
  const transcript = new Transcript();
  // With --verbose, each command reaches the console (forwarded from the suite's worker).
  const verbose =
    env[SUITE_ENV.verbose] === "1"
      ? (line: string) => emitProgress({ kind: "detail", line: line.replace(/\n$/, "") })
      : undefined;
  const runner = createCommandRunner({ transcript, env, ...(verbose ? { verbose } : {}) });
  const dockerBinary = resolveTool("docker", env, cwd).path ?? "docker";
  return {
    transcript,
    runner,
    dockerBinary,
    docker: new DockerCli(runner, dockerBinary),
    ciliumBinary: resolveTool("cilium", env, cwd).path ?? "cilium",
  };
}

/** Starts (or reuses, within the run) the LAN client on the run's LAN network. */
export async function startLanClient(
  tools: RunTools,
  run: RunContext,
  env: Record<string, string | undefined>,
): Promise<StartedLanClient> {
  const image = await resolveLanClientImage({ env }, dockerImageStore(tools.runner, tools.dockerBinary));
  return new LanClient({
    network: run.network.name,
    image: image.image,
    runId: run.runId,
    reuse: true,
    docker: tools.docker,
  }).start();
}

/** `docker exec <node> <argv>` on a kind node container (nodes are named after their containers). */
export async function execOnNode(tools: RunTools, node: string, argv: readonly string[]): Promise<string> {
  const result = await tools.runner.run(tools.dockerBinary, ["exec", node, ...argv], { timeoutMs: 60_000 });
  return result.stdout;
}
