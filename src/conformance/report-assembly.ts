// Puts a run's report model together from its parts: run metadata and versions, the plan's
// deviations, phase timings (the `up` phases from the run context, then the test phases), the
// static-check findings (for `run`) and the suites.

import type { Finding } from "../checks/finding.ts";
import type { RunContext } from "../cluster/run-context.ts";
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

export function reportDeviations(deviations: readonly PlanDeviation[]): Deviation[] {
  return deviations.map((d) => ({
    key: d.key,
    repoValue: text(d.repoValue),
    kindValue: text(d.kindValue),
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
  deviations?: readonly PlanDeviation[];
  phases: readonly PhaseTiming[];
  suites: readonly ReportSuite[];
  findings?: readonly Finding[];
}

export function assembleReport(input: AssembleInput): ReportModel {
  return {
    schemaVersion: 1,
    run: input.run,
    deviations: reportDeviations(input.deviations ?? []),
    phases: [...input.phases],
    suites: [...input.suites],
    findings: [...(input.findings ?? [])],
  };
}
