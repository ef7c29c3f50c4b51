// Budget overrides: a JSON or YAML file (`--budgets FILE`, a map of name to value) and env
// `CILIUM_CONFORMANCE_BUDGET_<NAME>` (NAME in any case, with or without underscores:
// CILIUM_CONFORMANCE_BUDGET_LB_IP_ASSIGNED or ..._LBIPASSIGNED). Env wins over the file.
// Durations: a number (ms) or "30s" / "2m" / "1m30s" / "500ms"; counts: a whole number.

import { parse } from "yaml";
import { PlanError } from "../errors.ts";
import { parseGoDuration } from "../go/go-duration.ts";
import {
  isWaitBudgetName,
  type WaitBudgetName,
  type WaitBudgets,
  waitBudgetNames,
  waitBudgetTable,
} from "./wait-budgets.ts";

export const BUDGET_ENV_PREFIX = "CILIUM_CONFORMANCE_BUDGET_";

export type BudgetOverrides = Partial<Record<WaitBudgetName, number>>;

/** Parses a budgets file's text (JSON is YAML). */
export function budgetOverridesFromText(text: string, file: string): BudgetOverrides {
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    throw new PlanError("CC_PLAN_BUDGETS_INVALID", `${file}: not valid JSON or YAML`, {
      file,
      cause: error,
      hint: 'write a map of budget names to durations, e.g. {"lbIpAssigned": "90s"}',
    });
  }
  if (data === null || data === undefined) return {};
  if (typeof data !== "object" || Array.isArray(data)) {
    throw new PlanError("CC_PLAN_BUDGETS_INVALID", `${file}: expected a map of budget names to values`, {
      file,
      hint: 'e.g. {"lbIpAssigned": "90s", "requiredConsecutiveSuccesses": 5}',
    });
  }
  const overrides: BudgetOverrides = {};
  for (const [key, value] of Object.entries(data)) {
    const name = knownName(key, `${file}: "${key}"`, file);
    overrides[name] = parseBudgetValue(name, value, `${file}: ${key}`, file);
  }
  return overrides;
}

/** Reads `CILIUM_CONFORMANCE_BUDGET_*` variables. */
export function budgetOverridesFromEnv(env: Record<string, string | undefined>): BudgetOverrides {
  const overrides: BudgetOverrides = {};
  for (const [variable, value] of Object.entries(env)) {
    if (!variable.startsWith(BUDGET_ENV_PREFIX) || value === undefined) continue;
    const suffix = variable.slice(BUDGET_ENV_PREFIX.length);
    const wanted = suffix.replaceAll("_", "").toLowerCase();
    const name = waitBudgetNames.find((candidate) => candidate.toLowerCase() === wanted);
    if (!name) knownName(suffix, `env ${variable}`, undefined);
    overrides[name!] = parseBudgetValue(name!, value, `env ${variable}`, undefined);
  }
  return overrides;
}

export function applyBudgetOverrides(budgets: WaitBudgets, ...layers: BudgetOverrides[]): WaitBudgets {
  const out = { ...budgets };
  for (const layer of layers) Object.assign(out, layer);
  return out;
}

function knownName(key: string, where: string, file: string | undefined): WaitBudgetName {
  if (isWaitBudgetName(key)) return key;
  throw new PlanError("CC_PLAN_BUDGETS_INVALID", `${where} is not a known wait budget`, {
    ...(file ? { file } : {}),
    hint: `known budgets: ${waitBudgetNames.join(", ")}`,
  });
}

function parseBudgetValue(
  name: WaitBudgetName,
  value: unknown,
  where: string,
  file: string | undefined,
): number {
  const spec = waitBudgetTable[name];
  const text =
    typeof value === "number" ? String(value) : typeof value === "string" ? value.trim() : undefined;
  let parsed: number | undefined;
  if (text !== undefined && /^\d+$/.test(text)) parsed = Number(text);
  else if (text !== undefined && spec.unit === "ms") parsed = parseGoDuration(text);
  if (parsed === undefined || parsed <= 0 || !Number.isSafeInteger(parsed)) {
    const expected =
      spec.unit === "ms"
        ? 'a positive duration: milliseconds (90000) or "90s" / "2m" / "1m30s"'
        : "a positive whole number";
    throw new PlanError("CC_PLAN_BUDGETS_INVALID", `${where}: ${JSON.stringify(value)} is not ${expected}`, {
      ...(file ? { file } : {}),
      hint: `${name}: ${spec.why}`,
    });
  }
  return parsed;
}
