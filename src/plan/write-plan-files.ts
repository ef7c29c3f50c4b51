// Writes a plan as files (`plan --out DIR`; `up` writes the same under reports/<run-id>/plan
// after resolving the placeholders). The commands refer to these names (PLAN_FILES).

import { chmod, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { stringify } from "yaml";
import { renderCommandsScript } from "./commands-script.ts";
import { PLAN_FILES } from "./plan-commands.ts";
import type { RunPlan } from "./run-plan.ts";

const yaml = (value: unknown): string => stringify(value, { lineWidth: 0 });
const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/** Writes every plan file into `dir` and returns the relative paths written, in order. */
export async function writePlanFiles(plan: RunPlan, dir: string): Promise<string[]> {
  const files: [string, string][] = [
    ["plan.json", json(plan)],
    [PLAN_FILES.kindConfig, plan.kind.configYaml],
    [PLAN_FILES.values, yaml(plan.cilium.values)],
    [PLAN_FILES.valuesOverlay, overlayYaml(plan)],
    ["lan.json", json(plan.lan)],
    ["deviations.json", json(plan.deviations)],
    ["budgets.json", json(plan.budgets)],
    ...[...plan.manifests.pools, ...plan.manifests.l2Policies].map(
      (manifest) => [`${PLAN_FILES.manifestsDir}/${manifest.file}`, yaml(manifest.body)] as [string, string],
    ),
    [PLAN_FILES.commandsScript, renderCommandsScript(plan)],
  ];
  await mkdir(join(dir, PLAN_FILES.manifestsDir), { recursive: true });
  for (const [name, content] of files) await writeFile(join(dir, name), content);
  await chmod(join(dir, PLAN_FILES.commandsScript), 0o755);
  return files.map(([name]) => name);
}

function overlayYaml(plan: RunPlan): string {
  const header = plan.cilium.deviations.map(
    (deviation) =>
      `# ${deviation.key}: ${JSON.stringify(deviation.repoValue)} -> ${JSON.stringify(deviation.kindValue)} (${deviation.reason})`,
  );
  return `# What kind forces on the repo's values (applied after values.yaml); nothing else changes.\n${header.join("\n")}\n${yaml(plan.cilium.overlay)}`;
}
