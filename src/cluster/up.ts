// `up`: preflight, then the plan's steps in order (LAN network, kind, node labels, Gateway API
// CRDs, Cilium, waits, repo manifests), then the node inventory, the RunContext and the
// reports/latest pointer. What runs is exactly the plan's argv, with its placeholders resolved.
// On failure: diagnostics first, then cleanup (unless --keep), then a report with a failed
// Infrastructure/Provisioning case; exit 3.

import { mkdir, readFile, writeFile } from "node:fs/promises";
import { emitProgress } from "../console/progress-events.ts";
import { CommandFailedError, ConformanceError, ProvisioningError } from "../errors.ts";
import { type PlaceholderValues, resolvePlaceholders, unresolvedPlaceholders } from "../plan/placeholders.ts";
import { PLACEHOLDERS, type PlannedStep, type PlanPhase, type RunPlan } from "../plan/run-plan.ts";
import { statusWarningNotes } from "../tools/cilium-status-output.ts";
import type { ContainerAddress } from "../tools/docker.ts";
import { isPoolOverlap } from "../tools/docker.ts";
import { PreflightError } from "../tools/preflight.ts";
import type { CommandResult, RunOptions } from "../tools/run-command.ts";
import type { Transcript } from "../tools/transcript.ts";
import type { Clock } from "../wait/clock.ts";
import { collectDiagnostics, type DiagnosticResult } from "./diagnostics.ts";
import { provisioningCollectors } from "./diagnostics-collectors.ts";
import { checkHostRoutes, readProcNetRoute } from "./host-routes.ts";
import { ciliumImagesWorthLoading, pullImages } from "./image-prepull.ts";
import { checkKindClusterNameFree, type KindNodeLister } from "./kind-cluster-name.ts";
import type { KubeAccess, KubeAccessFactory } from "./kube-access.ts";
import { assertHarnessKubeconfig } from "./kube-context-guard.ts";
import { checkLanNetworkName, type LanDocker, lanOverlapError, overlappingNetworks } from "./lan-network.ts";
import { writeLatestRun } from "./latest-run.ts";
import type { ManifestLoader } from "./manifest-source.ts";
import { readNodeInventory } from "./node-inventory.ts";
import { writePlanFilesBeforeCluster, writeValuesOverlay } from "./plan-files.ts";
import { type ProvisioningOutcome, writeProvisioningReport } from "./provisioning-report.ts";
import { runPlannedWait } from "./provisioning-waits.ts";
import type { RunFiles } from "./report-paths.ts";
import type { RunContext } from "./run-context.ts";
import { writeRunContext } from "./run-context-file.ts";

export interface PreflightSummary {
  kindVersion?: string;
  ciliumCliVersion?: string;
}

export interface UpDeps {
  /** Throws PreflightError listing every miss. */
  preflight(): Promise<PreflightSummary>;
  docker: LanDocker &
    KindNodeLister & {
      containerAddress(container: string, network: string): Promise<ContainerAddress | undefined>;
      pull(image: string): Promise<void>;
    };
  /** Runs an external command by the plan's logical tool name (docker, kind, cilium). */
  exec(tool: string, args: readonly string[], options?: RunOptions): Promise<CommandResult>;
  kube: KubeAccessFactory;
  loadManifests: ManifestLoader;
  /** The runner's /proc/net/route text (undefined when unreadable); default: the real file. */
  readHostRoutes?: () => Promise<string | undefined>;
  clock: Clock;
  now(): Date;
  transcript: Transcript;
  log(line: string): void;
}

export interface UpInput {
  plan: RunPlan;
  files: RunFiles;
  repoRoot: string;
  /** Skip the kube context safety check (`--force-context`). */
  forceContext?: boolean;
  /** Pull and load the Cilium images while kind creates the nodes (default true). */
  prepullImages?: boolean;
}

/** Command timeouts per phase; waits have their own budgets. */
const EXEC_TIMEOUT_MS: Partial<Record<PlanPhase, number>> = {
  "lan-network": 60_000,
  "kind-cluster": 900_000,
  "cilium-install": 900_000,
};
const DEFAULT_EXEC_TIMEOUT_MS = 300_000;

/** What a phase may take, for the console: its command timeout, or the Cilium wait's budget. */
function phaseBudgetMs(phase: string, plan: RunPlan): number | undefined {
  if (phase === "cilium-ready") return plan.budgets.ciliumReady + 60_000;
  return EXEC_TIMEOUT_MS[phase as PlanPhase];
}

interface UpState {
  phase: string;
  networkTouched: boolean;
  clusterStarted: boolean;
  controlPlaneIp: string | undefined;
  kube: KubeAccess | undefined;
  notes: string[];
}

