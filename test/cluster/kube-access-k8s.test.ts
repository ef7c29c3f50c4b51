import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { k8sKubeAccessFactory } from "../../src/cluster/kube-access-k8s.ts";
import { EnvironmentError } from "../../src/errors.ts";
import { FakeKubeApi } from "../support/fake-kube-api.ts";

// KubeAccess over the real k8s layer, against the in-process API server of the k8s tests.

let api: FakeKubeApi;
beforeEach(async () => {
  api = await FakeKubeApi.start();
});
afterEach(() => api.close());

const identity = { clusterName: "cc-test", lanSubnet: "192.168.5.0/24" };

describe("k8sKubeAccessFactory", () => {
  it("applies server-side, gets and lists through the API once the context is the harness's", async () => {
    const path = await api.writeKubeconfig({ contexts: ["kind-cc-test"] });
    const kube = k8sKubeAccessFactory(identity)(path, "kind-cc-test");
    await kube.applyServerSide(
      [
        {
          apiVersion: "apiextensions.k8s.io/v1",
          kind: "CustomResourceDefinition",
          metadata: { name: "gateways.gateway.networking.k8s.io" },
          spec: { group: "gateway.networking.k8s.io" },
        },
      ],
      "cilium-conformance",
    );
    const crd = await kube.get(
      "apiextensions.k8s.io/v1",
      "CustomResourceDefinition",
      "gateways.gateway.networking.k8s.io",
    );
    expect(crd?.metadata.name).toBe("gateways.gateway.networking.k8s.io");
    expect(await kube.get("gateway.networking.k8s.io/v1", "GatewayClass", "cilium")).toBeUndefined();
    api.put({ apiVersion: "v1", kind: "Node", metadata: { name: "cc-test-worker" } });
    expect((await kube.list("v1", "Node")).map((n) => n.metadata.name)).toEqual(["cc-test-worker"]);
    expect(
      api.requestsMatching(
        "PATCH",
        "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/gateways.gateway.networking.k8s.io",
      ),
    ).toHaveLength(1);
  });

  it("refuses another context before sending a single request", async () => {
    const path = await api.writeKubeconfig({ contexts: ["admin@homelab"] });
    let caught: unknown;
    try {
      k8sKubeAccessFactory(identity)(path, "admin@homelab");
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EnvironmentError);
    expect((caught as EnvironmentError).code).toBe("CC_ENV_CONTEXT_REFUSED");
    expect((caught as EnvironmentError).message).toContain('expected "kind-cc-test"');
    expect(api.requestsMatching("GET", "/")).toHaveLength(0);
    expect(() => k8sKubeAccessFactory(identity, true)(path, "admin@homelab")).not.toThrow();
  });
});
