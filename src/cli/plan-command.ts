// `cilium-conformance plan`: everything `up` would do, computed offline from the repo, printed
// (human or JSON) and optionally written as files. Nothing is created or contacted.

import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ExitCode, PlanError } from "../errors.ts";
import { budgetOverridesFromEnv, budgetOverridesFromText } from "../plan/budget-overrides.ts";
import { loadBaseKindConfig } from "../plan/kind-config-file.ts";
import { planRun } from "../plan/plan-run.ts";
import { renderPlanHuman } from "../plan/render-plan.ts";
import { newRunId, RUN_ID_ENV } from "../plan/run-id.ts";
import { writePlanFiles } from "../plan/write-plan-files.ts";
import { loadInfraRepo } from "../repo/load-infra-repo.ts";
import type { CliIO, Command, CommandInput } from "./command.ts";
import { booleanOption, integerOption, stringOption } from "./options.ts";

const FORMATS = ["human", "json"] as const;

// The embedded example repo next to the package (as `check` uses; not imported from it, so that
// `plan` does not load the static checks).
const embeddedHomelab = fileURLToPath(new URL("../../fixtures/homelab", import.meta.url));

export const command: Command = {
  name: "plan",
  summary:
    "show what `up` would do: kind config, LAN, Cilium values overlay and deviations, commands (offline)",
  details: `Reads the GitOps repo and kind-config.yaml and prints the run plan: versions, the mirrored
LAN network, every deviation from the repo's values and manifests (with the reason), the wait
budgets and the exact commands in order. Works fully offline; creates nothing.

In --format json, the kind config, values overlay, deviations and manifests are objects.
--out DIR also writes kind-config.yaml, values.yaml, values-overlay.yaml, lan.json,
deviations.json, budgets.json, manifests/*.yaml, commands.sh and plan.json.

Budgets: --budgets FILE (JSON/YAML map, e.g. {"lbIpAssigned": "90s"}) and env
CILIUM_CONFORMANCE_BUDGET_<NAME>=<ms|30s|2m> (env wins). Run id: env ${RUN_ID_ENV}, else generated.

Exit codes: 0 planned, 2 bad input (repo, options, kind config, budgets, no room on the LAN).

Examples:
  cilium-conformance plan
  cilium-conformance plan --repo ~/src/homelab --cilium-version 1.19.5 --format json
  cilium-conformance plan --nodes 3 --out /tmp/plan`,
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
      description: "chart version to plan instead of the repo's pin (e.g. an upgrade candidate)",
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
    { name: "keep", type: "boolean", description: "keep the cluster after the run" },
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
      name: "format",
      type: "string",
      valueName: "format",
      choices: FORMATS,
      default: "human",
      description: "output format",
    },
    {
      name: "out",
      type: "string",
      valueName: "dir",
      description: "also write the plan as files into this folder",
    },
  ],
  run: runPlan,
};

async function runPlan(input: CommandInput, io: CliIO): Promise<ExitCode> {
  const resolve = (value: string) => path.resolve(io.cwd, value);
  const repoOption = stringOption(input, "repo");
  const model = loadInfraRepo(repoOption === undefined ? embeddedHomelab : resolve(repoOption));
  const kindConfigOption = stringOption(input, "kind-config");
  const baseKindConfig = await loadBaseKindConfig(kindConfigOption ? resolve(kindConfigOption) : undefined);
  const budgetsFile = stringOption(input, "budgets");
  const fileOverrides = budgetsFile
    ? budgetOverridesFromText(await readBudgets(resolve(budgetsFile)), budgetsFile)
    : {};
  const nodesOption = stringOption(input, "nodes");
  const ciliumVersion = stringOption(input, "cilium-version");
  const name = stringOption(input, "name");

  const plan = planRun(model, {
    runId: io.env[RUN_ID_ENV] ?? newRunId(new Date()),
    baseKindConfig,
    ...(ciliumVersion ? { ciliumVersion } : {}),
    ...(name ? { name } : {}),
    ...(nodesOption === undefined ? {} : { nodes: integerOption(input, "nodes", 0) }),
    keep: booleanOption(input, "keep"),
    budgetOverrides: [fileOverrides, budgetOverridesFromEnv(io.env)],
  });

  io.stdout(
    stringOption(input, "format") === "json" ? `${JSON.stringify(plan, null, 2)}\n` : renderPlanHuman(plan),
  );
  const out = stringOption(input, "out");
  if (out) {
    const written = await writePlanFiles(plan, resolve(out));
    io.stderr(`wrote ${written.length} files to ${out}: ${written.join(", ")}\n`);
  }
  return ExitCode.pass;
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