export async function runUp(input: UpInput, deps: UpDeps): Promise<RunContext> {
  const { plan, files } = input;
  const startedAt = deps.now();
  const started = deps.clock.now();
  const phases: Record<string, number> = {};
  const state: UpState = {
    phase: "preflight",
    networkTouched: false,
    clusterStarted: false,
    controlPlaneIp: undefined,
    kube: undefined,
    notes: [],
  };
  const timed = async <T>(phase: string, work: () => Promise<T>): Promise<T> => {
    state.phase = phase;
    const t0 = deps.clock.now();
    const budgetMs = phaseBudgetMs(phase, plan);
    // The console's phase lines (src/console/); without a listener this costs nothing.
    emitProgress({ kind: "phase-start", phase: `up: ${phase}`, ...(budgetMs ? { budgetMs } : {}) });
    let status: "ok" | "failed" = "failed";
    try {
      const result = await work();
      status = "ok";
      return result;
    } finally {
      const durationMs = Math.round(deps.clock.now() - t0);
      phases[phase] = (phases[phase] ?? 0) + durationMs;
      emitProgress({ kind: "phase-end", phase: `up: ${phase}`, status, durationMs });
    }
  };
  const placeholders = (): PlaceholderValues => ({
    controlPlaneIp: state.controlPlaneIp ?? PLACEHOLDERS.controlPlaneIp,
    planDir: files.planDir,
    kubeconfig: files.kubeconfig,
    reportDir: files.dir,
  });

  await mkdir(files.planDir, { recursive: true });
  await writeFile(files.plan, `${JSON.stringify(plan, null, 2)}\n`);

  try {
    const versions = await timed("preflight", () => deps.preflight());
    await writePlanFilesBeforeCluster(plan, files.planDir);
    let pulling: Promise<{ pulled: string[]; notes: string[] }> | undefined;

    for (const group of groupByPhase(plan.commands)) {
      if (group.phase === "cilium-install" && pulling) {
        const prepulled = pulling;
        pulling = undefined;
        await timed("image-load", () => loadPulledImages(plan, deps, state, prepulled));
      }
      await timed(group.phase, async () => {
        let steps = group.steps;
        if (group.phase === "lan-network") {
          await checkHostRoutes(plan.lan, deps.readHostRoutes ?? readProcNetRoute);
          const decision = await checkLanNetworkName(plan.lan, plan.runId, deps.docker);
          state.networkTouched = true;
          if (decision === "reuse") {
            deps.log(`reusing network ${plan.lan.networkName} (created by this run)\n`);
            steps = steps.filter((step) => !(step.action === "exec" && step.argv[0] === "docker"));
          }
        }
        if (group.phase === "kind-cluster") {
          await checkKindClusterNameFree(plan.clusterName, deps.docker);
          state.clusterStarted = true;
          // Pulls run beside kind create; a failed pull is a note, never a failure. Only images the
          // nodes can take from a `kind load` (tag references) are worth it: see image-prepull.ts.
          const images = ciliumImagesWorthLoading(plan);
          if (input.prepullImages !== false && images.length > 0) pulling = pullImages(images, deps.docker);
        }
        if (group.phase === "cilium-install") {
          await writeValuesOverlay(plan, files.planDir, placeholders());
        }
        if (state.kube === undefined && group.phase !== "lan-network" && group.phase !== "kind-cluster") {
          state.kube = await openVerifiedKube(input, deps);
        }
        for (const step of steps) await runStep(step, group.phase, input, deps, state, placeholders());
        if (group.phase === "kind-cluster") {
          state.controlPlaneIp = await controlPlaneIp(plan, deps);
        }
      });
    }

    const nodes = await timed("node-inventory", () =>
      readNodeInventory(
        {
          controlPlaneNodes: plan.kind.controlPlaneNodes,
          workerNodes: plan.kind.workerNodes,
          networkName: plan.lan.networkName,
          subnet: plan.lan.subnet,
        },
        (container, network) => deps.docker.containerAddress(container, network),
      ),
    );
    const context: RunContext = {
      schemaVersion: 1,
      runId: plan.runId,
      clusterName: plan.clusterName,
      kubeconfigPath: files.kubeconfig,
      kubeContext: plan.kubeContext,
      ciliumNamespace: plan.cilium.namespace,
      repoRoot: input.repoRoot,
      network: {
        name: plan.lan.networkName,
        subnet: plan.lan.subnet,
        gateway: plan.lan.gateway,
        ipRange: plan.lan.ipRange,
      },
      nodes,
      versions: {
        cilium: plan.cilium.chartVersion,
        chart: plan.cilium.chartVersion,
        kind: versions.kindVersion ?? plan.kind.version,
        nodeImage: plan.kind.nodeImage,
        ...(versions.ciliumCliVersion ? { ciliumCli: versions.ciliumCliVersion } : {}),
        gatewayApi: plan.gatewayApi.version,
      },
      planPath: files.plan,
      reportDir: files.dir,
      createdAt: startedAt.toISOString(),
      phaseDurationsMs: phases,
      transcriptPath: files.transcript,
      ...(state.notes.length ? { notes: state.notes } : {}),
    };
    await writeRunContext(files.runContext, context);
    // `test` without --context-file picks this cluster from now on.
    await writeLatestRun(files.root, plan.runId);
    await deps.transcript.writeTo(files.transcript);
    const outcome: ProvisioningOutcome = {
      runId: plan.runId,
      status: "passed",
      startedAt: startedAt.toISOString(),
      durationMs: Math.round(deps.clock.now() - started),
      phaseDurationsMs: phases,
      diagnostics: [],
      cleanup: "cluster kept for the suites (`cilium-conformance down` removes it)",
    };
    await writeFile(files.provisioning, `${JSON.stringify(outcome, null, 2)}\n`);
    return context;
  } catch (error) {
    throw await handleFailure(error, input, deps, state, { started, startedAt, phases });
  }
}

