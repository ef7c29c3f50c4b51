// Writes the plan's files into `${planDir}` (reports/<run-id>/plan): the kind config, the repo's
// values, the kind overlay (only once the control-plane IP is known), the Namespace Cilium goes into when the
// cluster lacks it, and the repo manifests.

import { chmod, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { stringify } from "yaml";
import { ProvisioningError } from "../errors.ts";
import { renderCommandsScript } from "../plan/commands-script.ts";
import { type PlaceholderValues, resolvePlaceholders, unresolvedPlaceholders } from "../plan/placeholders.ts";
import { ciliumNamespaceManifest, PLAN_FILES } from "../plan/plan-commands.ts";
import type { RunPlan } from "../plan/run-plan.ts";

/** What can be written before the cluster exists, and commands.sh (the same steps, to reproduce by hand). */
export async function writePlanFilesBeforeCluster(plan: RunPlan, planDir: string): Promise<void> {
  await mkdir(join(planDir, PLAN_FILES.manifestsDir), { recursive: true });
  await writeFile(join(planDir, PLAN_FILES.commandsScript), renderCommandsScript(plan));
  await chmod(join(planDir, PLAN_FILES.commandsScript), 0o755);
  await writeFile(join(planDir, PLAN_FILES.kindConfig), plan.kind.configYaml);
  await writeFile(join(planDir, PLAN_FILES.values), stringify(plan.cilium.values));
  const namespace = ciliumNamespaceManifest(plan.cilium.namespace);
  if (namespace) await writeFile(join(planDir, PLAN_FILES.ciliumNamespace), stringify(namespace));
  for (const manifest of [...plan.manifests.pools, ...plan.manifests.l2Policies]) {
    await writeFile(join(planDir, PLAN_FILES.manifestsDir, manifest.file), stringify(manifest.body));
  }
}

/** The overlay with `${controlPlaneIp}` and friends resolved; refuses to write a leftover token. */
export async function writeValuesOverlay(
  plan: RunPlan,
  planDir: string,
  values: PlaceholderValues,
): Promise<void> {
  const overlay = resolvePlaceholders(plan.cilium.overlay, values);
  const left = unresolvedPlaceholders(overlay);
  if (left.length > 0) {
    throw new ProvisioningError(
      "cilium-install",
      `the values overlay still holds ${left.join(", ")} after resolving`,
    );
  }
  await writeFile(join(planDir, PLAN_FILES.valuesOverlay), stringify(overlay));
}
