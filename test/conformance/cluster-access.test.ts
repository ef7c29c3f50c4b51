import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RunContext } from "../../src/cluster/run-context.ts";
import { checkClusterAnswers } from "../../src/conformance/cluster-access.ts";
import { EnvironmentError } from "../../src/errors.ts";
import { FakeKubeApi } from "../support/fake-kube-api.ts";

let api: FakeKubeApi;
beforeEach(async () => {
  api = await FakeKubeApi.start();
});
afterEach(() => api.close());

async function contextIn(ciliumNamespace: string): Promise<RunContext> {
  return {
    schemaVersion: 1,
    runId: "r1",
    clusterName: "cc-r1",
    kubeconfigPath: await api.writeKubeconfig({ contexts: ["kind-cc-r1"] }),
    kubeContext: "kind-cc-r1",
    ciliumNamespace,
    repoRoot: "",
    network: {
      name: "cc-lan-r1",
      subnet: "192.168.5.0/24",
      gateway: "192.168.5.1",
      ipRange: "192.168.5.8/29",
    },
    nodes: [],
    versions: { cilium: "1.18.11", chart: "1.18.11", kind: "v0.31.0", nodeImage: "x", gatewayApi: "v1.2.0" },
    planPath: "",
    reportDir: "",
    createdAt: "",
    phaseDurationsMs: {},
  };
}

describe("checkClusterAnswers", () => {
  it("reads the namespace Cilium was installed into", async () => {
    api.put({ apiVersion: "v1", kind: "Namespace", metadata: { name: "cilium" } });
    await expect(checkClusterAnswers(await contextIn("cilium"))).resolves.toBeUndefined();
    expect(api.requestsMatching("GET", "/api/v1/namespaces/cilium")).toHaveLength(1);
  });

  it("is an infrastructure failure (exit 3) naming the namespace when Cilium's namespace is gone", async () => {
    api.put({ apiVersion: "v1", kind: "Namespace", metadata: { name: "kube-system" } });
    const error = await checkClusterAnswers(await contextIn("cilium")).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EnvironmentError);
    expect((error as EnvironmentError).message).toContain("Cilium's namespace cilium does not exist");
  });
});
