// The options every command that plans a run shares (plan, up, run): declared once, read once.
// The repo is loaded apart from the plan because `run` checks it in between.

import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Finding } from "../checks/finding.ts";
import { ConformanceFailedError, PlanError } from "../errors.ts";
import { budgetOverridesFromEnv, budgetOverridesFromText } from "../plan/budget-overrides.ts";
import { loadBaseKindConfig } from "../plan/kind-config-file.ts";
import { blockingFindings } from "../plan/plan-findings.ts";
import { planRun } from "../plan/plan-run.ts";
import { newRunId, RUN_ID_ENV } from "../plan/run-id.ts";
import type { RunPlan } from "../plan/run-plan.ts";
import type { InfraModel } from "../repo/infra-model.ts";
import { loadInfraRepo } from "../repo/load-infra-repo.ts";
import type { CliIO, CommandInput, OptionSpec } from "./command.ts";
import { booleanOption, integerOption, stringOption } from "./options.ts";
import { REPO_OPTION, repoRootFromOptions } from "./repo-option.ts";

/** --repo, --cilium-version, --name, --nodes, --keep, --budgets, --kind-config. */
export const PLAN_OPTIONS: readonly OptionSpec[] = [
  REPO_OPTION,
  {
    name: "cilium-version",
    type: "string",
    valueName: "x.y.z",
    description: "chart version to use instead of the repo's pin (e.g. an upgrade candidate)",
  },
  {
    name: "name",
    type: "string",
    valueName: "name",
    description: "kind cluster name (default: cc-<run-id>)",
  },
  {
    name: "nodes",
    type: "string",
    valueName: "n",
    description: "worker count, at least 2 (default: kind-config.yaml's)",
  },
  {
    name: "keep",
    type: "boolean",
    description: "keep the cluster afterwards, also after a failure (remove it with `down`)",
  },
  {
    name: "budgets",
    type: "string",
    valueName: "file",
    description: "JSON/YAML file of wait budget overrides",
  },
  {
    name: "kind-config",
    type: "string",
    valueName: "file",
    description: "base kind config (default: the project's kind-config.yaml)",
  },
  {
    name: "gateway-api-crds",
    type: "string",
    valueName: "file|url",
    description:
      "Gateway API CRDs to install instead of the release bundle the chart requires (a local file or a mirror URL, e.g. on an air-gapped runner); must define every CRD of that version and channel",
  },
];

/** The repo named by --repo (relative to the working directory), or the embedded example. */
export function loadRepoFromOptions(input: CommandInput, io: CliIO): InfraModel {
  return loadInfraRepo(repoRootFromOptions(input, io));
}

/** planRun from the options, the budgets file and env, and the run id (env, else a new one). */
export async function planFromOptions(model: InfraModel, input: CommandInput, io: CliIO): Promise<RunPlan> {
  const resolve = (value: string) => path.resolve(io.cwd, value);
  const kindConfig = stringOption(input, "kind-config");
  const baseKindConfig = await loadBaseKindConfig(kindConfig ? resolve(kindConfig) : undefined);
  const budgetsFile = stringOption(input, "budgets");
  const fileOverrides = budgetsFile
    ? budgetOverridesFromText(await readBudgets(resolve(budgetsFile)), budgetsFile)
    : {};
  const ciliumVersion = stringOption(input, "cilium-version");
  const name = stringOption(input, "name");
  const crds = stringOption(input, "gateway-api-crds");
  const gatewayApiCrds = crds === undefined || /^https?:\/\//.test(crds) ? crds : resolve(crds);
  return planRun(model, {
    runId: io.env[RUN_ID_ENV] ?? newRunId(new Date()),
    baseKindConfig,
    ...(ciliumVersion ? { ciliumVersion } : {}),
    ...(name ? { name } : {}),
    ...(stringOption(input, "nodes") === undefined ? {} : { nodes: integerOption(input, "nodes", 0) }),
    keep: booleanOption(input, "keep"),
    budgetOverrides: [fileOverrides, budgetOverridesFromEnv(io.env)],
    ...(gatewayApiCrds ? { gatewayApiCrds } : {}),
  });
}

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

/** Why `up`/`run` must not create a cluster for this plan, or undefined when nothing blocks it. */
export function planBlocker(plan: RunPlan): string | undefined {
  const blocking = blockingFindings(plan.findings);
  if (blocking.length === 0) return undefined;
  return `the repo cannot be installed as it is on Cilium ${plan.cilium.chartVersion} (${blocking.length} error${blocking.length === 1 ? "" : "s"}), so no cluster was created:\n${blocking.map((f) => `  ${f.file}:${f.line} ${f.id}: ${f.message}`).join("\n")}`;
}

/** `up` refuses a blocked plan: the repo fails (exit 1), nothing is created. */
export function refuseBlockedPlan(plan: RunPlan): void {
  const blocker = planBlocker(plan);
  if (blocker === undefined) return;
  throw new ConformanceFailedError(blocker, {
    hint: "fix the repo (or pick another --cilium-version); `plan` lists the same findings, `run` reports them as failed cases",
  });
}

/** The static findings plus the plan's, without repeating one both found (same id, file and line). */
export function withPlanFindings(findings: readonly Finding[], plan: RunPlan): Finding[] {
  const key = (f: Finding) => `${f.id}\u0000${f.file}\u0000${f.line}`;
  const seen = new Set(findings.map(key));
  return [...findings, ...plan.findings.filter((finding) => !seen.has(key(finding)))];
}
