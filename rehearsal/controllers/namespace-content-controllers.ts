// What every active namespace gets from the controller-manager (kubernetes/kubernetes
// pkg/controller/serviceaccount ServiceAccountsController, pkg/controller/certificates/
// rootcacertpublisher): the `default` ServiceAccount and the kube-root-ca.crt ConfigMap holding the
// cluster CA (--root-ca-file), which pods' projected ServiceAccount volumes read ca.crt from.

import type { Informer } from "../k8s/informer.ts";
import { isConflict, type KubeRestClient } from "../k8s/kube-rest-client.ts";
import { controllerQueue, type Obj } from "./controller-kit.ts";

export function startNamespaceContentControllers(
  client: KubeRestClient,
  namespaces: Informer<Obj>,
  rootCa: string,
  log: (line: string) => void,
): void {
  const queue = controllerQueue(
    "serviceaccount/root-ca",
    log,
    reconcile,
    () => namespaces.list().map((ns) => ns.metadata.name),
    15_000,
  );
  namespaces.on({ upsert: (ns) => queue.add(ns.metadata.name) });

  async function ensure(path: string, collection: string, body: unknown): Promise<void> {
    if (await client.get(path)) return;
    await client.create(collection, body).catch((error: unknown) => {
      if (!isConflict(error)) throw error;
    });
  }

  async function reconcile(name: string): Promise<void> {
    const namespace = namespaces.get(name);
    if (!namespace || namespace.metadata.deletionTimestamp) return;
    await ensure(
      `/api/v1/namespaces/${name}/serviceaccounts/default`,
      `/api/v1/namespaces/${name}/serviceaccounts`,
      {
        apiVersion: "v1",
        kind: "ServiceAccount",
        metadata: { name: "default", namespace: name },
      },
    );
    await ensure(
      `/api/v1/namespaces/${name}/configmaps/kube-root-ca.crt`,
      `/api/v1/namespaces/${name}/configmaps`,
      {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: {
          name: "kube-root-ca.crt",
          namespace: name,
          annotations: {
            "kubernetes.io/description":
              "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.",
          },
        },
        data: { "ca.crt": rootCa },
      },
    );
  }
}
