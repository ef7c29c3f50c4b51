// `down`: removes a run's (or, with --all, every) harness leftover: labelled containers, kind
// clusters on harness networks, then the networks. Each removal runs on its own; any failure is
// reported at the end with exit 3. Nothing unlabelled is touched.

import { readFile } from "node:fs/promises";
import { EnvironmentError } from "../errors.ts";
import type { DockerContainer, DockerNetwork } from "../tools/docker.ts";
import { MANAGED_LABEL } from "./harness-labels.ts";
import { assertHarnessKubeconfig } from "./kube-context-guard.ts";
import type { RunContext } from "./run-context.ts";
import {
  type DockerInventory,
  decideTeardown,
  KIND_CLUSTER_LABEL,
  type TeardownDecision,
  type TeardownSelector,
} from "./teardown-decision.ts";

export interface DownDocker {
  networkListByLabel(labels: readonly string[]): Promise<string[]>;
  networkInspect(name: string): Promise<DockerNetwork | undefined>;
  networkRemove(name: string): Promise<void>;
  psByLabel(labels: readonly string[]): Promise<string[]>;
  containerInspect(name: string): Promise<DockerContainer | undefined>;
  containerRemove(name: string): Promise<void>;
  /** An image's own labels (docker copies them onto its containers). */
  imageLabels(image: string): Promise<Record<string, string>>;
}

export interface DownDeps {
  docker: DownDocker;
  /** Deletes a kind cluster by name (kind delete cluster, or removing its node containers). */
  deleteCluster(name: string, kubeconfigPath?: string): Promise<void>;
  log(line: string): void;
}

export interface DownInput {
  selector: TeardownSelector;
  /** The run's context, when known: its kubeconfig is checked before anything is deleted. */
  context?: RunContext;
  forceContext?: boolean;
}

export interface DownResult {
  decision: TeardownDecision;
  removed: string[];
}

export async function runDown(input: DownInput, deps: DownDeps): Promise<DownResult> {
  if (input.context) await guardContext(input.context, input.forceContext ?? false);
  const inventory = await gatherInventory(deps.docker);
  const decision = decideTeardown(inventory, input.selector);
  const removed: string[] = [];
  const failures: string[] = [];
  const attempt = async (what: string, work: () => Promise<void>) => {
    try {
      await work();
      removed.push(what);
      deps.log(`removed ${what}\n`);
    } catch (error) {
      failures.push(
        `${what}: ${error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error)}`,
      );
    }
  };
  for (const name of decision.containers)
    await attempt(`container ${name}`, () => deps.docker.containerRemove(name));
  for (const name of decision.clusters) {
    const kubeconfig = input.context?.clusterName === name ? input.context.kubeconfigPath : undefined;
    await attempt(`kind cluster ${name}`, () => deps.deleteCluster(name, kubeconfig));
  }
  for (const name of decision.networks)
    await attempt(`network ${name}`, () => deps.docker.networkRemove(name));
  for (const skipped of decision.leftAlone) deps.log(`left alone ${skipped.name}: ${skipped.why}\n`);
  if (failures.length > 0) {
    throw new EnvironmentError(
      "CC_ENV_TEARDOWN_FAILED",
      `down could not remove:\n  ${failures.join("\n  ")}`,
      {
        hint: "fix the cause above and run down again (it only removes what is left)",
      },
    );
  }
  return { decision, removed };
}

async function guardContext(context: RunContext, force: boolean): Promise<void> {
  let text: string;
  try {
    text = await readFile(context.kubeconfigPath, "utf8");
  } catch {
    return; // No kubeconfig left (cluster already gone): nothing to verify, docker labels still rule.
  }
  assertHarnessKubeconfig(
    text,
    { clusterName: context.clusterName, lanSubnet: context.network.subnet },
    { kubeconfigPath: context.kubeconfigPath, force, contextName: context.kubeContext },
  );
}

export async function gatherInventory(docker: DownDocker): Promise<DockerInventory> {
  const networks = [];
  for (const name of await docker.networkListByLabel([`${MANAGED_LABEL}=true`])) {
    const network = await docker.networkInspect(name);
    if (network)
      networks.push({ name: network.name, labels: network.labels, containers: network.containers });
  }
  const imageLabels = new Map<string, Record<string, string>>();
  const labelsOfImage = async (image: string) => {
    if (image === "") return {};
    const known = imageLabels.get(image);
    if (known) return known;
    const labels = await docker.imageLabels(image);
    imageLabels.set(image, labels);
    return labels;
  };
  const inspectAll = async (names: string[]) => {
    const out = [];
    for (const name of names) {
      const container = await docker.containerInspect(name);
      if (container)
        out.push({
          name: container.name,
          labels: container.labels,
          imageLabels: await labelsOfImage(container.image),
          networks: Object.keys(container.networks),
        });
    }
    return out;
  };
  return {
    networks,
    kindNodes: await inspectAll(await docker.psByLabel([KIND_CLUSTER_LABEL])),
    labelledContainers: await inspectAll(await docker.psByLabel([`${MANAGED_LABEL}=true`])),
  };
}

/**
 * How a kind cluster is deleted: `kind delete cluster` when kind is installed, else by removing
 * its node containers (a kind cluster is its node containers; the kubeconfig entry then stays).
 */
export function clusterDeleter(
  docker: Pick<DownDocker, "containerRemove"> & { psByLabel(labels: readonly string[]): Promise<string[]> },
  kind: ((name: string, kubeconfigPath?: string) => Promise<void>) | undefined,
): DownDeps["deleteCluster"] {
  return async (name, kubeconfigPath) => {
    if (kind !== undefined) {
      await kind(name, kubeconfigPath);
      return;
    }
    for (const node of await docker.psByLabel([`${KIND_CLUSTER_LABEL}=${name}`])) {
      await docker.containerRemove(node);
    }
  };
}
