// The safety net after an interrupted `up` or `run`: remove what the run's labels say it created
// (its LAN clients, its kind cluster, its network), with tools that are not interrupted. Usually
// the command's own failure handling has already done it; then this finds nothing.

import { clusterDeleter, runDown } from "../cluster/down.ts";
import { createToolbox } from "../cluster/toolbox.ts";
import { KindCli } from "../tools/kind.ts";
import { resolveTool } from "../tools/tool-paths.ts";
import type { CliIO } from "./command.ts";

export async function tearDownInterruptedRun(
  io: CliIO,
  run: { runId: string; clusterName: string; kubeconfigPath?: string },
): Promise<string[]> {
  const toolbox = createToolbox({ env: io.env, cwd: io.cwd });
  const kindPath = resolveTool("kind", io.env, io.cwd).path;
  const result = await runDown(
    { selector: { all: false, runId: run.runId, clusterName: run.clusterName } },
    {
      docker: toolbox.docker,
      log: io.stderr,
      deleteCluster: clusterDeleter(
        toolbox.docker,
        kindPath === undefined
          ? undefined
          : (name) => new KindCli(toolbox.runner, kindPath).deleteCluster(name, run.kubeconfigPath),
      ),
    },
  );
  return result.removed;
}

/** What an interrupted `up` or `run` did with its cluster: kept (--keep), or what was removed. */
export async function cleanupAfterInterrupt(
  io: CliIO,
  run: { runId: string; clusterName: string; kubeconfigPath: string },
  keep: boolean,
): Promise<string> {
  if (keep) return "kept (--keep): remove with `cilium-conformance down`";
  const removed = await tearDownInterruptedRun(io, run);
  return removed.length > 0 ? `removed ${removed.join(", ")}` : "nothing of this run was left to remove";
}
