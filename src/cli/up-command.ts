// `cilium-conformance up`: plan (offline, exit 2 on bad input), then preflight and provisioning
// (exit 3 on anything the machine or the cluster gets wrong, with a report).

import { existsSync } from "node:fs";
import { k8sKubeAccessFactory } from "../cluster/kube-access-k8s.ts";
import { loadManifestSource } from "../cluster/manifest-source.ts";
import { writeProvisioningReport } from "../cluster/provisioning-report.ts";
import { reportsRoot, runFiles } from "../cluster/report-paths.ts";
import type { RunContext } from "../cluster/run-context.ts";
import { claimRunFolder } from "../cluster/run-folder.ts";
import { createToolbox, type Toolbox } from "../cluster/toolbox.ts";
import { runUp, type UpDeps } from "../cluster/up.ts";
import { ExitCode, InterruptedError } from "../errors.ts";
import type { RunPlan } from "../plan/run-plan.ts";
import { interruptibleClock, interruptibleMethods, untilInterrupted } from "../tools/interruption.ts";
import type { PreflightPolicy } from "../tools/preflight.ts";
import { systemClock } from "../wait/clock.ts";
import type { CliIO, Command, CommandInput } from "./command.ts";
import { CONSOLE_OPTIONS, startConsole } from "./console-options.ts";
import { HOST_OPTIONS, preflightPolicy } from "./host-options.ts";
import { cleanupAfterInterrupt } from "./interrupt-teardown.ts";
import { runInterruptible } from "./interruptible-command.ts";
import { booleanOption } from "./options.ts";
import { loadRepoFromOptions, PLAN_OPTIONS, planFromOptions, refuseBlockedPlan } from "./plan-options.ts";

export const command: Command = {
  name: "up",
  summary: "stand up the kind cluster on the mirrored LAN and install Cilium from the repo's values",
  details: `Plans the run (as \`plan\` shows it), checks the machine (Docker engine, Linux, cgroup v2,
kind and cilium CLI versions), then creates the LAN docker network, the kind cluster without
kube-proxy, the Gateway API CRDs and Cilium with the repo's values plus the kind overlay, and waits
until Cilium, the nodes and GatewayClass cilium are ready. Writes reports/<run-id>/run-context.json
(kubeconfig, nodes with LAN IP and MAC, versions), plan.json and transcript.json.

On a failure it collects diagnostics first, then removes the cluster and network (unless --keep)
and writes reports/<run-id>/junit.xml with a failed Infrastructure/Provisioning case.

Refuses to create anything when the plan finds the repo cannot be installed as it is on the
Cilium version to install (a manifest it does not serve, a cluster.name its chart refuses): exit 1.

Exit codes: 0 up, 1 the repo cannot be installed as it is, 2 bad input (repo, options),
3 environment or provisioning failed.

Example:
  scripts/install-tools.sh && cilium-conformance up --repo ~/src/homelab`,
  options: [
    ...PLAN_OPTIONS,
    ...HOST_OPTIONS,
    {
      name: "force-context",
      type: "boolean",
      description: "skip the check that the kubeconfig is the harness's own kind cluster",
    },
    ...CONSOLE_OPTIONS,
  ],
  run: runUpCommand,
};

async function runUpCommand(input: CommandInput, io: CliIO): Promise<ExitCode> {
  const plan = await planFromOptions(loadRepoFromOptions(input, io), input, io);
  refuseBlockedPlan(plan);
  const files = runFiles(reportsRoot(io.env, io.cwd), plan.runId);
  const verbose = booleanOption(input, "verbose");
  const interruption = io.interruption?.signal;
  const toolbox = createToolbox({
    env: io.env,
    cwd: io.cwd,
    ...(verbose ? { verbose: io.stderr } : {}),
    ...(interruption ? { interruption } : {}),
  });
  const forceContext = booleanOption(input, "force-context");
  await claimRunFolder(files, plan.runId);
  io.stderr(
    `up: run ${plan.runId}, cluster ${plan.clusterName}, LAN ${plan.lan.subnet} (${plan.lan.networkName})\n`,
  );
  const started = new Date();
  const console = startConsole(io, input);
  try {
    return await runInterruptible(io, {
      async work() {
        const context = await runUp(
          { plan, files, repoRoot: plan.repoRoot, forceContext },
          realUpDeps(io, plan, toolbox, preflightPolicy(input), forceContext),
        );
        io.stdout(renderUpSummary(context, files.runContext));
        return ExitCode.pass;
      },
      async afterInterrupt(signal, settled) {
        const cleanup = await cleanupAfterInterrupt(
          io,
          { runId: plan.runId, clusterName: plan.clusterName, kubeconfigPath: files.kubeconfig },
          plan.keep,
        );
        io.stderr(`up interrupted by ${signal}: ${cleanup}\n`);
        // up's own failure handling wrote the report when it could wind down in time; else write it here.
        if (settled && existsSync(files.provisioning)) return;
        await writeProvisioningReport(files, {
          runId: plan.runId,
          status: "failed",
          failedPhase: "interrupted",
          errorCode: "CC_INTERRUPTED",
          message: new InterruptedError(signal, "standing the cluster up").message,
          startedAt: started.toISOString(),
          durationMs: Date.now() - started.getTime(),
          phaseDurationsMs: {},
          diagnostics: [],
          cleanup,
        });
      },
    });
  } finally {
    console.close();
  }
}

/**
 * What `up` (and `run`'s up stage) stands the cluster up with: the toolbox's tools, the real
 * Kubernetes API and clock — each ending at the command's interruption while in flight.
 */
export function realUpDeps(
  io: CliIO,
  plan: RunPlan,
  toolbox: Toolbox,
  policy: PreflightPolicy,
  forceContext = false,
): UpDeps {
  const interruption = io.interruption?.signal;
  const kube = k8sKubeAccessFactory(
    { clusterName: plan.clusterName, lanSubnet: plan.lan.subnet },
    forceContext,
  );
  return {
    preflight: () => toolbox.preflight(policy),
    docker: toolbox.docker,
    exec: (tool, args, options) => toolbox.exec(tool, args, options),
    kube: (path, name) => interruptibleMethods(kube(path, name), interruption, "calling the Kubernetes API"),
    loadManifests: (source) =>
      untilInterrupted(interruption, () => loadManifestSource(source), `loading ${source}`),
    clock: interruptibleClock(systemClock, interruption),
    now: () => new Date(),
    transcript: toolbox.transcript,
    log: (line) => io.stderr(line),
  };
}

export function renderUpSummary(context: RunContext, contextFile: string): string {
  const lines = [
    `cluster ${context.clusterName} is up (run ${context.runId})`,
    `  kubeconfig: ${context.kubeconfigPath} (context ${context.kubeContext})`,
    `  LAN: ${context.network.name} ${context.network.subnet}, nodes from ${context.network.ipRange}`,
    "  nodes:",
    ...context.nodes.map(
      (node) => `    ${node.name.padEnd(28)} ${node.role.padEnd(13)} ${node.lanIp.padEnd(15)} ${node.lanMac}`,
    ),
    "  phases:",
    ...Object.entries(context.phaseDurationsMs).map(
      ([phase, ms]) => `    ${phase.padEnd(18)} ${(ms / 1000).toFixed(1)}s`,
    ),
    ...(context.notes?.length ? ["  notes:", ...context.notes.map((note) => `    ${note}`)] : []),
    `  run context: ${contextFile}`,
    `  remove with: cilium-conformance down --run-id ${context.runId}`,
  ];
  return `${lines.join("\n")}\n`;
}
