// `run` as a function with its stages injected: check → up → test → down, always ending with a
// report. Static-check errors are recorded (final exit 1) but only stop the cluster stages with
// --fail-fast. A preflight or provisioning failure ends the run with an Infrastructure/Provisioning
// case (exit 3). `down` runs unless --keep, or --keep-on-failure and something failed.

import type { Finding } from "../checks/finding.ts";
import { countFindings, describeCounts } from "../checks/format/finding-counts.ts";
import type { RunContext } from "../cluster/run-context.ts";
import { emitProgress } from "../console/progress-events.ts";
import { ProvisioningError } from "../errors.ts";
import type { RunPlan } from "../plan/run-plan.ts";
import { failureHeadline } from "../report/failure-headline.ts";
import { failureOf, infrastructureCase, provisioningSuite } from "../report/provisioning-suite.ts";
import type { PhaseTiming, ReportModel, ReportSuite } from "../report/report-model.ts";
import { reportVerdict } from "../report/report-verdict.ts";
import { type RuleSummary, staticCheckSuite } from "../report/static-check-suite.ts";
import { PreflightError } from "../tools/preflight.ts";
import { assembleReport } from "./report-assembly.ts";
import type { SuiteEntry } from "./suite-catalog.ts";
import type { SuiteOptions } from "./suite-env.ts";
import { runTestPhase, type TestPhaseDeps } from "./test-phase.ts";

export const TEARDOWN_CASE = "Infrastructure/Teardown";

export interface RunPipelineDeps {
  /** Stands the cluster up; throws (after writing its own diagnostics and cleanup) on failure. */
  up(plan: RunPlan): Promise<{ context: RunContext; contextFile: string }>;
  test: TestPhaseDeps;
  /** Tears the run's cluster and network down; returns what it removed. */
  down(plan: RunPlan, context: RunContext | undefined): Promise<string>;
  clock(): number;
  now(): Date;
}

export interface RunPipelineInput {
  plan: RunPlan;
  findings: readonly Finding[];
  /** Every static rule that ran: the static-check suite has one case per rule. */
  rules: readonly RuleSummary[];
  /** How long loading and checking the repo took. */
  checkDurationMs: number;
  suites: readonly SuiteEntry[];
  options: Omit<SuiteOptions, "contextFile">;
  keep: boolean;
  keepOnFailure: boolean;
  failFast: boolean;
  /** Set when the cluster stages cannot succeed (the plan's blocking findings): why, for the log. */
  stopBeforeCluster?: string | undefined;
  command: string;
}

export interface RunPipelineResult {
  model: ReportModel;
  context: RunContext | undefined;
  /** What happened to the cluster at the end. */
  teardown: string;
}

export function shouldTearDown(keep: boolean, keepOnFailure: boolean, failed: boolean): boolean {
  if (keep) return false;
  return !(keepOnFailure && failed);
}

/**
 * Each selected suite that never ran, as one skipped case: a run that stopped early shows what it
 * did not prove, instead of a report of 31 passing static rules that looks mostly green.
 */
export function notRunSuites(entries: readonly SuiteEntry[], reason: string): ReportSuite[] {
  return entries.map((entry) => ({
    name: entry.id,
    title: entry.title,
    source: "vitest",
    cases: [
      { name: `${entry.title}: ${entry.proves}`, status: "skipped", durationMs: 0, skipReason: reason },
    ],
  }));
}

function failedPhaseOf(error: unknown): string {
  if (error instanceof PreflightError) return "preflight";
  if (error instanceof ProvisioningError) return error.phase;
  return "up";
}