async function runStep(
  step: PlannedStep,
  phase: PlanPhase,
  input: UpInput,
  deps: UpDeps,
  state: UpState,
  values: PlaceholderValues,
): Promise<void> {
  const { plan } = input;
  switch (step.action) {
    case "exec": {
      const argv = resolvePlaceholders(step.argv, values);
      const env = resolvePlaceholders(step.env ?? {}, values);
      const left = unresolvedPlaceholders([argv, env]);
      if (left.length > 0) {
        throw new ProvisioningError(phase, `step "${step.description}" still holds ${left.join(", ")}`);
      }
      const [tool, ...args] = argv;
      if (tool === undefined)
        throw new ProvisioningError(phase, `step "${step.description}" has an empty argv`);
      const timeoutMs =
        phase === "cilium-ready"
          ? plan.budgets.ciliumReady + 60_000
          : (EXEC_TIMEOUT_MS[phase] ?? DEFAULT_EXEC_TIMEOUT_MS);
      try {
        const result = await deps.exec(tool, args, { env, timeoutMs });
        if (phase === "cilium-ready") state.notes.push(...statusWarningNotes(result.stdout));
      } catch (error) {
        if (
          phase === "lan-network" &&
          error instanceof CommandFailedError &&
          isPoolOverlap(error.failure.stderrTail)
        ) {
          throw lanOverlapError(plan.lan, await overlappingNetworks(plan.lan, deps.docker).catch(() => []));
        }
        throw error;
      }
      return;
    }
    case "k8s-apply": {
      const kube = requireKube(state, phase);
      for (const source of resolvePlaceholders(step.sources, values)) {
        const objects = await deps.loadManifests(source);
        await kube.applyServerSide(objects, step.fieldManager);
      }
      return;
    }
    case "k8s-label": {
      const kube = requireKube(state, phase);
      const nodes = step.nodes.map((node) => ({
        apiVersion: "v1",
        kind: "Node",
        metadata: { name: node.node, labels: node.labels },
      }));
      await kube.applyServerSide(nodes, "cilium-conformance");
      return;
    }
    case "wait":
      await runPlannedWait(step, requireKube(state, phase), deps.clock);
      return;
  }
}

function requireKube(state: UpState, phase: string): KubeAccess {
  if (!state.kube)
    throw new ProvisioningError(phase, "the Kubernetes API is not open yet (plan steps out of order)");
  return state.kube;
}

async function openVerifiedKube(input: UpInput, deps: UpDeps): Promise<KubeAccess> {
  const { plan, files } = input;
  let text: string;
  try {
    text = await readFile(files.kubeconfig, "utf8");
  } catch {
    throw new ProvisioningError("kind-cluster", `kind wrote no kubeconfig at ${files.kubeconfig}`);
  }
  assertHarnessKubeconfig(
    text,
    { clusterName: plan.clusterName, lanSubnet: plan.lan.subnet },
    { kubeconfigPath: files.kubeconfig, force: input.forceContext ?? false, contextName: plan.kubeContext },
  );
  return deps.kube(files.kubeconfig, plan.kubeContext);
}

async function controlPlaneIp(plan: RunPlan, deps: UpDeps): Promise<string> {
  const node = plan.kind.controlPlaneNodes[0];
  const address = node ? await deps.docker.containerAddress(node, plan.lan.networkName) : undefined;
  if (!node || !address?.ip) {
    throw new ProvisioningError(
      "kind-cluster",
      `the control-plane container ${node ?? "(none planned)"} has no address on ${plan.lan.networkName}`,
    );
  }
  return address.ip;
}

