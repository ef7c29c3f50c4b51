// `cilium-conformance test`: the conformance suites against the cluster of the last `up` (or
// --context-file), then one report: junit.xml, summary.md (+ $GITHUB_STEP_SUMMARY), allure-results.

import { readFile } from "node:fs/promises";
import path from "node:path";
import { loadWorkloadImages } from "../cluster/image-prepull.ts";
import { latestRunContextPath } from "../cluster/latest-run.ts";
import { REPORTS_DIR_ENV, reportsRoot } from "../cluster/report-paths.ts";
import type { RunContext } from "../cluster/run-context.ts";
import { readRunContext } from "../cluster/run-context-file.ts";
import { isFileSystemError, outputFolderError } from "../cluster/run-folder.ts";
import { createToolbox } from "../cluster/toolbox.ts";
import { checkClusterAnswers } from "../conformance/cluster-access.ts";
import { readConnectivityOutcome } from "../conformance/connectivity/connectivity-plan.ts";
import { assembleReport, upPhases } from "../conformance/report-assembly.ts";
import { type SuiteEntry, selectSuites, suiteCatalog } from "../conformance/suite-catalog.ts";
import type { SuiteOptions } from "../conformance/suite-env.ts";
import { runTestPhase, type TestPhaseDeps } from "../conformance/test-phase.ts";
import { runSuitesWithVitest } from "../conformance/vitest-suite-runner.ts";
import { renderRunSummary } from "../console/run-summary.ts";
import { type ExitCode, InterruptedError } from "../errors.ts";
import type { RunPlan } from "../plan/run-plan.ts";
import { removeLanClients } from "../probes/lan-client.ts";
import { writeReport } from "../report/report-files.ts";
import type { ReportModel } from "../report/report-model.ts";
import { reportVerdict, verdictExitCode } from "../report/report-verdict.ts";
import { renderUnwrittenReport } from "../report/unwritten-report.ts";
import { untilInterrupted } from "../tools/interruption.ts";
import { workloadImages } from "../workloads/workload-images.ts";
import type { CliIO, Command, CommandInput } from "./command.ts";
import { CONSOLE_OPTIONS, shownPath, startConsole, styleFor } from "./console-options.ts";
import { runInterruptible } from "./interruptible-command.ts";
import { booleanOption, listOption, stringOption } from "./options.ts";

export const testOptions = [
  {
    name: "suite",
    type: "string",
    multiple: true,
    valueName: "names",
    description: `suites to run, comma-separated (default all): ${suiteCatalog.map((s) => s.id).join(", ")}`,
  },
  { name: "offline", type: "boolean", description: "skip connectivity tests that need the internet" },
  {
    name: "test",
    type: "string",
    multiple: true,
    valueName: "regex",
    description: "connectivity test filter (cilium-cli --test; `!` skips), repeatable",
  },
  {
    name: "keep-on-failure",
    type: "boolean",
    description: "leave a failed suite's namespace in place for inspection",
  },
  {
    name: "collect-sysdump-on-failure",
    type: "boolean",
    description: "take a cilium sysdump for each connectivity test that fails",
  },
] as const satisfies Command["options"];

export const command: Command = {
  name: "test",
  summary: "run the conformance suites against the cluster of the last `up` and write the report",
  details: `Runs the suites (vitest project \`conformance\`) against the run recorded in
reports/<run-id>/run-context.json: the one reports/latest points at (written by \`up\` and \`run\`),
else the newest, or --context-file. Each suite works in its own namespace cc-<suite>-<run-id> and
cleans it up (unless --keep-on-failure and it failed); diagnostics are collected before cleanup.

Writes reports/<run-id>/junit.xml, summary.md (also appended to $GITHUB_STEP_SUMMARY),
report.json, suites-junit.xml and allure-results/ (\`cilium-conformance report\` renders them).

Suites: ${suiteCatalog.map((s) => `${s.id} (${s.proves})`).join("; ")}.

Exit codes: 0 all passed, 1 a suite failed, 2 bad input (e.g. unknown suite),
3 infrastructure (no run context, cluster unreachable, connectivity test crashed).

Examples:
  cilium-conformance test
  cilium-conformance test --suite lb-ipam,l2-announcements --keep-on-failure
  cilium-conformance test --suite connectivity --offline --test '!/pod-to-world'`,
  options: [
    {
      name: "context-file",
      type: "string",
      valueName: "file",
      description: "run context to test (default: the last `up`'s)",
    },
    ...testOptions,
    ...CONSOLE_OPTIONS,
  ],
  run: (input, io) => runTestCommand(input, io, realTestDeps(io)),
};

export function realTestDeps(io: CliIO): TestPhaseDeps {
  const interruption = io.interruption?.signal;
  return {
    checkCluster: (context) =>
      untilInterrupted(interruption, () => checkClusterAnswers(context), "checking the cluster"),
    preloadImages: (context) => {
      const toolbox = createToolbox({ env: io.env, cwd: io.cwd, ...(interruption ? { interruption } : {}) });
      return loadWorkloadImages(Object.values(workloadImages(io.env)), context.clusterName, {
        onHost: async (image) => {
          await toolbox.exec("docker", ["image", "inspect", "--format", "{{.Id}}", image], {
            timeoutMs: 30_000,
          });
          return true;
        },
        kindLoad: async (images, clusterName) => {
          await toolbox.exec("kind", ["load", "docker-image", ...images, "--name", clusterName], {
            timeoutMs: 600_000,
          });
        },
      });
    },
    runSuites: (request) =>
      untilInterrupted(interruption, () => runSuitesWithVitest(request), "running the suites"),
    readConnectivityOutcome,
    clock: () => performance.now(),
  };
}

