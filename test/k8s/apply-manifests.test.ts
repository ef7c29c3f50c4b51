import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { RepoError } from "../../src/errors.ts";
import {
  applyManifestText,
  applyObjects,
  FIELD_MANAGER,
  parseManifests,
} from "../../src/k8s/apply-manifests.ts";
import { KubeApiError } from "../../src/k8s/kube-api-error.ts";
import { manualClock } from "../../src/wait/clock.ts";
import { type FakeCluster, startFakeCluster } from "./support/fake-cluster.ts";

const POOL_YAML = `# the homelab's pool, as a repo would hold it
apiVersion: cilium.io/v2
kind: CiliumLoadBalancerIPPool
metadata:
  name: home-compute-pool
spec:
  blocks:
    - start: 192.168.5.30
      stop: 192.168.5.255
---
apiVersion: v1
kind: Namespace
metadata:
  name: cc-lbipam
  labels:
    cilium-conformance/run: r1
---
`;

describe("applyObjects / applyManifestText", () => {
  let cluster: FakeCluster;
  beforeEach(async () => {
    cluster = await startFakeCluster({ namespaces: ["d"] });
  });
  afterEach(() => cluster.close());

  it("creates with server-side apply, then updates the same object", async () => {
    const created = await applyManifestText(cluster.client, POOL_YAML, "pool.yaml");
    expect(created.map((object) => `${object.kind}/${object.metadata.name}`)).toEqual([
      "CiliumLoadBalancerIPPool/home-compute-pool",
      "Namespace/cc-lbipam",
    ]);
    const patches = cluster.api.requestsMatching("PATCH", "/ciliumloadbalancerippools/home-compute-pool");
    expect(patches).toHaveLength(1);
    expect(patches[0]?.path).toBe("/apis/cilium.io/v2/ciliumloadbalancerippools/home-compute-pool");
    expect(patches[0]?.contentType).toBe("application/apply-patch+yaml");
    expect(patches[0]?.query).toMatchObject({ fieldManager: FIELD_MANAGER, force: "true" });
    expect(JSON.parse(patches[0]?.body ?? "{}").spec.blocks).toEqual([
      { start: "192.168.5.30", stop: "192.168.5.255" },
    ]);

    const [updated] = await applyObjects(cluster.client, [
      {
        apiVersion: "cilium.io/v2",
        kind: "CiliumLoadBalancerIPPool",
        metadata: { name: "home-compute-pool" },
        spec: { blocks: [{ cidr: "192.168.5.0/24" }] },
      },
    ]);
    expect(updated?.metadata.generation).toBe(2);
    expect(updated?.metadata.uid).toBe(created[0]?.metadata.uid);
    expect(
      cluster.api.get({
        apiVersion: "cilium.io/v2",
        kind: "CiliumLoadBalancerIPPool",
        name: "home-compute-pool",
      }),
    ).toMatchObject({ spec: { blocks: [{ cidr: "192.168.5.0/24" }] } });
  });

  it("puts a namespaced object without a namespace into default, and leaves the caller's object alone", async () => {
    const service = {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "echo" },
      spec: { type: "LoadBalancer", ports: [{ port: 80 }] },
    };
    await applyObjects(cluster.client, [service]);
    expect(cluster.api.requestsMatching("PATCH", "/api/v1/namespaces/default/services/echo")).toHaveLength(1);
    expect(service.metadata).toEqual({ name: "echo" });
  });

  it("surfaces a 409 Conflict as a typed KubeApiError with the server's message", async () => {
    cluster.api.put({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "c", namespace: "d" },
      data: { a: "1" },
    });
    const stale = {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "c", namespace: "d", resourceVersion: "1" },
      data: { a: "2" },
    };
    const failure = applyObjects(cluster.client, [stale]);
    await expect(failure).rejects.toBeInstanceOf(KubeApiError);
    await expect(failure).rejects.toMatchObject({
      code: "CC_K8S_CONFLICT",
      status: 409,
      reason: "Conflict",
      exitCode: 3,
    });
    await expect(failure).rejects.toThrow(
      /apply ConfigMap d\/c: HTTP 409 Conflict: Operation cannot be fulfilled/,
    );
  });

  it("without force, a field another manager owns is a conflict", async () => {
    const gateway = { apiVersion: "gateway.networking.k8s.io/v1", kind: "Gateway" };
    cluster.api.put({
      ...gateway,
      metadata: { name: "gw", namespace: "d", managedFields: [{ manager: "flux" }] },
      spec: { gatewayClassName: "cilium" },
    });
    const failure = applyObjects(
      cluster.client,
      [{ ...gateway, metadata: { name: "gw", namespace: "d" }, spec: { gatewayClassName: "other" } }],
      { force: false },
    );
    // An updater is named with the version it wrote (fieldmanager/internal/conflict.go printManager).
    await expect(failure).rejects.toThrow(
      'apply Gateway d/gw: HTTP 409 Conflict: Apply failed with 1 conflict: conflict with "flux" using gateway.networking.k8s.io/v1: .spec.gatewayClassName',
    );
    expect(cluster.api.requests.at(-1)?.query.force).toBe("false");
  });

  it("says which kind the server does not serve (a CRD not installed)", async () => {
    const failure = applyObjects(cluster.client, [
      { apiVersion: "example.io/v1", kind: "Widget", metadata: { name: "w" } },
    ]);
    await expect(failure).rejects.toMatchObject({ code: "CC_K8S_KIND_UNKNOWN" });
  });
});

