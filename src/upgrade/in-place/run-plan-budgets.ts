// The wait budgets of the run the in-place upgrade works on: read from the plan `up` wrote beside
// the run context (`--budgets` overrides included), so the upgrade waits as long as `up` and the
// suites do for the same thing, never a budget of its own.

import { readFile } from "node:fs/promises";
import type { RunContext } from "../../cluster/run-context.ts";
import { EnvironmentError } from "../../errors.ts";
import { isWaitBudgetName, type WaitBudgets, waitBudgetNames } from "../../plan/wait-budgets.ts";

export async function readRunPlanBudgets(context: Pick<RunContext, "planPath">): Promise<WaitBudgets> {
  const file = context.planPath;
  let budgets: unknown;
  try {
    budgets = (JSON.parse(await readFile(file, "utf8")) as { budgets?: unknown }).budgets;
  } catch (error) {
    throw new EnvironmentError("CC_ENV_CONTEXT_MISSING", `cannot read the run's plan ${file}`, {
      file,
      cause: error,
      hint: "it is written by `up` beside the run context; run `up` again",
    });
  }
  const record = typeof budgets === "object" && budgets !== null ? (budgets as Record<string, unknown>) : {};
  const missing = waitBudgetNames.filter((name) => typeof record[name] !== "number");
  if (missing.length > 0) {
    throw new EnvironmentError(
      "CC_ENV_CONTEXT_MISSING",
      `the run's plan ${file} has no budget for ${missing.join(", ")}`,
      { file, hint: "it was written by another version of the harness; run `up` again" },
    );
  }
  const result = {} as WaitBudgets;
  for (const [name, value] of Object.entries(record))
    if (isWaitBudgetName(name)) result[name] = value as number;
  return result;
}
