// What a suite knows about the run, loaded once per suite file in the vitest worker: the run
// context (`up`'s hand-over), the plan it ran (budgets, compat facts, the manifests as applied),
// the repo model (the promises) and the compat facts of the Cilium version under test.

import { readFile } from "node:fs/promises";
import type { RunContext } from "../cluster/run-context.ts";
import { readRunContext } from "../cluster/run-context-file.ts";
import { compatFor } from "../compat/compat-for.ts";
import type { CiliumCompat } from "../compat/compat-types.ts";
import { EnvironmentError } from "../errors.ts";
import type { RunPlan } from "../plan/run-plan.ts";
import type { WaitBudgets } from "../plan/wait-budgets.ts";
import type { InfraModel } from "../repo/infra-model.ts";
import { loadInfraRepo } from "../repo/load-infra-repo.ts";
import { SUITE_ENV, type SuiteOptions, suiteOptionsFromEnv } from "./suite-env.ts";

export interface SuiteContext {
  run: RunContext;
  plan: RunPlan;
  model: InfraModel;
  compat: CiliumCompat;
  budgets: WaitBudgets;
  options: SuiteOptions;
}

export async function loadSuiteContext(env: Record<string, string | undefined>): Promise<SuiteContext> {
  const options = suiteOptionsFromEnv(env);
  if (!options.contextFile) {
    throw new EnvironmentError(
      "CC_ENV_CONTEXT_MISSING",
      `${SUITE_ENV.context} is not set: the suites need a run context`,
      {
        hint: "run the suites through `cilium-conformance test` (or `run`), not vitest directly",
      },
    );
  }
  const run = await readRunContext(options.contextFile);
  let plan: RunPlan;
  try {
    plan = JSON.parse(await readFile(run.planPath, "utf8")) as RunPlan;
  } catch (error) {
    throw new EnvironmentError("CC_ENV_CONTEXT_MISSING", `cannot read the run's plan ${run.planPath}`, {
      file: run.planPath,
      cause: error,
      hint: "it is written by `up` beside the run context; run `up` again",
    });
  }
  const model = loadInfraRepo(run.repoRoot);
  return { run, plan, model, compat: compatFor(run.versions.cilium), budgets: plan.budgets, options };
}