export async function runPipeline(
  input: RunPipelineInput,
  deps: RunPipelineDeps,
): Promise<RunPipelineResult> {
  const startedAt = deps.now().toISOString();
  const phases: PhaseTiming[] = [];
  const suites: ReportSuite[] = [];
  suites.push(staticCheckSuite(input.findings, input.rules, input.checkDurationMs));
  const staticErrors = input.findings.filter((finding) => finding.severity === "error").length;
  phases.push({
    phase: "check",
    durationMs: Math.round(input.checkDurationMs),
    status: staticErrors > 0 ? "failed" : "ok",
  });
  emitProgress({
    kind: "phase-end",
    phase: "check",
    status: staticErrors > 0 ? "failed" : "ok",
    durationMs: Math.round(input.checkDurationMs),
    detail: `${input.rules.length} rules: ${describeCounts(countFindings(input.findings))}`,
  });
  const model = (extra: { context?: RunContext }) =>
    assembleReport({
      run: {
        runId: input.plan.runId,
        startedAt,
        finishedAt: deps.now().toISOString(),
        versions: extra.context?.versions ?? {
          cilium: input.plan.cilium.chartVersion,
          chart: input.plan.cilium.chartVersion,
          kind: input.plan.kind.version,
          nodeImage: input.plan.kind.nodeImage,
          gatewayApi: input.plan.gatewayApi.version,
        },
        command: input.command,
      },
      deviations: input.plan.deviations,
      ...(extra.context ? { context: extra.context } : {}),
      phases,
      suites,
      findings: input.findings,
    });

  const stop =
    input.stopBeforeCluster ??
    (input.failFast && staticErrors > 0
      ? `${staticErrors} static-check error(s) and --fail-fast`
      : undefined);
  if (stop !== undefined) {
    emitProgress({ kind: "phase-end", phase: "up", status: "skipped", durationMs: 0, detail: stop });
    emitProgress({ kind: "phase-end", phase: "test", status: "skipped", durationMs: 0, detail: stop });
    phases.push(
      { phase: "up", durationMs: 0, status: "skipped" },
      { phase: "test", durationMs: 0, status: "skipped" },
    );
    suites.push(...notRunSuites(input.suites, `not run: ${stop}`));
    const why =
      input.stopBeforeCluster === undefined ? "--fail-fast" : "the repo cannot be installed as it is";
    return { model: model({}), context: undefined, teardown: `nothing created (${why})` };
  }

  const t0 = deps.clock();
  emitProgress({
    kind: "phase-start",
    phase: "up",
    detail: `cluster ${input.plan.clusterName}, LAN ${input.plan.lan.subnet} (${input.plan.lan.networkName})`,
  });
  let up: { context: RunContext; contextFile: string };
  try {
    up = await deps.up(input.plan);
  } catch (error) {
    const durationMs = Math.round(deps.clock() - t0);
    const failedPhase = failedPhaseOf(error);
    emitProgress({
      kind: "phase-end",
      phase: "up",
      status: "failed",
      durationMs,
      detail: `in ${failedPhase}`,
    });
    emitProgress({
      kind: "phase-end",
      phase: "test",
      status: "skipped",
      durationMs: 0,
      detail: "no cluster",
    });
    phases.push(
      { phase: "up", durationMs, status: "failed" },
      { phase: "test", durationMs: 0, status: "skipped" },
    );
    suites.push(provisioningSuite({ durationMs, error, failedPhase }));
    suites.push(...notRunSuites(input.suites, `not run: provisioning failed in ${failedPhase}`));
    const teardown =
      error instanceof PreflightError
        ? "nothing was created (preflight failed)"
        : "up cleaned up after its failure (see the Infrastructure/Provisioning case)";
    return { model: model({}), context: undefined, teardown };
  }
  const upMs = Math.round(deps.clock() - t0);
  emitProgress({ kind: "phase-end", phase: "up", status: "ok", durationMs: upMs });
  phases.push(
    ...Object.entries(up.context.phaseDurationsMs).map(([phase, durationMs]) => ({
      phase: `up: ${phase}`,
      durationMs,
      status: "ok" as const,
    })),
  );
  suites.push(provisioningSuite({ durationMs: upMs }));

  const tested = await runTestPhase(
    { context: up.context, contextFile: up.contextFile, suites: input.suites, options: input.options },
    deps.test,
  );
  phases.push(...tested.phases);
  suites.push(...tested.suites);

  const failed = reportVerdict(model({ context: up.context })) !== "passed";
  let teardown: string;
  if (!shouldTearDown(input.keep, input.keepOnFailure, failed)) {
    teardown = input.keep ? "kept (--keep)" : "kept (--keep-on-failure and the run failed)";
    phases.push({ phase: "down", durationMs: 0, status: "skipped" });
    emitProgress({ kind: "phase-end", phase: "down", status: "skipped", durationMs: 0, detail: teardown });
  } else {
    const t1 = deps.clock();
    emitProgress({ kind: "phase-start", phase: "down" });
    try {
      teardown = await deps.down(input.plan, up.context);
      const durationMs = Math.round(deps.clock() - t1);
      phases.push({ phase: "down", durationMs, status: "ok" });
      emitProgress({ kind: "phase-end", phase: "down", status: "ok", durationMs, detail: teardown });
    } catch (error) {
      const durationMs = Math.round(deps.clock() - t1);
      phases.push({ phase: "down", durationMs, status: "failed" });
      emitProgress({
        kind: "phase-end",
        phase: "down",
        status: "failed",
        durationMs,
        detail: failureHeadline(String(error instanceof Error ? error.message : error)),
      });
      const message = error instanceof Error ? error.message : String(error);
      const testCase = infrastructureCase(
        TEARDOWN_CASE,
        { ...failureOf(error), hint: `run \`cilium-conformance down --run-id ${input.plan.runId}\`` },
        durationMs,
      );
      suites.push({ name: "teardown", title: "Teardown", source: "provisioning", cases: [testCase] });
      teardown = `teardown failed: ${failureHeadline(message)}`;
    }
  }
  return { model: model({ context: up.context }), context: up.context, teardown };
}
