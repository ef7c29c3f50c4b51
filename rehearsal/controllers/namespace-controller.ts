// Namespace deletion (kubernetes/kubernetes pkg/controller/namespace/deletion): a Terminating
// namespace has every object of every namespaced kind in it deleted (pods gracefully, through
// their kubelets); once nothing is left, the `kubernetes` finalizer is removed through /finalize
// and the API server lets the namespace go.

import type { Informer } from "../k8s/informer.ts";
import type { KubeRestClient } from "../k8s/kube-rest-client.ts";
import { servedResources } from "./api-discovery.ts";
import { controllerQueue, type Json, type Obj } from "./controller-kit.ts";

export function startNamespaceController(
  client: KubeRestClient,
  namespaces: Informer<Obj>,
  log: (line: string) => void,
): void {
  const queue = controllerQueue(
    "namespace",
    log,
    reconcile,
    () =>
      namespaces
        .list()
        .filter((ns) => ns.metadata.deletionTimestamp)
        .map((ns) => ns.metadata.name),
    2000,
  );
  namespaces.on({ upsert: (ns) => ns.metadata.deletionTimestamp && queue.add(ns.metadata.name) });

  async function reconcile(name: string): Promise<void> {
    const namespace = namespaces.get(name);
    if (!namespace?.metadata.deletionTimestamp) return;
    let remaining = 0;
    for (const resource of await servedResources(client)) {
      if (!resource.namespaced || resource.plural === "events") continue;
      const list = await client
        .list<Obj>(`${resource.path}/namespaces/${name}/${resource.plural}`)
        .catch(() => ({ items: [] as Obj[] }));
      for (const item of list.items) {
        remaining += 1;
        if (!item.metadata.deletionTimestamp) {
          await client
            .delete(`${resource.path}/namespaces/${name}/${resource.plural}/${item.metadata.name}`)
            .catch(() => undefined);
        }
      }
    }
    if (remaining > 0) {
      setTimeout(() => queue.add(name), 500).unref();
      return;
    }
    const finalizers = (((namespace.spec ?? {}) as Json).finalizers ?? []) as string[];
    if (finalizers.length === 0) return;
    await client.replace(`/api/v1/namespaces/${name}/finalize`, {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name, resourceVersion: namespace.metadata.resourceVersion },
      spec: { finalizers: finalizers.filter((f) => f !== "kubernetes") },
    });
  }
}
