// The named waits of `up`, keyed by the plan's wait names. Each polls the API through
// KubeAccess and says what it last saw when the budget runs out.

import { ProvisioningError } from "../errors.ts";
import type { WaitStep } from "../plan/run-plan.ts";
import type { Clock } from "../wait/clock.ts";
import { type Observation, waitUntil } from "../wait/wait-until.ts";
import { conditionIsTrue, conditionsOf, describeCondition, type KubeAccess } from "./kube-access.ts";

export const WAIT_POLL_MS = 2000;

type Observer = (kube: KubeAccess, targets: readonly string[]) => Promise<Observation<true>>;

const observers: Record<string, { expectation: string; observe: Observer }> = {
  gatewayApiCrdsEstablished: { expectation: "Gateway API CRDs not Established", observe: crdsEstablished },
  nodesReady: { expectation: "nodes not Ready", observe: nodesReady },
  gatewayClassAccepted: { expectation: "GatewayClass not Accepted", observe: gatewayClassAccepted },
};

export function knownWaits(): string[] {
  return Object.keys(observers);
}

export async function runPlannedWait(step: WaitStep, kube: KubeAccess, clock: Clock): Promise<void> {
  const observer = observers[step.wait];
  if (!observer) {
    throw new ProvisioningError(
      step.phase,
      `the plan asks for wait "${step.wait}", which up does not know (known: ${knownWaits().join(", ")})`,
    );
  }
  await waitUntil({
    name: step.wait,
    budgetMs: step.budgetMs,
    expectation: observer.expectation,
    observe: () => observer.observe(kube, step.targets.map(targetName)),
    intervalMs: WAIT_POLL_MS,
    clock,
  });
}

/** Plan targets read `<resource>/<name>` (`crd/gateways.gateway.networking.k8s.io`, `node/x`). */
export function targetName(target: string): string {
  return target.replace(/^[a-z]+\//, "");
}

async function crdsEstablished(kube: KubeAccess, names: readonly string[]): Promise<Observation<true>> {
  const pending: string[] = [];
  for (const name of names) {
    const crd = await kube.get("apiextensions.k8s.io/v1", "CustomResourceDefinition", name);
    if (!crd) pending.push(`${name} missing`);
    else if (!conditionIsTrue(crd, "Established")) {
      pending.push(`${name} ${describeCondition(conditionsOf(crd), "Established")}`);
    }
  }
  return {
    done: pending.length === 0,
    value: true,
    seen: `${names.length - pending.length}/${names.length} Established${pending.length ? `; ${pending.join(", ")}` : ""}`,
  };
}

async function nodesReady(kube: KubeAccess, names: readonly string[]): Promise<Observation<true>> {
  const nodes = await kube.list("v1", "Node");
  const pending: string[] = [];
  for (const name of names) {
    const node = nodes.find((candidate) => candidate.metadata.name === name);
    if (!node) pending.push(`${name} not registered`);
    else if (!conditionIsTrue(node, "Ready"))
      pending.push(`${name} ${describeCondition(conditionsOf(node), "Ready")}`);
  }
  return {
    done: pending.length === 0,
    value: true,
    seen: `${names.length - pending.length}/${names.length} Ready${pending.length ? `; ${pending.join(", ")}` : ""}`,
  };
}

async function gatewayClassAccepted(
  kube: KubeAccess,
  targets: readonly string[],
): Promise<Observation<true>> {
  const pending: string[] = [];
  for (const name of targets) {
    const gatewayClass = await kube.get("gateway.networking.k8s.io/v1", "GatewayClass", name);
    if (!gatewayClass)
      pending.push(`GatewayClass ${name} does not exist (operator without Gateway API support?)`);
    else if (!conditionIsTrue(gatewayClass, "Accepted")) {
      pending.push(`GatewayClass ${name} ${describeCondition(conditionsOf(gatewayClass), "Accepted")}`);
    }
  }
  return { done: pending.length === 0, value: true, seen: pending.join(", ") || "Accepted" };
}
