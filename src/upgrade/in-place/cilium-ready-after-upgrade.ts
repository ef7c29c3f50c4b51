// The in-place upgrade's `cilium-ready` step, the same two waits as `up`'s (plan-commands.ts):
// `cilium status --wait --ignore-warnings` within the run's ciliumReady budget, its warnings
// logged as notes, then the ciliumRollouts wait on every DaemonSet and Deployment of the Helm
// release (an upgrade rolls each of them; status alone lets a half-rolled Envoy or relay pass).

import type { KubeAccess } from "../../cluster/kube-access.ts";
import { WAIT_POLL_MS } from "../../cluster/provisioning-waits.ts";
import { observeReleaseRollouts } from "../../cluster/release-rollouts.ts";
import { CILIUM_RELEASE } from "../../plan/plan-commands.ts";
import type { WaitBudgets } from "../../plan/wait-budgets.ts";
import type { CiliumCli, CiliumTarget } from "../../tools/cilium-cli.ts";
import { statusWarningNotes } from "../../tools/cilium-status-output.ts";
import type { Clock } from "../../wait/clock.ts";
import { waitUntil } from "../../wait/wait-until.ts";

export interface CiliumReadyDeps {
  cilium: Pick<CiliumCli, "statusWait">;
  kube: Pick<KubeAccess, "list">;
  /** Where Cilium runs: its namespace is the release's. */
  target: CiliumTarget & { namespace: string };
  budgets: Pick<WaitBudgets, "ciliumReady" | "ciliumRollouts">;
  clock: Clock;
  log(line: string): void;
}

export async function waitCiliumReadyAfterUpgrade(deps: CiliumReadyDeps): Promise<void> {
  const status = await deps.cilium.statusWait({
    ...deps.target,
    waitDurationMs: deps.budgets.ciliumReady,
    ignoreWarnings: true,
  });
  for (const note of statusWarningNotes(status.stdout)) deps.log(`  ${note}\n`);
  await waitUntil({
    name: "ciliumRollouts",
    budgetMs: deps.budgets.ciliumRollouts,
    expectation: `Helm release ${deps.target.namespace}/${CILIUM_RELEASE} not rolled out`,
    observe: () => observeReleaseRollouts(deps.kube, deps.target.namespace, CILIUM_RELEASE),
    intervalMs: WAIT_POLL_MS,
    clock: deps.clock,
  });
}
