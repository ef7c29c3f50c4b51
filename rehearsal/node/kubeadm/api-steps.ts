// The API calls of kubeadm's later phases: create objects (an existing one is left as it is, as
// kubeadm's CreateOrRetain does for addons) and wait for the kubelet to register its Node.

import { isNotFound, KubeApiError, type KubeRestClient } from "../../k8s/kube-rest-client.ts";
import { objectPath } from "../../k8s/resource-path.ts";

type KubeObject = { apiVersion: string; kind: string; metadata: Record<string, unknown> };

export async function createAll(client: KubeRestClient, objects: readonly KubeObject[]): Promise<void> {
  for (const object of objects) {
    const path = objectPath(object, { withName: false });
    try {
      await client.create(path, object);
    } catch (error) {
      if (error instanceof KubeApiError && error.code === 409) continue;
      throw error;
    }
  }
}

export async function waitForNode(client: KubeRestClient, name: string, budgetMs: number): Promise<void> {
  const started = Date.now();
  for (;;) {
    try {
      if (await client.get(`/api/v1/nodes/${name}`)) return;
    } catch (error) {
      if (!isNotFound(error) && Date.now() - started > budgetMs) throw error;
    }
    if (Date.now() - started > budgetMs)
      throw new Error(`node ${name} did not register within ${budgetMs / 1000}s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

type Taint = { key: string; effect: string; value?: string };

/**
 * kubeadm's mark-control-plane phase (cmd/kubeadm/app/phases/markcontrolplane, apiclient.PatchNode):
 * the labels and taints are added to the Node as it is now — a patch computed from a fresh GET, so
 * the taints the kubelet registered with (node.kubernetes.io/not-ready) stay; retried on conflict.
 */
export async function markControlPlane(
  client: KubeRestClient,
  name: string,
  taints: readonly Taint[],
): Promise<void> {
  for (let attempt = 0; ; attempt += 1) {
    const node = await client.get<{ metadata: Record<string, unknown>; spec?: { taints?: Taint[] } }>(
      `/api/v1/nodes/${name}`,
    );
    if (!node) throw new Error(`node ${name} is gone`);
    const current = node.spec?.taints ?? [];
    const missing = taints.filter((t) => !current.some((c) => c.key === t.key && c.effect === t.effect));
    try {
      await client.patch(
        `/api/v1/nodes/${name}`,
        {
          metadata: {
            resourceVersion: node.metadata.resourceVersion,
            labels: {
              "node-role.kubernetes.io/control-plane": "",
              "node.kubernetes.io/exclude-from-external-load-balancers": "",
            },
          },
          ...(missing.length > 0 ? { spec: { taints: [...current, ...missing] } } : {}),
        },
        "application/merge-patch+json",
      );
      return;
    } catch (error) {
      if (!(error instanceof KubeApiError && error.code === 409) || attempt >= 20) throw error;
    }
  }
}
