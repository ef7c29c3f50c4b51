// `cilium-conformance run`: check → up → test → down, one report at the end whatever happened.

import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { checkRules, runChecks } from "../checks/run-checks.ts";
import { runDown } from "../cluster/down.ts";
import { reportsRoot, runFiles } from "../cluster/report-paths.ts";
import { claimRunFolder } from "../cluster/run-folder.ts";
import { createToolbox } from "../cluster/toolbox.ts";
import { runUp } from "../cluster/up.ts";
import { assembleReport } from "../conformance/report-assembly.ts";
import { type RunPipelineDeps, runPipeline } from "../conformance/run-pipeline.ts";
import { selectSuites } from "../conformance/suite-catalog.ts";
import { emitProgress } from "../console/progress-events.ts";
import { renderStaticFindings } from "../console/static-findings.ts";
import { type ExitCode, InterruptedError } from "../errors.ts";
import type { RunPlan } from "../plan/run-plan.ts";
import { caseAnnotations, findingAnnotations } from "../report/github-annotations.ts";
import { provisioningSuite } from "../report/provisioning-suite.ts";
import { staticCheckSuite } from "../report/static-check-suite.ts";
import { KindCli } from "../tools/kind.ts";
import type { PreflightPolicy } from "../tools/preflight.ts";
import { type Clock, systemClock } from "../wait/clock.ts";
import type { CliIO, Command, CommandInput } from "./command.ts";
import { CONSOLE_OPTIONS, GITHUB_FORMAT_OPTION, startConsole, styleFor } from "./console-options.ts";
import { HOST_OPTIONS, preflightPolicy } from "./host-options.ts";
import { cleanupAfterInterrupt } from "./interrupt-teardown.ts";
import { runInterruptible } from "./interruptible-command.ts";
import { booleanOption, listOption, stringOption } from "./options.ts";
import { FETCH_CHART_OPTION, pinnedChartFromOptions } from "./pinned-chart-option.ts";
import {
  loadRepoFromOptions,
  PLAN_OPTIONS,
  planBlocker,
  planFromOptions,
  withPlanFindings,
} from "./plan-options.ts";
import { repoLabel } from "./repo-option.ts";
import { finishReport, realTestDeps, suiteOptionsOf, testOptions } from "./test-command.ts";
import { realUpDeps } from "./up-command.ts";

export const command: Command = {
  name: "run",
  summary: "check → up → test → down in one go, with one report (what CI runs)",
  details: `Runs the static checks, stands up the kind cluster with the repo's Cilium, runs the
suites and tears everything down, then writes reports/<run-id>/junit.xml, summary.md (+ the
GitHub step summary), report.json and allure-results/ — also when a stage fails.

Static-check errors make the final exit 1 but the cluster stages still run (unless --fail-fast):
a static error never hides what the cluster shows. The one exception: when the repo cannot be
installed as it is on the Cilium version to install (a manifest it does not serve, a cluster.name
its chart refuses), nothing is created and the run fails with exit 1 at once.
A preflight or provisioning failure ends the run with exit 3 and a report whose
Infrastructure/Provisioning case says why. \`down\` always runs unless --keep, or --keep-on-failure
and something failed.

Exit codes: 0 passed, 1 a promise failed (static check or suite), 2 bad input,
3 environment (tools missing, Docker down, kind or Cilium never ready, teardown failed).

Examples:
  cilium-conformance run
  cilium-conformance run --repo ~/src/homelab --cilium-version 1.19.5 --offline
  cilium-conformance run --suite lb-ipam,l2-announcements --keep-on-failure`,
  options: [
    ...PLAN_OPTIONS,
    ...HOST_OPTIONS,
    { name: "fail-fast", type: "boolean", description: "stop after the static checks when they find errors" },
    FETCH_CHART_OPTION,
    ...testOptions,
    ...CONSOLE_OPTIONS,
    GITHUB_FORMAT_OPTION,
  ],
  run: (input, io) => executeRun(input, io),
};

/** Everything before the cluster: options, repo, findings, plan. Bad input throws (exit 2). */
export async function prepareRun(input: CommandInput, io: CliIO, clock: Clock = systemClock) {
  const suites = selectSuites(listOption(input, "suite"));
  const started = clock.now();
  const model = loadRepoFromOptions(input, io);
  const plan = await planFromOptions(model, input, io);
  // The plan's findings judge the repo at the version this run installs (e.g. a --cilium-version
  // that does not serve the pool's apiVersion): they count like static-check findings.
  const chart = await pinnedChartFromOptions(model, input, io);
  const findings = withPlanFindings(runChecks(model, checkRules, { chart }), plan);
  const checkDurationMs = clock.now() - started;
  return { suites, model, findings, checkDurationMs, plan };
}

