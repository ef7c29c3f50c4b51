// Puts a run's report model together from its parts: run metadata and versions, the plan's
// deviations, phase timings (the `up` phases from the run context, then the test phases), the
// static-check findings (for `run`) and the suites.

import type { Finding } from "../checks/finding.ts";
import type { RunContext } from "../cluster/run-context.ts";
import { type PlaceholderValues, resolvePlaceholders } from "../plan/placeholders.ts";
import type { Deviation as PlanDeviation } from "../plan/run-plan.ts";
import type {
  Deviation,
  PhaseTiming,
  ReportModel,
  ReportSuite,
  RunMetadata,
} from "../report/report-model.ts";

function text(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/**
 * The plan's deviations for people: the placeholders `up` resolves while it runs become the values
 * it found (the control plane's LAN IP), or — when the cluster never came up — what they stand for.
 */
export function reportDeviations(
  deviations: readonly PlanDeviation[],
  context?: Pick<RunContext, "nodes" | "reportDir">,
): Deviation[] {
  const controlPlane = context?.nodes.find((node) => node.role === "control-plane")?.lanIp;
  const values: PlaceholderValues = {
    controlPlaneIp: controlPlane ?? "the control-plane container's LAN IP (known once kind has created it)",
    planDir: context ? `${context.reportDir}/plan` : "reports/<run-id>/plan",
    kubeconfig: context ? `${context.reportDir}/kubeconfig` : "reports/<run-id>/kubeconfig",
    reportDir: context ? context.reportDir : "reports/<run-id>",
  };
  return deviations.map((d) => ({
    key: d.key,
    repoValue: resolvePlaceholders(text(d.repoValue), values),
    kindValue: resolvePlaceholders(text(d.kindValue), values),
    reason: d.reason,
  }));
}

export function upPhases(context: RunContext | undefined): PhaseTiming[] {
  return Object.entries(context?.phaseDurationsMs ?? {}).map(([phase, durationMs]) => ({
    phase,
    durationMs,
    status: "ok",
  }));
}

export interface AssembleInput {
  run: RunMetadata;
  /** The cluster's context once `up` succeeded: it resolves the deviations' placeholders. */
  context?: Pick<RunContext, "nodes" | "reportDir">;
  deviations?: readonly PlanDeviation[];
  phases: readonly PhaseTiming[];
  suites: readonly ReportSuite[];
  findings?: readonly Finding[];
}

export function assembleReport(input: AssembleInput): ReportModel {
  return {
    schemaVersion: 1,
    run: input.run,
    deviations: reportDeviations(input.deviations ?? [], input.context),
    phases: [...input.phases],
    suites: [...input.suites],
    findings: [...(input.findings ?? [])],
  };
}