describe("applyObjects sends the manifest as written (not client-node's typed models)", () => {
  let cluster: FakeCluster;
  beforeEach(async () => {
    cluster = await startFakeCluster();
  });
  afterEach(() => cluster.close());

  const bodyOf = (pathPart: string) =>
    JSON.parse(cluster.api.requestsMatching("PATCH", pathPart).at(-1)?.body ?? "{}") as unknown;

  it("keeps a CRD schema's default, enum and x-kubernetes-* markers", async () => {
    const crd = widgetCrd();
    await applyObjects(cluster.client, [crd]);
    expect(bodyOf("/customresourcedefinitions/widgets.example.io")).toEqual(crd);
    const patch = cluster.api.requestsMatching("PATCH", "/customresourcedefinitions/widgets.example.io")[0];
    expect(patch?.contentType).toBe("application/apply-patch+yaml");
    expect(patch?.query).toEqual({ fieldManager: FIELD_MANAGER, force: "true" });
  });

  it("keeps a NetworkPolicy rule's `from` and a namespace-less object's body unchanged", async () => {
    const policy = {
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: { name: "allow-client" },
      spec: {
        podSelector: { matchLabels: { app: "echo" } },
        policyTypes: ["Ingress"],
        ingress: [{ from: [{ podSelector: { matchLabels: { app: "client" } } }], ports: [{ port: 8080 }] }],
      },
    };
    await applyObjects(cluster.client, [policy]);
    // The URL carries the default namespace; the body stays what the manifest says.
    expect(bodyOf("/apis/networking.k8s.io/v1/namespaces/default/networkpolicies/allow-client")).toEqual(
      policy,
    );
  });
});

