// The report of a provisioning failure: a minimal JUnit file whose one test case,
// `Infrastructure/Provisioning`, fails with the phase and the reason (the same case name the
// cilium CLI uses for a setup failure), plus provisioning.json with the phases and diagnostics.
// The JUnit is rendered by src/report's writer, so `up`, `test` and `run` agree on its shape.

import { writeFile } from "node:fs/promises";
import { renderJunit } from "../report/junit-writer.ts";
import { infrastructureCase, PROVISIONING_CASE, suiteShell } from "../report/provisioning-suite.ts";
import { emptyReport } from "../report/report-model.ts";

export interface ProvisioningOutcome {
  runId: string;
  status: "passed" | "failed";
  /** Phase that failed, e.g. `kind-cluster`. */
  failedPhase?: string;
  /** Error code, e.g. `CC_COMMAND_FAILED`. */
  errorCode?: string;
  message?: string;
  startedAt: string;
  durationMs: number;
  phaseDurationsMs: Record<string, number>;
  /** Diagnostics collected, by collector: the file written or why it failed. */
  diagnostics: { collector: string; file?: string; error?: string }[];
  /** What happened to the cluster and network afterwards. */
  cleanup: string;
}

export { PROVISIONING_CASE };

/** junit.xml of a failed (or passed) `up`: written by the one JUnit writer `test` and `run` use. */
export function provisioningJunit(outcome: ProvisioningOutcome): string {
  const details = [
    `run: ${outcome.runId}`,
    ...(outcome.failedPhase ? [`failed phase: ${outcome.failedPhase}`] : []),
    "phases:",
    ...Object.entries(outcome.phaseDurationsMs).map(([phase, ms]) => `  ${phase}: ${ms} ms`),
    "diagnostics:",
    ...outcome.diagnostics.map(
      (d) => `  ${d.collector}: ${d.file ?? `not collected (${d.error ?? "unknown"})`}`,
    ),
    `cleanup: ${outcome.cleanup}`,
  ].join("\n");
  const testCase =
    outcome.status === "failed"
      ? infrastructureCase(
          PROVISIONING_CASE,
          {
            phase: outcome.failedPhase,
            code: outcome.errorCode,
            message: outcome.message ?? "provisioning failed",
          },
          outcome.durationMs,
          details,
        )
      : { name: PROVISIONING_CASE, status: "passed" as const, durationMs: outcome.durationMs, details };
  const model = emptyReport({ runId: outcome.runId, startedAt: outcome.startedAt, versions: {} });
  model.suites.push({ ...suiteShell(), cases: [testCase] });
  return renderJunit(model);
}

export async function writeProvisioningReport(
  paths: { junit: string; provisioning: string },
  outcome: ProvisioningOutcome,
): Promise<void> {
  await writeFile(paths.junit, provisioningJunit(outcome));
  await writeFile(paths.provisioning, `${JSON.stringify(outcome, null, 2)}\n`);
}