/** The suite options of `test` and `run` (they share them). */
export function suiteOptionsOf(input: CommandInput): Omit<SuiteOptions, "contextFile"> {
  return {
    keepOnFailure: booleanOption(input, "keep-on-failure"),
    offline: booleanOption(input, "offline"),
    testFilters: listOption(input, "test"),
    collectSysdumpOnFailure: booleanOption(input, "collect-sysdump-on-failure"),
    verbose: booleanOption(input, "verbose"),
  };
}

export async function runTestCommand(input: CommandInput, io: CliIO, deps: TestPhaseDeps): Promise<ExitCode> {
  const suites = selectSuites(listOption(input, "suite"));
  const given = stringOption(input, "context-file");
  const contextFile = given
    ? path.resolve(io.cwd, given)
    : await latestRunContextPath(reportsRoot(io.env, io.cwd));
  const context = await readRunContext(contextFile);
  const started = new Date();
  let written = false;
  const console = startConsole(io, input);
  try {
    return await runInterruptible(io, {
      async work() {
        let model: ReportModel;
        try {
          model = await testRun(
            { context, contextFile, suites, options: suiteOptionsOf(input), command: "test" },
            deps,
          );
        } finally {
          console.close();
        }
        const code = await finishReport(model, context.reportDir, io);
        written = true;
        return code;
      },
      async afterInterrupt(signal) {
        console.close();
        // The suites' LAN clients carry the run id; the suites cannot remove them once stopped.
        const docker = createToolbox({ env: io.env, cwd: io.cwd }).docker;
        const removed = await removeLanClients(docker, context.runId).catch(() => []);
        io.stderr(
          `test interrupted by ${signal}${removed.length ? `: removed LAN client(s) ${removed.join(", ")}` : ""}; the suites' namespaces cc-<suite>-${context.runId} go with the cluster (\`down --run-id ${context.runId}\`)\n`,
        );
        if (written) return;
        const model = assembleReport({
          run: {
            runId: context.runId,
            startedAt: started.toISOString(),
            finishedAt: new Date().toISOString(),
            versions: context.versions,
            command: "test",
          },
          phases: upPhases(context),
          suites: [
            {
              name: "interrupted",
              title: "Interrupted",
              source: "provisioning",
              cases: [
                {
                  name: "Infrastructure/Interrupted",
                  status: "broken",
                  infrastructure: true,
                  durationMs: Date.now() - started.getTime(),
                  failureMessage: new InterruptedError(signal, "running the suites").message,
                },
              ],
            },
          ],
        });
        await finishReport(model, context.reportDir, io);
      },
    });
  } finally {
    console.close();
  }
}

export interface TestRunInput {
  context: RunContext;
  contextFile: string;
  suites: readonly SuiteEntry[];
  options: Omit<SuiteOptions, "contextFile">;
  command: string;
}

/** Runs the test phase and assembles its report model (the `up` phases and deviations included). */
export async function testRun(input: TestRunInput, deps: TestPhaseDeps): Promise<ReportModel> {
  const startedAt = new Date().toISOString();
  const result = await runTestPhase(input, deps);
  const plan = await readPlan(input.context.planPath);
  return assembleReport({
    run: {
      runId: input.context.runId,
      startedAt,
      finishedAt: new Date().toISOString(),
      versions: input.context.versions,
      command: input.command,
    },
    deviations: plan?.deviations ?? [],
    context: input.context,
    phases: [...upPhases(input.context), ...result.phases],
    suites: result.suites,
  });
}

async function readPlan(planPath: string): Promise<RunPlan | undefined> {
  try {
    return JSON.parse(await readFile(planPath, "utf8")) as RunPlan;
  } catch {
    return undefined;
  }
}

/** Writes the report, prints the run's summary (verdict, failures, counts, paths); the exit code is the verdict. */
export async function finishReport(model: ReportModel, reportDir: string, io: CliIO): Promise<ExitCode> {
  const verdict = reportVerdict(model);
  let paths: Awaited<ReturnType<typeof writeReport>>;
  try {
    paths = await writeReport({ reportDir, model, env: io.env });
  } catch (error) {
    if (!isFileSystemError(error)) throw error;
    // The report is lost, the reasons must not be: say them here, then why nothing was written.
    io.stderr(renderUnwrittenReport(model, verdict));
    throw outputFolderError(
      reportDir,
      error,
      "the report folder",
      `set ${REPORTS_DIR_ENV} to a folder you can write (the run's verdict and failures are above)`,
    );
  }
  io.stdout(renderRunSummary(model, paths, { style: styleFor(io, "stdout"), show: (p) => shownPath(io, p) }));
  return verdictExitCode(verdict);
}