async function loadPulledImages(
  plan: RunPlan,
  deps: UpDeps,
  state: UpState,
  pulling: Promise<{ pulled: string[]; notes: string[] }>,
): Promise<void> {
  const { pulled, notes } = await pulling;
  state.notes.push(...notes);
  if (pulled.length === 0) return;
  try {
    await deps.exec("kind", ["load", "docker-image", ...pulled, "--name", plan.clusterName], {
      timeoutMs: 600_000,
    });
  } catch (error) {
    state.notes.push(`loading ${pulled.join(", ")} into the nodes skipped: ${firstLine(error)}`);
  }
}

interface Timing {
  started: number;
  startedAt: Date;
  phases: Record<string, number>;
}

async function handleFailure(
  error: unknown,
  input: UpInput,
  deps: UpDeps,
  state: UpState,
  timing: Timing,
): Promise<unknown> {
  const { plan, files } = input;
  const failedPhase = state.phase;
  const message = error instanceof Error ? error.message : String(error);
  if (!(error instanceof PreflightError))
    deps.log(`✖ provisioning failed in ${failedPhase}: ${firstLine(error)}\n`);

  // Diagnostics before anything is cleaned up.
  let diagnostics: DiagnosticResult[] = [];
  if (state.clusterStarted) {
    diagnostics = await collectDiagnostics(
      files.diagnosticsDir,
      provisioningCollectors({ plan, files, kube: state.kube, exec: deps.exec, docker: deps.docker }),
    );
  }

  const cleanup = plan.keep
    ? "kept (--keep): remove with `cilium-conformance down`"
    : await cleanUp(input, deps, state);
  const outcome: ProvisioningOutcome = {
    runId: plan.runId,
    status: "failed",
    failedPhase,
    errorCode: error instanceof ConformanceError ? error.code : "CC_INTERNAL",
    message,
    startedAt: timing.startedAt.toISOString(),
    durationMs: Math.round(deps.clock.now() - timing.started),
    phaseDurationsMs: timing.phases,
    diagnostics,
    cleanup,
  };
  await writeProvisioningReport(files, outcome).catch((writeError: unknown) => {
    deps.log(`could not write the provisioning report: ${firstLine(writeError)}\n`);
  });
  await deps.transcript.writeTo(files.transcript).catch(() => undefined);

  if (error instanceof PreflightError) return error;
  const originalHint = error instanceof ConformanceError && error.hint ? `${error.hint}; ` : "";
  return new ProvisioningError(failedPhase, `provisioning failed in phase ${failedPhase}: ${message}`, {
    hint: `${originalHint}report: ${files.junit}${diagnostics.length ? `, diagnostics: ${files.diagnosticsDir}` : ""}; ${cleanup}`,
    cause: error,
  });
}

/** Tears down what this run created, each step on its own, following the plan's downCommands. */
async function cleanUp(input: UpInput, deps: UpDeps, state: UpState): Promise<string> {
  const { plan, files } = input;
  const done: string[] = [];
  const failed: string[] = [];
  const values: PlaceholderValues = {
    controlPlaneIp: state.controlPlaneIp ?? "",
    planDir: files.planDir,
    kubeconfig: files.kubeconfig,
    reportDir: files.dir,
  };
  for (const step of plan.downCommands) {
    if (step.action !== "exec") continue;
    const [tool, ...args] = resolvePlaceholders(step.argv, values);
    if (tool === undefined) continue;
    if (tool === "kind" && !state.clusterStarted) continue;
    if (tool === "docker" && !state.networkTouched) continue;
    try {
      if (tool === "docker" && !(await deps.docker.networkInspect(plan.lan.networkName))) continue;
      await deps.exec(tool, args, { timeoutMs: DEFAULT_EXEC_TIMEOUT_MS });
      done.push(step.description);
    } catch (error) {
      failed.push(`${step.description} (${firstLine(error)})`);
    }
  }
  if (failed.length > 0) {
    return `cleanup incomplete: ${failed.join("; ")}; run \`cilium-conformance down --run-id ${plan.runId}\``;
  }
  return done.length > 0 ? `cleaned up: ${done.join("; ")}` : "nothing to clean up";
}

function groupByPhase(steps: readonly PlannedStep[]): { phase: PlanPhase; steps: PlannedStep[] }[] {
  const groups: { phase: PlanPhase; steps: PlannedStep[] }[] = [];
  for (const step of steps) {
    const last = groups.at(-1);
    if (last && last.phase === step.phase) last.steps.push(step);
    else groups.push({ phase: step.phase, steps: [step] });
  }
  return groups;
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split("\n")[0] ?? text;
}
