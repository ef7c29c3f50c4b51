// Puts the repo's contracts into the cluster: the namespaces the objects name (created when
// missing), then the Services (the repo's as written; made-up ones labelled as the harness's),
// the stand-in Deployments, the Gateways and the HTTPRoutes — in that order, so a route finds its
// Gateway and its backends — and waits until every stand-in is rolled out.

import { deploymentReady, type WireDeployment } from "../../decisions/rollout-ready.ts";
import type { KubeClient } from "../../k8s/kube-client.ts";
import { type KubeObject, type ObjectRef, refOf } from "../../k8s/kube-object.ts";
import { waitForObject } from "../../k8s/wait-for-objects.ts";
import { suiteLabels } from "../suite-namespace.ts";
import { withNamespace } from "./backend-services.ts";
import type { ContractSet } from "./contract-set.ts";
import { RepoNamespaces } from "./repo-namespaces.ts";
import { standInDeployment } from "./stand-in-deployment.ts";

export const REPO_CONTRACTS_SUITE = "repo-contracts";

/** What is applied, in order (pure). */
export function contractObjects(
  set: ContractSet,
  labels: Record<string, string>,
  image: string,
): KubeObject[] {
  const services = set.backends.map((backend) =>
    backend.manifest
      ? backend.body
      : { ...backend.body, metadata: { ...(backend.body.metadata as object), labels: { ...labels } } },
  );
  return [
    ...services,
    ...set.standIns.standIns.map((standIn) => standInDeployment(standIn, { image, labels })),
    ...set.gateways.map((gateway) => withNamespace(gateway.body, gateway.namespace ?? "default")),
    ...set.routes.map((route) => withNamespace(route.body, route.namespace ?? "default")),
  ] as KubeObject[];
}

export interface DeployContractsInput {
  client: KubeClient;
  set: ContractSet;
  runId: string;
  image: string;
  podsReadyBudgetMs: number;
  /** Each applied object (for the diagnostics of a failed case). */
  track?: (ref: ObjectRef) => void;
  /** Hands the namespaces over as soon as they exist, so cleanup works even when a later step fails. */
  onPrepared?: (repo: RepoNamespaces) => void;
}

export async function deployContracts(input: DeployContractsInput): Promise<RepoNamespaces> {
  const labels = suiteLabels(REPO_CONTRACTS_SUITE, input.runId);
  const repo = await RepoNamespaces.prepare(input.client, input.set.namespaces, labels);
  input.onPrepared?.(repo);
  const applied = await repo.apply(contractObjects(input.set, labels, input.image));
  for (const object of applied) input.track?.(refOf(object));
  for (const standIn of input.set.standIns.standIns) {
    await waitForObject<KubeObject & WireDeployment, undefined>(input.client, {
      name: "podsReady",
      budgetMs: input.podsReadyBudgetMs,
      expectation: `stand-in Deployment ${standIn.namespace}/${standIn.name} not rolled out`,
      ref: { apiVersion: "apps/v1", kind: "Deployment", namespace: standIn.namespace, name: standIn.name },
      judge: (object) => deploymentReady(object),
    });
  }
  return repo;
}