export function realRunDeps(
  io: CliIO,
  policy: PreflightPolicy = {},
  options: { verbose?: boolean } = {},
): RunPipelineDeps {
  const interruption = io.interruption?.signal;
  const verbose = options.verbose ? (line: string) => io.stderr(`    ${line}`) : undefined;
  const toolbox = createToolbox({
    env: io.env,
    cwd: io.cwd,
    ...(interruption ? { interruption } : {}),
    ...(verbose ? { verbose } : {}),
  });
  const root = reportsRoot(io.env, io.cwd);
  return {
    async up(plan: RunPlan) {
      const files = runFiles(root, plan.runId);
      await mkdir(files.dir, { recursive: true });
      const context = await runUp(
        { plan, files, repoRoot: plan.repoRoot },
        {
          ...realUpDeps(io, plan, toolbox, policy),
          // Inside run, up's notes are the console's (quiet hides them), not raw stderr.
          log: (line) => emitProgress({ kind: "note", text: line.replace(/\n$/, "") }),
        },
      );
      return { context, contextFile: files.runContext };
    },
    test: realTestDeps(io),
    async down(plan, context) {
      const result = await runDown(
        {
          selector: { all: false, runId: plan.runId, clusterName: plan.clusterName },
          ...(context ? { context } : {}),
        },
        {
          docker: toolbox.docker,
          // The same removal `down` runs (KindCli), not a copy of its argv.
          deleteCluster: (name, kubeconfig) =>
            new KindCli(toolbox.runner, toolbox.binary("kind")).deleteCluster(name, kubeconfig),
          log: (line) => emitProgress({ kind: "detail", line: line.replace(/\n$/, "") }),
        },
      );
      return result.removed.length > 0 ? `removed ${result.removed.join(", ")}` : "nothing left to remove";
    },
    clock: () => performance.now(),
    now: () => new Date(),
  };
}

export async function executeRun(
  input: CommandInput,
  io: CliIO,
  deps: RunPipelineDeps = realRunDeps(io, preflightPolicy(input), {
    verbose: booleanOption(input, "verbose"),
  }),
  clock: Clock = systemClock,
): Promise<ExitCode> {
  const { suites, model: repo, findings, checkDurationMs, plan } = await prepareRun(input, io, clock);
  // Before anything exists: the report folder is this run's alone and can be written (exit 2 if not).
  await claimRunFolder(runFiles(reportsRoot(io.env, io.cwd), plan.runId), plan.runId);
  const files = runFiles(reportsRoot(io.env, io.cwd), plan.runId);
  const keep = booleanOption(input, "keep");
  const started = new Date();
  const console = startConsole(io, input, clock);
  console.line(
    renderStaticFindings(findings, {
      heading: `check: ${repoLabel(input, io)}: chart ${repo.helmRelease.chart} ${repo.helmRelease.version}, ${repo.files.length} files, ${checkRules.length} rules`,
      durationMs: checkDurationMs,
      quiet: booleanOption(input, "quiet"),
      style: styleFor(io, "stderr"),
      width: Number(io.env.COLUMNS) || 100,
    }),
  );
  console.line(`run ${plan.runId}: cluster ${plan.clusterName}, LAN ${plan.lan.subnet}`);
  try {
    return await runInterruptible(io, {
      async work() {
        let result: Awaited<ReturnType<typeof runPipeline>>;
        try {
          result = await runPipeline(
            {
              plan,
              findings,
              rules: checkRules,
              checkDurationMs,
              suites,
              options: suiteOptionsOf(input),
              keep,
              keepOnFailure: booleanOption(input, "keep-on-failure"),
              failFast: booleanOption(input, "fail-fast"),
              stopBeforeCluster: planBlocker(plan),
              command: ["run", ...process.argv.slice(3)].join(" "),
            },
            deps,
          );
        } finally {
          console.close();
        }
        io.stderr(`cluster: ${result.teardown}\n`);
        const exitCode = await finishReport(result.model, files.dir, io);
        if (stringOption(input, "format") === "github") {
          const paths = { repoRoot: plan.repoRoot };
          const annotations = [...findingAnnotations(findings, paths), ...caseAnnotations(result.model)];
          if (annotations.length > 0) io.stdout(`${annotations.join("\n")}\n`);
        }
        return exitCode;
      },
      async afterInterrupt(signal, settled) {
        console.close();
        const cleanup = await cleanupAfterInterrupt(
          io,
          { runId: plan.runId, clusterName: plan.clusterName, kubeconfigPath: files.kubeconfig },
          keep,
        );
        io.stderr(`run interrupted by ${signal}: ${cleanup}\n`);
        // The pipeline writes the report when it winds down in time; else it is written here.
        if (settled && existsSync(files.junit)) return;
        const model = assembleReport({
          run: {
            runId: plan.runId,
            startedAt: started.toISOString(),
            finishedAt: new Date().toISOString(),
            versions: {
              cilium: plan.cilium.chartVersion,
              chart: plan.cilium.chartVersion,
              kind: plan.kind.version,
            },
            command: "run",
          },
          deviations: plan.deviations,
          phases: [],
          suites: [
            staticCheckSuite(findings, checkRules, checkDurationMs),
            provisioningSuite({
              durationMs: Date.now() - started.getTime(),
              error: new InterruptedError(signal, `running (${cleanup})`),
              failedPhase: "interrupted",
            }),
          ],
          findings,
        });
        await finishReport(model, files.dir, io);
      },
    });
  } finally {
    console.close();
  }
}
