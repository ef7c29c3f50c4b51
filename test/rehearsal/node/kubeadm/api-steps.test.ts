// kubeadm's mark-control-plane against the API server: it adds its taint to the Node as the
// kubelet registered it, so the kubelet's not-ready taint is never lost (a scheduler would
// otherwise place CoreDNS on a node without a CNI in the gap).

import { afterEach, describe, expect, it } from "vitest";
import type { KubeRestClient } from "../../../../rehearsal/k8s/kube-rest-client.ts";
import { markControlPlane } from "../../../../rehearsal/node/kubeadm/api-steps.ts";
import type { FakeKubeApi } from "../../../support/fake-kube-api.ts";
import { startServiceAccountApi } from "../../support/service-account-api.ts";

let api: FakeKubeApi | undefined;
let client: KubeRestClient | undefined;

afterEach(async () => {
  await client?.close();
  await api?.close();
});

describe("markControlPlane", () => {
  it("keeps the taints the kubelet registered with and adds the control-plane labels and taint", async () => {
    ({ api, client } = await startServiceAccountApi());
    api.put({
      apiVersion: "v1",
      kind: "Node",
      metadata: { name: "cp" },
      spec: { taints: [{ key: "node.kubernetes.io/not-ready", effect: "NoSchedule" }] },
    });
    const taint = { key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" };
    await markControlPlane(client, "cp", [taint]);
    await markControlPlane(client, "cp", [taint]);
    const node = await client.get<{
      metadata: { labels: Record<string, string> };
      spec: { taints: unknown[] };
    }>("/api/v1/nodes/cp");
    expect(node?.spec.taints).toEqual([{ key: "node.kubernetes.io/not-ready", effect: "NoSchedule" }, taint]);
    expect(node?.metadata.labels).toMatchObject({ "node-role.kubernetes.io/control-plane": "" });
  });
});
