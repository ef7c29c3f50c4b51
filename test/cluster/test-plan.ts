// A real RunPlan for tests: planned from the embedded homelab fixture and the project's
// kind-config.yaml, exactly as `up` plans it.

import { fileURLToPath } from "node:url";
import { loadBaseKindConfig } from "../../src/plan/kind-config-file.ts";
import { planRun } from "../../src/plan/plan-run.ts";
import type { RunPlan } from "../../src/plan/run-plan.ts";
import { loadInfraRepo } from "../../src/repo/load-infra-repo.ts";

export const homelabFixture = fileURLToPath(new URL("../../fixtures/homelab", import.meta.url));

export async function homelabPlan(
  runId: string,
  options: { keep?: boolean; name?: string; repo?: string } = {},
): Promise<RunPlan> {
  const model = loadInfraRepo(options.repo ?? homelabFixture);
  return planRun(model, {
    runId,
    baseKindConfig: await loadBaseKindConfig(),
    keep: options.keep ?? false,
    ...(options.name ? { name: options.name } : {}),
  });
}

/**
 * The same plan with its LAN moved from 192.168.5.0/24 to `10.213.<octet>.0/24`, for tests that
 * create the network for real next to other tests (the structure — gateway .1, ip-range — stays).
 */
export function withLanOctet(plan: RunPlan, octet: number): RunPlan {
  const text = JSON.stringify(plan).replaceAll("192.168.5.", `10.213.${octet}.`);
  return JSON.parse(text) as RunPlan;
}
