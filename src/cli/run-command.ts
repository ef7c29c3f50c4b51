// `cilium-conformance run`: check → up → test → down, one report at the end whatever happened.

import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runChecks } from "../checks/run-checks.ts";
import { runDown } from "../cluster/down.ts";
import { k8sKubeAccessFactory } from "../cluster/kube-access-k8s.ts";
import { loadManifestSource } from "../cluster/manifest-source.ts";
import { reportsRoot, runFiles } from "../cluster/report-paths.ts";
import { createToolbox } from "../cluster/toolbox.ts";
import { runUp } from "../cluster/up.ts";
import { latestRunContextPath, writeLatestRun } from "../conformance/latest-run.ts";
import { type RunPipelineDeps, runPipeline } from "../conformance/run-pipeline.ts";
import { selectSuites } from "../conformance/suite-catalog.ts";
import { type ExitCode, PlanError } from "../errors.ts";
import { budgetOverridesFromEnv, budgetOverridesFromText } from "../plan/budget-overrides.ts";
import { loadBaseKindConfig } from "../plan/kind-config-file.ts";
import { planRun } from "../plan/plan-run.ts";
import { newRunId, RUN_ID_ENV } from "../plan/run-id.ts";
import type { RunPlan } from "../plan/run-plan.ts";
import { loadInfraRepo } from "../repo/load-infra-repo.ts";
import { systemClock } from "../wait/clock.ts";
import type { CliIO, Command, CommandInput } from "./command.ts";
import { booleanOption, integerOption, listOption, stringOption } from "./options.ts";
import { finishReport, realTestDeps, suiteOptionsOf, testOptions } from "./test-command.ts";

const embeddedHomelab = fileURLToPath(new URL("../../fixtures/homelab", import.meta.url));

export const command: Command = {
  name: "run",
  summary: "check → up → test → down in one go, with one report (what CI runs)",
  details: `Runs the static checks, stands up the kind cluster with the repo's Cilium, runs the
suites and tears everything down, then writes reports/<run-id>/junit.xml, summary.md (+ the
GitHub step summary), report.json and allure-results/ — also when a stage fails.

Static-check errors make the final exit 1 but the cluster stages still run (unless --fail-fast).
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
    {
      name: "repo",
      type: "string",
      valueName: "dir",
      description: "root of the GitOps repo (default: the embedded fixtures/homelab)",
    },
    {
      name: "cilium-version",
      type: "string",
      valueName: "version",
      description: "chart version instead of the repo's pin",
    },
    {
      name: "name",
      type: "string",
      valueName: "name",
      description: "kind cluster name (default: cc-<run-id>)",
    },
    { name: "nodes", type: "string", valueName: "n", description: "worker count, at least 2" },
    { name: "keep", type: "boolean", description: "keep the cluster afterwards (remove it with `down`)" },
    {
      name: "budgets",
      type: "string",
      valueName: "file",
      description: "JSON/YAML file of wait budget overrides",
    },
    { name: "fail-fast", type: "boolean", description: "stop after the static checks when they find errors" },
    ...testOptions,
  ],
  run: (input, io) => executeRun(input, io),
};

async function readBudgets(file: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    throw new PlanError("CC_PLAN_BUDGETS_INVALID", `cannot read the budgets file ${file}`, {
      file,
      cause: error,
      hint: "check the path given to --budgets",
    });
  }
}

/** Everything before the cluster: options, repo, findings, plan. Bad input throws (exit 2). */
export async function prepareRun(input: CommandInput, io: CliIO) {
  const resolve = (value: string) => path.resolve(io.cwd, value);
  const suites = selectSuites(listOption(input, "suite"));
  const repoOption = stringOption(input, "repo");
  const model = loadInfraRepo(repoOption === undefined ? embeddedHomelab : resolve(repoOption));
  const findings = runChecks(model);
  const budgetsFile = stringOption(input, "budgets");
  const fileOverrides = budgetsFile
    ? budgetOverridesFromText(await readBudgets(resolve(budgetsFile)), budgetsFile)
    : {};
  const nodes = stringOption(input, "nodes");
  const ciliumVersion = stringOption(input, "cilium-version");
  const name = stringOption(input, "name");
  const plan = planRun(model, {
    runId: io.env[RUN_ID_ENV] ?? newRunId(new Date()),
    baseKindConfig: await loadBaseKindConfig(),
    ...(ciliumVersion ? { ciliumVersion } : {}),
    ...(name ? { name } : {}),
    ...(nodes === undefined ? {} : { nodes: integerOption(input, "nodes", 0) }),
    keep: booleanOption(input, "keep"),
    budgetOverrides: [fileOverrides, budgetOverridesFromEnv(io.env)],
  });
  return { suites, model, findings, plan };
}

export function realRunDeps(io: CliIO): RunPipelineDeps {
  const toolbox = createToolbox({ env: io.env, cwd: io.cwd });
  const root = reportsRoot(io.env, io.cwd);
  return {
    async up(plan: RunPlan) {
      const files = runFiles(root, plan.runId);
      await mkdir(files.dir, { recursive: true });
      const context = await runUp(
        { plan, files, repoRoot: plan.repoRoot },
        {
          preflight: () => toolbox.preflight(),
          docker: toolbox.docker,
          exec: (tool, args, options) => toolbox.exec(tool, args, options),
          kube: k8sKubeAccessFactory({ clusterName: plan.clusterName, lanSubnet: plan.lan.subnet }),
          loadManifests: loadManifestSource,
          clock: systemClock,
          now: () => new Date(),
          transcript: toolbox.transcript,
          log: (line) => io.stderr(line),
        },
      );
      await writeLatestRun(root, plan.runId);
      return { context, contextFile: await latestRunContextPath(root) };
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
          deleteCluster: async (name, kubeconfig) => {
            await toolbox.exec(
              "kind",
              ["delete", "cluster", "--name", name, ...(kubeconfig ? ["--kubeconfig", kubeconfig] : [])],
              { timeoutMs: 300_000 },
            );
          },
          log: (line) => io.stderr(line),
        },
      );
      return result.removed.length > 0 ? `removed ${result.removed.join(", ")}` : "nothing left to remove";
    },
    clock: () => performance.now(),
    now: () => new Date(),
    log: (line) => io.stderr(line),
  };
}

export async function executeRun(
  input: CommandInput,
  io: CliIO,
  deps: RunPipelineDeps = realRunDeps(io),
): Promise<ExitCode> {
  const { suites, findings, plan } = await prepareRun(input, io);
  const result = await runPipeline(
    {
      plan,
      findings,
      suites,
      options: suiteOptionsOf(input),
      keep: booleanOption(input, "keep"),
      keepOnFailure: booleanOption(input, "keep-on-failure"),
      failFast: booleanOption(input, "fail-fast"),
      command: ["run", ...process.argv.slice(3)].join(" "),
    },
    deps,
  );
  io.stderr(`cluster: ${result.teardown}\n`);
  return finishReport(result.model, runFiles(reportsRoot(io.env, io.cwd), plan.runId).dir, io);
}
