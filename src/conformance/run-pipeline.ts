// `run` as a function with its stages injected: check → up → test → down, always ending with a
// report. Static-check errors are recorded (final exit 1) but only stop the cluster stages with
// --fail-fast. A preflight or provisioning failure ends the run with an Infrastructure/Provisioning
// case (exit 3). `down` runs unless --keep, or --keep-on-failure and something failed.

import type { Finding } from "../checks/finding.ts";
import type { RunContext } from "../cluster/run-context.ts";
import { ConformanceError, ProvisioningError } from "../errors.ts";
import type { RunPlan } from "../plan/run-plan.ts";
import { provisioningSuite } from "../report/provisioning-suite.ts";
import type { PhaseTiming, ReportCase, ReportModel, ReportSuite } from "../report/report-model.ts";
import { reportVerdict } from "../report/report-verdict.ts";
import { staticCheckSuite } from "../report/static-check-suite.ts";
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
  log(line: string): void;
}

export interface RunPipelineInput {
  plan: RunPlan;
  findings: readonly Finding[];
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
  if (input.findings.length > 0) suites.push(staticCheckSuite(input.findings));
  const staticErrors = input.findings.filter((finding) => finding.severity === "error").length;
  phases.push({ phase: "check", durationMs: 0, status: staticErrors > 0 ? "failed" : "ok" });
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
    deps.log(`✖ ${stop}: no cluster stages\n`);
    phases.push(
      { phase: "up", durationMs: 0, status: "skipped" },
      { phase: "test", durationMs: 0, status: "skipped" },
    );
    const why =
      input.stopBeforeCluster === undefined ? "--fail-fast" : "the repo cannot be installed as it is";
    return { model: model({}), context: undefined, teardown: `nothing created (${why})` };
  }

  const t0 = deps.clock();
  let up: { context: RunContext; contextFile: string };
  try {
    up = await deps.up(input.plan);
  } catch (error) {
    const durationMs = Math.round(deps.clock() - t0);
    phases.push(
      { phase: "up", durationMs, status: "failed" },
      { phase: "test", durationMs: 0, status: "skipped" },
    );
    suites.push(provisioningSuite({ durationMs, error, failedPhase: failedPhaseOf(error) }));
    const hint = error instanceof ConformanceError && error.hint ? ` (${error.hint})` : "";
    return { model: model({}), context: undefined, teardown: `handled by up${hint}` };
  }
  const upMs = Math.round(deps.clock() - t0);
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
  } else {
    const t1 = deps.clock();
    try {
      teardown = await deps.down(input.plan, up.context);
      phases.push({ phase: "down", durationMs: Math.round(deps.clock() - t1), status: "ok" });
    } catch (error) {
      const durationMs = Math.round(deps.clock() - t1);
      phases.push({ phase: "down", durationMs, status: "failed" });
      const message = error instanceof Error ? error.message : String(error);
      const testCase: ReportCase = {
        name: TEARDOWN_CASE,
        status: "broken",
        infrastructure: true,
        durationMs,
        failureMessage: message.split("\n")[0] ?? message,
        failureText: `${message}\nfix: run \`cilium-conformance down --run-id ${input.plan.runId}\``,
      };
      suites.push({ name: "teardown", title: "Teardown", source: "provisioning", cases: [testCase] });
      teardown = `teardown failed: ${message.split("\n")[0]}`;
    }
  }
  return { model: model({ context: up.context }), context: up.context, teardown };
}
