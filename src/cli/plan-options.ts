// The options every command that plans a run shares (plan, up, run): declared once, read once.
// The repo is loaded apart from the plan because `run` checks it in between.

import { readFile } from "node:fs/promises";
import path from "node:path";
import { PlanError } from "../errors.ts";
import { budgetOverridesFromEnv, budgetOverridesFromText } from "../plan/budget-overrides.ts";
import { loadBaseKindConfig } from "../plan/kind-config-file.ts";
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
  return planRun(model, {
    runId: io.env[RUN_ID_ENV] ?? newRunId(new Date()),
    baseKindConfig,
    ...(ciliumVersion ? { ciliumVersion } : {}),
    ...(name ? { name } : {}),
    ...(stringOption(input, "nodes") === undefined ? {} : { nodes: integerOption(input, "nodes", 0) }),
    keep: booleanOption(input, "keep"),
    budgetOverrides: [fileOverrides, budgetOverridesFromEnv(io.env)],
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
