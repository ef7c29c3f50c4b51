// The `test` phase as a function with its I/O injected: check that the run's cluster answers,
// run the selected suites (vitest), and turn everything into report suites — the connectivity
// test's own cases replacing its single vitest case. Nothing here decides the exit code: the
// report model does (src/report/report-verdict.ts).

import type { RunContext } from "../cluster/run-context.ts";
import type { ConnectivityOutcome } from "../connectivity/connectivity-runner.ts";
import { connectivitySuite } from "../connectivity/connectivity-suite.ts";
import { emitProgress } from "../console/progress-events.ts";
import { failureOf, infrastructureCase } from "../report/provisioning-suite.ts";
import type { PhaseTiming, ReportSuite } from "../report/report-model.ts";
import { connectivityFiles } from "./connectivity/connectivity-plan.ts";
import type { SuiteEntry } from "./suite-catalog.ts";
import { type SuiteOptions, suiteEnvFor } from "./suite-env.ts";

export const CLUSTER_ACCESS_CASE = "Infrastructure/Cluster access";
export const SUITES_RUN_CASE = "Infrastructure/Suites run";

export interface SuiteRunRequest {
  /** Project-relative suite files. */
  files: string[];
  /** Variables for the suites' workers. */
  env: Record<string, string>;
  /** The run's; the suites' attachments are written to its report folder. */
  context: RunContext;
}

export interface TestPhaseDeps {
  /** Throws (an EnvironmentError) when the run's cluster does not answer. */
  checkCluster(context: RunContext): Promise<void>;
  /** Best effort: hand the host's workload images to the nodes; returns notes, never throws. */
  preloadImages?(context: RunContext): Promise<string[]>;
  runSuites(request: SuiteRunRequest): Promise<ReportSuite[]>;
  readConnectivityOutcome(path: string): Promise<ConnectivityOutcome | undefined>;
  clock(): number;
}

export interface TestPhaseInput {
  context: RunContext;
  contextFile: string;
  suites: readonly SuiteEntry[];
  options: Omit<SuiteOptions, "contextFile">;
}

export interface TestPhaseResult {
  suites: ReportSuite[];
  phases: PhaseTiming[];
}

function infrastructureSuite(caseName: string, error: unknown, durationMs: number): ReportSuite {
  return {
    name: "infrastructure",
    title: "Infrastructure",
    source: "provisioning",
    cases: [infrastructureCase(caseName, failureOf(error), durationMs)],
  };
}

export async function runTestPhase(input: TestPhaseInput, deps: TestPhaseDeps): Promise<TestPhaseResult> {
  const { context } = input;
  const phases: PhaseTiming[] = [];
  const t0 = deps.clock();
  emitProgress({
    kind: "phase-start",
    phase: "cluster access",
    detail: `${context.clusterName} (run ${context.runId})`,
  });
  try {
    await deps.checkCluster(context);
    const durationMs = Math.round(deps.clock() - t0);
    phases.push({ phase: "cluster-access", durationMs, status: "ok" });
    emitProgress({ kind: "phase-end", phase: "cluster access", status: "ok", durationMs });
  } catch (error) {
    const durationMs = Math.round(deps.clock() - t0);
    phases.push({ phase: "cluster-access", durationMs, status: "failed" });
    phases.push({ phase: "suites", durationMs: 0, status: "skipped" });
    emitProgress({
      kind: "phase-end",
      phase: "cluster access",
      status: "failed",
      durationMs,
      detail: `the cluster of run ${context.runId} does not answer: ${firstLine(error)}`,
    });
    return { suites: [infrastructureSuite(CLUSTER_ACCESS_CASE, error, durationMs)], phases };
  }
  if (deps.preloadImages) {
    for (const note of await deps.preloadImages(context).catch((error: unknown) => [firstLine(error)]))
      emitProgress({ kind: "note", text: `images: ${note}` });
  }

  const t1 = deps.clock();
  emitProgress({
    kind: "phase-start",
    phase: "suites",
    detail: input.suites.map((suite) => suite.id).join(", "),
  });
  let suites: ReportSuite[];
  try {
    suites = await deps.runSuites({
      files: input.suites.map((suite) => suite.file),
      env: suiteEnvFor({ ...input.options, contextFile: input.contextFile }),
      context,
    });
  } catch (error) {
    const durationMs = Math.round(deps.clock() - t1);
    phases.push({ phase: "suites", durationMs, status: "failed" });
    emitProgress({
      kind: "phase-end",
      phase: "suites",
      status: "failed",
      durationMs,
      detail: firstLine(error),
    });
    return { suites: [infrastructureSuite(SUITES_RUN_CASE, error, durationMs)], phases };
  }
  const suitesMs = Math.round(deps.clock() - t1);
  phases.push({ phase: "suites", durationMs: suitesMs, status: "ok" });
  emitProgress({ kind: "phase-end", phase: "suites", status: "ok", durationMs: suitesMs });

  // Suites that were selected but never reported (vitest found no file) must not vanish.
  for (const entry of input.suites) {
    if (!suites.some((suite) => suite.name === entry.id)) {
      suites.push({
        name: entry.id,
        title: entry.title,
        source: "vitest",
        cases: [
          {
            name: `${entry.file} did not run`,
            status: "broken",
            infrastructure: true,
            durationMs: 0,
            failureMessage: `vitest reported nothing for ${entry.file}`,
          },
        ],
      });
    }
  }

  if (input.suites.some((suite) => suite.id === "connectivity")) {
    const outcome = await deps.readConnectivityOutcome(connectivityFiles(context.reportDir).outcome);
    if (outcome) {
      // The tool's own cases replace the single vitest case that ran it.
      suites = suites.map((suite) => (suite.name === "connectivity" ? connectivitySuite(outcome) : suite));
    }
  }
  return { suites, phases };
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split("\n")[0] ?? text;
}
