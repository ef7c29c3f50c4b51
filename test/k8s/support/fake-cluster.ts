// A fake API server plus a KubeClient opened on it through a written kubeconfig (the same path
// production code takes), for the k8s layer's tests.

import { type KubeClient, openKubeClient } from "../../../src/k8s/kube-client.ts";
import { FakeKubeApi } from "../../support/fake-kube-api.ts";

export interface FakeCluster {
  api: FakeKubeApi;
  client: KubeClient;
  kubeconfigPath: string;
  close(): Promise<void>;
}

export async function startFakeCluster(): Promise<FakeCluster> {
  const api = await FakeKubeApi.start();
  const kubeconfigPath = await api.writeKubeconfig({ contexts: ["kind-cc-test"] });
  const client = openKubeClient({
    kubeconfigPath,
    context: "kind-cc-test",
    guard: () => ({ allowed: true }),
  });
  return { api, client, kubeconfigPath, close: () => api.close() };
}
