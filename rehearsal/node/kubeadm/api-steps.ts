// The API calls of kubeadm's later phases: create objects (an existing one is left as it is, as
// kubeadm's CreateOrRetain does for addons) and wait for the kubelet to register its Node.

import { isNotFound, KubeApiError, type KubeRestClient } from "../../kube-client/kube-rest-client.ts";
import { objectPath } from "../../kube-client/object-path.ts";

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
