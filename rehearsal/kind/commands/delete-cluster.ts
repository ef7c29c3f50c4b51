// `kind delete cluster` (kubernetes-sigs/kind v0.31.0 pkg/cluster/internal/delete/delete.go):
// the kind-<name> entries leave the kubeconfig, then `docker rm -f -v` of the cluster's nodes
// (the anonymous /var volumes go with them); idempotent — no nodes is success.

import { docker } from "../docker-commands.ts";
import type { KindOutput } from "../kind-output.ts";
import { removeFromKubeconfig } from "../kubeconfig-export.ts";
import { clusterNodes } from "../node-lookup.ts";

export async function deleteClusterNodes(cluster: string): Promise<string[]> {
  const nodes = await clusterNodes(cluster);
  if (nodes.length > 0) await docker(["rm", "-f", "-v", ...nodes]);
  return nodes;
}

export async function deleteCluster(
  cluster: string,
  kubeconfigPath: string,
  output: KindOutput,
): Promise<void> {
  output.info(`Deleting cluster "${cluster}" ...`);
  let kubeconfigError: unknown;
  await removeFromKubeconfig(cluster, kubeconfigPath).catch((error: unknown) => {
    kubeconfigError = error;
    output.info(`ERROR: failed to update kubeconfig: ${(error as Error).message}`);
  });
  try {
    const nodes = await deleteClusterNodes(cluster);
    if (nodes.length > 0)
      output.info(`Deleted nodes: [${nodes.map((node) => JSON.stringify(node)).join(" ")}]`);
  } catch (error) {
    throw new Error(
      `failed to delete cluster "${cluster}": failed to delete nodes: ${(error as Error).message}`,
    );
  }
  if (kubeconfigError)
    throw new Error(`failed to delete cluster "${cluster}": ${(kubeconfigError as Error).message}`);
}
