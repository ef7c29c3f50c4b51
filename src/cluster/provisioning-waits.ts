// The plan's waits: every target (`<resource>/<name>`) must have the step's condition True; a
// `helm-release/<namespace>/<release>` target (condition RolledOut) must have every DaemonSet and
// Deployment of that release rolled out (release-rollouts.ts). Polled through KubeAccess; on
// timeout the error says what each pending target last showed.

import { ProvisioningError } from "../errors.ts";
import { HELM_RELEASE_TARGET } from "../plan/plan-commands.ts";
import type { WaitStep } from "../plan/run-plan.ts";
import type { Clock } from "../wait/clock.ts";
import { type Observation, waitUntil } from "../wait/wait-until.ts";
import { conditionIsTrue, conditionsOf, describeCondition, type KubeAccess } from "./kube-access.ts";
import { observeReleaseRollouts } from "./release-rollouts.ts";

export const WAIT_POLL_MS = 2000;

/** Resources a plan's wait may name, by the prefix of its targets. */
const RESOURCES: Record<string, { apiVersion: string; kind: string }> = {
  crd: { apiVersion: "apiextensions.k8s.io/v1", kind: "CustomResourceDefinition" },
  node: { apiVersion: "v1", kind: "Node" },
  gatewayclass: { apiVersion: "gateway.networking.k8s.io/v1", kind: "GatewayClass" },
};

type Target =
  | { text: string; name: string; apiVersion: string; kind: string }
  | { text: string; release: string; namespace: string };

export function parseTarget(text: string, phase: string): Target {
  const release = new RegExp(`^${HELM_RELEASE_TARGET}/([^/]+)/([^/]+)$`).exec(text);
  if (release) return { text, namespace: release[1]!, release: release[2]! };
  const slash = text.indexOf("/");
  const resource = RESOURCES[text.slice(0, slash).toLowerCase()];
  if (slash <= 0 || !resource) {
    throw new ProvisioningError(
      phase,
      `the plan waits on "${text}", which up cannot read (known: ${Object.keys(RESOURCES)
        .map((r) => `${r}/<name>`)
        .concat(`${HELM_RELEASE_TARGET}/<namespace>/<release>`)
        .join(", ")})`,
    );
  }
  return { text, name: text.slice(slash + 1), ...resource };
}

export async function runPlannedWait(step: WaitStep, kube: KubeAccess, clock: Clock): Promise<void> {
  const targets = step.targets.map((target) => parseTarget(target, step.phase));
  await waitUntil({
    name: step.wait,
    budgetMs: step.budgetMs,
    expectation: `not ${step.condition}`,
    observe: () => observe(kube, targets, step.condition),
    intervalMs: WAIT_POLL_MS,
    clock,
  });
}

async function observe(
  kube: KubeAccess,
  targets: readonly Target[],
  condition: string,
): Promise<Observation<true>> {
  const pending: string[] = [];
  for (const target of targets) {
    if ("release" in target) {
      const rollout = await observeReleaseRollouts(kube, target.namespace, target.release);
      if (!rollout.done) pending.push(`${target.text}: ${rollout.seen}`);
      continue;
    }
    const object = await kube.get(target.apiVersion, target.kind, target.name);
    if (!object) pending.push(`${target.text} missing`);
    else if (!conditionIsTrue(object, condition)) {
      pending.push(`${target.text} ${describeCondition(conditionsOf(object), condition)}`);
    }
  }
  const done = targets.length - pending.length;
  return {
    done: pending.length === 0,
    value: true,
    seen: `${done}/${targets.length} ${condition}${pending.length ? `; ${pending.join(", ")}` : ""}`,
  };
}
