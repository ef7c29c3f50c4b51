// `cilium-conformance down`: removes a run's cluster, network and LAN clients — or, with --all,
// every leftover the harness labelled. Never anything it did not create.

import { existsSync } from "node:fs";
import path from "node:path";
import { clusterDeleter, runDown } from "../cluster/down.ts";
import { reportsRoot, runFiles } from "../cluster/report-paths.ts";
import type { RunContext } from "../cluster/run-context.ts";
import { readRunContext } from "../cluster/run-context-file.ts";
import type { TeardownSelector } from "../cluster/teardown-decision.ts";
import { createToolbox } from "../cluster/toolbox.ts";
import { ExitCode, UsageError } from "../errors.ts";
import { KindCli } from "../tools/kind.ts";
import { resolveTool } from "../tools/tool-paths.ts";
import type { CliIO, Command, CommandInput } from "./command.ts";
import { VERBOSE_OPTION } from "./console-options.ts";
import { booleanOption, stringOption } from "./options.ts";

export const command: Command = {
  name: "down",
  summary: "remove a run's kind cluster and LAN network (or, with --all, every harness leftover)",
  details: `Removes what the harness created, found by its docker labels (io.cilium-conformance/managed,
io.cilium-conformance/run-id): LAN client containers, kind clusters whose nodes sit on a harness
network (with --all: only clusters named cc-*), then the networks. Only objects whose labels the
harness set when it created them count: managed=true AND a run id, neither inherited from the
container's image (docker copies image labels onto containers, so a container you start from an
image that carries them is left alone, and said so). A run whose kubeconfig is not the harness's
own kind cluster is refused.

Exit codes: 0 removed (or nothing to remove), 2 bad options, 3 something could not be removed.

Examples:
  cilium-conformance down --run-id 20261126-203540-a1b2
  cilium-conformance down --all`,
  options: [
    {
      name: "run-id",
      type: "string",
      valueName: "id",
      description: "the run to remove (reads reports/<id>/run-context.json when present)",
    },
    {
      name: "context-file",
      type: "string",
      valueName: "file",
      description: "the run-context.json of the run to remove",
    },
    { name: "all", type: "boolean", description: "remove every leftover the harness labelled" },
    {
      name: "force-context",
      type: "boolean",
      description: "skip the check that the run's kubeconfig is the harness's kind cluster",
    },
    VERBOSE_OPTION,
  ],
  run: runDownCommand,
};

async function runDownCommand(input: CommandInput, io: CliIO): Promise<ExitCode> {
  const runId = stringOption(input, "run-id");
  const contextFile = stringOption(input, "context-file");
  const all = booleanOption(input, "all");
  const chosen = [runId !== undefined, contextFile !== undefined, all].filter(Boolean).length;
  if (chosen !== 1) {
    throw new UsageError("down: give exactly one of --run-id, --context-file or --all", {
      hint: "e.g. `cilium-conformance down --run-id <id>` (the id is printed by up) or `down --all`",
    });
  }
  let context: RunContext | undefined;
  if (contextFile !== undefined) {
    context = await readRunContext(path.resolve(io.cwd, contextFile));
  } else if (runId !== undefined) {
    const file = runFiles(reportsRoot(io.env, io.cwd), runId).runContext;
    if (existsSync(file)) context = await readRunContext(file);
    else io.stderr(`down: no run context at ${file}; removing by the run-id label only\n`);
  }
  const selector: TeardownSelector = all
    ? { all: true }
    : {
        all: false,
        runId: context?.runId ?? runId ?? "",
        ...(context ? { clusterName: context.clusterName } : {}),
      };

  const verbose = booleanOption(input, "verbose");
  const toolbox = createToolbox({ env: io.env, cwd: io.cwd, ...(verbose ? { verbose: io.stderr } : {}) });
  const kindPath = resolveTool("kind", io.env, io.cwd).path;
  const result = await runDown(
    { selector, ...(context ? { context } : {}), forceContext: booleanOption(input, "force-context") },
    {
      docker: toolbox.docker,
      log: io.stderr,
      deleteCluster: clusterDeleter(
        toolbox.docker,
        kindPath === undefined
          ? undefined
          : (name, kubeconfigPath) =>
              new KindCli(toolbox.runner, kindPath).deleteCluster(name, kubeconfigPath),
      ),
    },
  );
  const { decision } = result;
  const total = decision.containers.length + decision.clusters.length + decision.networks.length;
  io.stdout(
    total === 0
      ? "down: nothing of the harness to remove\n"
      : `down: removed ${result.removed.length} item(s): ${result.removed.join(", ")}\n`,
  );
  return ExitCode.pass;
}
