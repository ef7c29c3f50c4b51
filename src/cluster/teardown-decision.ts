// What `down` may delete, decided purely from a docker inventory. The rule: only what the
// harness labelled, and kind clusters only when their name has the harness prefix (or is the
// run's recorded name) AND every node container sits on a harness-labelled network — kind cannot
// label its node containers, but the harness's network is what they joined.

import { MANAGED_LABEL, RUN_ID_LABEL } from "./harness-labels.ts";

/** kind's own label on node containers, holding the cluster name. */
export const KIND_CLUSTER_LABEL = "io.x-k8s.kind.cluster";
/** Cluster names the harness generates: `cc-<run-id>`. */
export const HARNESS_CLUSTER_PREFIX = "cc-";

export interface InventoryNetwork {
  name: string;
  labels: Record<string, string>;
  /** Names of attached containers. */
  containers: string[];
}

export interface InventoryContainer {
  name: string;
  labels: Record<string, string>;
  /**
   * The labels of the container's image. Docker copies them onto every container made from it,
   * so a harness label the image carries proves nothing about who started the container.
   */
  imageLabels?: Record<string, string>;
  /** Names of networks the container is attached to. */
  networks: string[];
}

export interface DockerInventory {
  /** Networks labelled `managed=true`. */
  networks: InventoryNetwork[];
  /** Containers carrying kind's cluster label (every kind node on this engine). */
  kindNodes: InventoryContainer[];
  /** Containers labelled `managed=true` (e.g. LAN clients). */
  labelledContainers: InventoryContainer[];
}

export type TeardownSelector = { all: true } | { all: false; runId: string; clusterName?: string };

export interface TeardownDecision {
  containers: string[];
  clusters: string[];
  networks: string[];
  leftAlone: { name: string; why: string }[];
}

/**
 * Why labels do not prove the harness made an object, or undefined when they do: `managed=true`
 * and a run id, both set when the object was created — not inherited from the image (docker
 * copies image labels onto containers, so a container a user starts from an image that carries
 * them would otherwise look like ours).
 */
export function notCreatedByHarness(
  labels: Record<string, string>,
  imageLabels: Record<string, string> = {},
): string | undefined {
  if (labels[MANAGED_LABEL] !== "true") return `it lacks ${MANAGED_LABEL}=true`;
  const runId = labels[RUN_ID_LABEL];
  if (runId === undefined || runId === "")
    return `it has no ${RUN_ID_LABEL} label: the harness sets one on everything it starts`;
  if (imageLabels[RUN_ID_LABEL] === runId)
    return `its run id ${runId} comes from its image's labels, not from the harness at start`;
  return undefined;
}

export function decideTeardown(inventory: DockerInventory, selector: TeardownSelector): TeardownDecision {
  const inScope = (labels: Record<string, string>, imageLabels?: Record<string, string>) =>
    notCreatedByHarness(labels, imageLabels) === undefined &&
    (selector.all || labels[RUN_ID_LABEL] === selector.runId);
  const harnessNetworks = new Set(inventory.networks.filter((n) => inScope(n.labels)).map((n) => n.name));
  const leftAlone: TeardownDecision["leftAlone"] = [];
  for (const container of inventory.labelledContainers) {
    const why = notCreatedByHarness(container.labels, container.imageLabels);
    const imageSays =
      container.imageLabels?.[MANAGED_LABEL] === "true" ? " (its image carries the harness label)" : "";
    if (why !== undefined && (selector.all || container.labels[RUN_ID_LABEL] === selector.runId)) {
      leftAlone.push({ name: `container ${container.name}`, why: `${why}${imageSays}` });
    }
  }

  const byCluster = new Map<string, InventoryContainer[]>();
  for (const node of inventory.kindNodes) {
    const cluster = node.labels[KIND_CLUSTER_LABEL];
    if (!cluster) continue;
    byCluster.set(cluster, [...(byCluster.get(cluster) ?? []), node]);
  }
  const clusters: string[] = [];
  for (const [cluster, nodes] of [...byCluster].sort(([a], [b]) => a.localeCompare(b))) {
    const onHarnessNetwork = nodes.every((node) =>
      node.networks.some((network) => harnessNetworks.has(network)),
    );
    const named = selector.all ? cluster.startsWith(HARNESS_CLUSTER_PREFIX) : true;
    const recorded = selector.all || selector.clusterName === undefined || selector.clusterName === cluster;
    if (onHarnessNetwork && named && recorded) {
      clusters.push(cluster);
    } else if (onHarnessNetwork || (selector.all && cluster.startsWith(HARNESS_CLUSTER_PREFIX))) {
      leftAlone.push({
        name: `kind cluster ${cluster}`,
        why: !onHarnessNetwork
          ? "its nodes are not on a network the harness labelled"
          : !named
            ? `its name lacks the harness prefix "${HARNESS_CLUSTER_PREFIX}" (remove it with down --run-id)`
            : "it is not the cluster recorded for this run",
      });
    }
  }

  const removedNodes = new Set(
    inventory.kindNodes
      .filter((n) => clusters.includes(n.labels[KIND_CLUSTER_LABEL] ?? ""))
      .map((n) => n.name),
  );
  const kindNodeNames = new Set(inventory.kindNodes.map((n) => n.name));
  const containers = inventory.labelledContainers
    .filter((c) => !kindNodeNames.has(c.name) && inScope(c.labels, c.imageLabels))
    .map((c) => c.name)
    .sort();
  const removed = new Set([...removedNodes, ...containers]);

  const networks: string[] = [];
  for (const network of inventory.networks.filter((n) => harnessNetworks.has(n.name))) {
    // Attached per the network and per each container (inspect lists only running endpoints).
    const attached = new Set([
      ...network.containers,
      ...[...inventory.kindNodes, ...inventory.labelledContainers]
        .filter((c) => c.networks.includes(network.name))
        .map((c) => c.name),
    ]);
    const foreign = [...attached].filter((name) => !removed.has(name)).sort();
    if (foreign.length > 0) {
      leftAlone.push({
        name: `network ${network.name}`,
        why: `containers the harness does not remove are attached: ${foreign.join(", ")}`,
      });
    } else {
      networks.push(network.name);
    }
  }
  return { containers, clusters, networks: networks.sort(), leftAlone };
}
