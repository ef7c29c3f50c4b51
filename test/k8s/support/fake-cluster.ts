// A fake API server plus a KubeClient opened on it through a written kubeconfig (the same path
// production code takes), for the k8s layer's tests.

import { type KubeClient, openKubeClient } from "../../../src/k8s/kube-client.ts";
import { FakeKubeApi, type FakeKubeApiOptions } from "../../support/fake-kube-api.ts";

export interface FakeCluster {
  api: FakeKubeApi;
  client: KubeClient;
  kubeconfigPath: string;
  close(): Promise<void>;
}

/** `namespaces`: created first, as an API server refuses objects in a namespace that does not exist. */
export async function startFakeCluster(options: FakeKubeApiOptions = {}): Promise<FakeCluster> {
  const api = await FakeKubeApi.start(options);
  const kubeconfigPath = await api.writeKubeconfig({ contexts: ["kind-cc-test"] });
  const client = openKubeClient({
    kubeconfigPath,
    context: "kind-cc-test",
    guard: () => ({ allowed: true }),
  });
  return { api, client, kubeconfigPath, close: () => api.close() };
}