describe("applyObjects waits for a CRD to be Established before objects of its kind", () => {
  let cluster: FakeCluster;
  beforeEach(async () => {
    cluster = await startFakeCluster({ namespaces: ["demo"] });
  });
  afterEach(() => cluster.close());

  it("applies the CRD, waits for Established, then the custom resource (defaulted by its schema)", async () => {
    // The server's CRD controllers take a while, as a real one's do.
    cluster.api.crdEstablishDelayMs = 300;
    const [, widget] = await applyObjects(cluster.client, [
      widgetCrd(),
      {
        apiVersion: "example.io/v1",
        kind: "Widget",
        metadata: { name: "w1", namespace: "demo" },
        spec: { replicas: 3 },
      },
    ]);
    expect(widget?.spec).toEqual({ replicas: 3, mode: "Safe" });
    const crdWatch = cluster.api
      .requestsMatching("GET", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions")
      .filter((request) => request.query.fieldSelector === "metadata.name=widgets.example.io");
    expect(crdWatch.length).toBeGreaterThanOrEqual(1);
  });

  it("says which CRD never became Established and what it saw", async () => {
    // The wait's budget runs on its own clock, moved on only once the CRD was seen (its WATCH
    // started): on real time a loaded machine ended 400 ms before the LIST came back (issue 17).
    cluster.api.crdEstablishDelayMs = 60_000;
    const clock = manualClock();
    const failure = applyObjects(
      cluster.client,
      [
        widgetCrd(),
        { apiVersion: "example.io/v1", kind: "Widget", metadata: { name: "w1", namespace: "demo" } },
      ],
      { crdEstablishedBudgetMs: 400, clock },
    );
    const crdWatches = () =>
      cluster.api
        .requestsMatching("GET", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions")
        .filter((request) => request.query.watch === "true");
    await vi.waitFor(() => expect(crdWatches().length).toBeGreaterThan(0), { timeout: 30_000 });
    clock.advance(400);
    await expect(failure).rejects.toThrow(
      "crdEstablished: not Established (needed for Widget demo/w1) after 400ms (last: no condition Established)",
    );
  });
});

/** A CRD using the schema features client-node's V1JSONSchemaProps model renames or drops. */
function widgetCrd() {
  return {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: "widgets.example.io" },
    spec: {
      group: "example.io",
      names: { kind: "Widget", listKind: "WidgetList", plural: "widgets", singular: "widget" },
      scope: "Namespaced",
      versions: [
        {
          name: "v1",
          served: true,
          storage: true,
          subresources: { status: {} },
          schema: {
            openAPIV3Schema: {
              type: "object",
              properties: {
                spec: {
                  type: "object",
                  "x-kubernetes-validations": [{ rule: "self.replicas <= 10", message: "at most 10" }],
                  properties: {
                    replicas: { type: "integer", default: 1 },
                    mode: { type: "string", enum: ["Fast", "Safe"], default: "Safe" },
                    port: { "x-kubernetes-int-or-string": true },
                    extra: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
                    listeners: {
                      type: "array",
                      "x-kubernetes-list-type": "map",
                      "x-kubernetes-list-map-keys": ["name"],
                      items: {
                        type: "object",
                        required: ["name"],
                        properties: { name: { type: "string" }, port: { type: "integer" } },
                      },
                    },
                    labels: {
                      type: "object",
                      "x-kubernetes-map-type": "granular",
                      additionalProperties: { type: "string" },
                    },
                  },
                },
                status: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
              },
            },
          },
        },
      ],
    },
  };
}

describe("parseManifests", () => {
  it("skips empty documents and keeps order", () => {
    expect(parseManifests(POOL_YAML, "pool.yaml").map((object) => object.kind)).toEqual([
      "CiliumLoadBalancerIPPool",
      "Namespace",
    ]);
  });

  it("names the file and line of a YAML syntax error", () => {
    const text = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: [unclosed\n";
    try {
      parseManifests(text, "fixtures/workloads/ns.yaml");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(RepoError);
      expect((error as RepoError).code).toBe("CC_REPO_YAML_INVALID");
      expect((error as RepoError).file).toBe("fixtures/workloads/ns.yaml");
      expect((error as RepoError).line).toBeGreaterThanOrEqual(4);
    }
  });

  it("rejects a document that is not an object with apiVersion, kind and name, naming its line", () => {
    const text = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n---\nkind: Service\nmetadata: {}\n";
    expect(() => parseManifests(text, "svc.yaml")).toThrow(
      /document at svc.yaml:6 is not a Kubernetes object/,
    );
  });
});
