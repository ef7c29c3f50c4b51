// `cilium-conformance plan`: everything `up` would do, computed offline from the repo, printed
// (human or JSON) and optionally written as files. Nothing is created or contacted.

import path from "node:path";
import { isFileSystemError, outputFolderError } from "../cluster/run-folder.ts";
import { ExitCode } from "../errors.ts";
import { renderPlanHuman } from "../plan/render-plan.ts";
import { RUN_ID_ENV } from "../plan/run-id.ts";
import { writePlanFiles } from "../plan/write-plan-files.ts";
import type { CliIO, Command, CommandInput } from "./command.ts";
import { stringOption } from "./options.ts";
import { loadRepoFromOptions, PLAN_OPTIONS, planFromOptions } from "./plan-options.ts";

const FORMATS = ["human", "json"] as const;

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
    ...PLAN_OPTIONS,
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
  const plan = await planFromOptions(loadRepoFromOptions(input, io), input, io);
  io.stdout(
    stringOption(input, "format") === "json" ? `${JSON.stringify(plan, null, 2)}\n` : renderPlanHuman(plan),
  );
  const out = stringOption(input, "out");
  if (out) {
    const folder = path.resolve(io.cwd, out);
    const written = await writePlanFiles(plan, folder).catch((error: unknown) => {
      if (!isFileSystemError(error)) throw error;
      throw outputFolderError(
        folder,
        error,
        "--out",
        "give --out a folder you can write (it is created if missing)",
      );
    });
    io.stderr(`wrote ${written.length} files to ${out}: ${written.join(", ")}\n`);
  }
  return ExitCode.pass;
}
