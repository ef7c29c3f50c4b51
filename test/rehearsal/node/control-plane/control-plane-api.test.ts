import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KubeApiError } from "../../../../rehearsal/k8s/kube-rest-client.ts";
import { startControlPlaneApi } from "./control-plane-api-support.ts";

// biome-ignore lint/suspicious/noExplicitAny: test objects read deep, untyped API answers
type Json = Record<string, any>;
let api: Awaited<ReturnType<typeof startControlPlaneApi>>;
beforeAll(async () => {
  api = await startControlPlaneApi();
});
afterAll(() => api.close());

const svc = (name: string, spec: Json) => ({
  apiVersion: "v1",
  kind: "Service",
  metadata: { name, namespace: "default" },
  spec,
});
const pod = (name: string, spec: Json = {}) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace: "default" },
  spec: { containers: [{ name: "c", image: "busybox:1.37.0", ports: [{ containerPort: 80 }] }], ...spec },
});
const rejected = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error as KubeApiError,
  );

describe("the rehearsal's API server: what kube-apiserver keeps in place", () => {
  it("serves the system namespaces and the kubernetes Service on the first Service address", async () => {
    const names = (await api.client.list<Json>("/api/v1/namespaces")).items.map((ns) => ns.metadata.name);
    expect(names).toEqual(
      expect.arrayContaining(["default", "kube-node-lease", "kube-public", "kube-system"]),
    );
    const kubernetes = await api.client.get<Json>("/api/v1/namespaces/default/services/kubernetes");
    expect(kubernetes?.spec.clusterIP).toBe("10.96.0.1");
    expect(kubernetes?.spec.ports).toEqual([{ name: "https", port: 443, protocol: "TCP", targetPort: 6443 }]);
    const slice = await api.client.get<Json>(
      "/apis/discovery.k8s.io/v1/namespaces/default/endpointslices/kubernetes",
    );
    expect(slice?.endpoints[0].addresses).toEqual(["192.0.2.10"]);
  });
});

describe("Services: defaults and allocation", () => {
  it("gives a ClusterIP from the range (never the kubernetes one) and NodePorts in 30000-32767", async () => {
    const created = await api.client.create<Json>(
      "/api/v1/namespaces/default/services",
      svc("np", {
        type: "NodePort",
        selector: { app: "x" },
        ports: [{ name: "http", port: 8080, targetPort: 3000 }],
      }),
    );
    expect(created.spec.clusterIP).toMatch(/^10\.96\.\d+\.\d+$/);
    expect(created.spec.clusterIP).not.toBe("10.96.0.1");
    expect(created.spec.clusterIPs).toEqual([created.spec.clusterIP]);
    expect(created.spec.ports[0]).toMatchObject({ protocol: "TCP", port: 8080, targetPort: 3000 });
    expect(created.spec.ports[0].nodePort).toBeGreaterThanOrEqual(30000);
    expect(created.spec.ports[0].nodePort).toBeLessThanOrEqual(32767);
    expect(created.spec).toMatchObject({
      sessionAffinity: "None",
      externalTrafficPolicy: "Cluster",
      ipFamilies: ["IPv4"],
      ipFamilyPolicy: "SingleStack",
    });
    expect(created.status).toEqual({ loadBalancer: {} });
    const patched = await api.client.patch<Json>(
      "/api/v1/namespaces/default/services/np",
      { metadata: { labels: { a: "b" } } },
      "application/merge-patch+json",
    );
    expect(patched.spec.clusterIP).toBe(created.spec.clusterIP);
    expect(patched.spec.ports[0].nodePort).toBe(created.spec.ports[0].nodePort);
  });

  it("refuses an address already taken and hands it out again once its Service is gone", async () => {
    await api.client.create(
      "/api/v1/namespaces/default/services",
      svc("fixed", { clusterIP: "10.96.200.1", ports: [{ port: 80 }] }),
    );
    const error = await rejected(
      api.client.create(
        "/api/v1/namespaces/default/services",
        svc("clash", { clusterIP: "10.96.200.1", ports: [{ port: 80 }] }),
      ),
    );
    expect(error?.code).toBe(422);
    expect(error?.message).toContain("provided IP is already allocated");
    await api.client.delete("/api/v1/namespaces/default/services/fixed");
    const again = await api.client.create<Json>(
      "/api/v1/namespaces/default/services",
      svc("clash", { clusterIP: "10.96.200.1", ports: [{ port: 80 }] }),
    );
    expect(again.spec.clusterIP).toBe("10.96.200.1");
  });
});

describe("Pods: defaults, binding, graceful deletion", () => {
  it("admits a pod Pending with the API's defaults and the 300s not-ready/unreachable tolerations", async () => {
    const created = await api.client.create<Json>("/api/v1/namespaces/default/pods", {
      ...pod("p1"),
      status: { phase: "Running" },
    });
    expect(created.status).toEqual({ phase: "Pending" });
    expect(created.spec).toMatchObject({
      restartPolicy: "Always",
      terminationGracePeriodSeconds: 30,
      dnsPolicy: "ClusterFirst",
      schedulerName: "default-scheduler",
      serviceAccountName: "default",
      priority: 0,
    });
    expect(created.spec.containers[0]).toMatchObject({
      imagePullPolicy: "IfNotPresent",
      terminationMessagePath: "/dev/termination-log",
    });
    expect(created.spec.containers[0].ports[0].protocol).toBe("TCP");
    expect(created.spec.tolerations).toEqual([
      {
        key: "node.kubernetes.io/not-ready",
        operator: "Exists",
        effect: "NoExecute",
        tolerationSeconds: 300,
      },
      {
        key: "node.kubernetes.io/unreachable",
        operator: "Exists",
        effect: "NoExecute",
        tolerationSeconds: 300,
      },
    ]);
  });

  it("binds once (PodScheduled=True) and refuses a second binding", async () => {
    await api.client.create("/api/v1/namespaces/default/pods", pod("p2"));
    const binding = (node: string) => ({
      apiVersion: "v1",
      kind: "Binding",
      metadata: { name: "p2" },
      target: { kind: "Node", name: node },
    });
    await api.client.create("/api/v1/namespaces/default/pods/p2/binding", binding("node-a"));
    const bound = await api.client.get<Json>("/api/v1/namespaces/default/pods/p2");
    expect(bound?.spec.nodeName).toBe("node-a");
    expect(bound?.status.conditions).toEqual([
      expect.objectContaining({ type: "PodScheduled", status: "True" }),
    ]);
    const error = await rejected(
      api.client.create("/api/v1/namespaces/default/pods/p2/binding", binding("node-b")),
    );
    expect(error?.code).toBe(409);
    expect(error?.message).toContain('is already assigned to node "node-a"');
  });

  it("keeps a bound pod Terminating for its grace period until it is deleted with grace 0", async () => {
    await api.client.create(
      "/api/v1/namespaces/default/pods",
      pod("p3", { nodeName: "node-a", terminationGracePeriodSeconds: 5 }),
    );
    await api.client.delete("/api/v1/namespaces/default/pods/p3");
    const terminating = await api.client.get<Json>("/api/v1/namespaces/default/pods/p3");
    expect(terminating?.metadata.deletionGracePeriodSeconds).toBe(5);
    expect(terminating?.metadata.deletionTimestamp).toBeDefined();
    await api.client.delete("/api/v1/namespaces/default/pods/p3", { query: { gracePeriodSeconds: "0" } });
    expect(await api.client.get("/api/v1/namespaces/default/pods/p3")).toBeUndefined();
  });

  it("writes status only through /status", async () => {
    await api.client.create("/api/v1/namespaces/default/pods", pod("p4"));
    const ignored = await api.client.patch<Json>(
      "/api/v1/namespaces/default/pods/p4",
      { status: { phase: "Running" } },
      "application/merge-patch+json",
    );
    expect(ignored.status.phase).toBe("Pending");
    const written = await api.client.patch<Json>(
      "/api/v1/namespaces/default/pods/p4/status",
      { status: { phase: "Running", podIP: "10.244.1.7" } },
      "application/merge-patch+json",
    );
    expect(written.status).toMatchObject({ phase: "Running", podIP: "10.244.1.7" });
  });
});

describe("ServiceAccount tokens (TokenRequest)", () => {
  it("issues a token bound to a pod that authenticates until the pod is gone", async () => {
    await api.client.create("/api/v1/namespaces/default/serviceaccounts", {
      apiVersion: "v1",
      kind: "ServiceAccount",
      metadata: { name: "agent", namespace: "default" },
    });
    const owner = await api.client.create<Json>("/api/v1/namespaces/default/pods", pod("holder"));
    const answer = await api.client.create<Json>("/api/v1/namespaces/default/serviceaccounts/agent/token", {
      apiVersion: "authentication.k8s.io/v1",
      kind: "TokenRequest",
      spec: { boundObjectRef: { apiVersion: "v1", kind: "Pod", name: "holder", uid: owner.metadata.uid } },
    });
    const token = String(answer.status.token);
    const claims = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString());
    expect(claims.sub).toBe("system:serviceaccount:default:agent");
    expect(claims["kubernetes.io"].pod.name).toBe("holder");
    const asAgent = api.asToken(token);
    expect((await asAgent.get<Json>("/api/v1/namespaces/default/pods/holder"))?.metadata.name).toBe("holder");
    await api.client.delete("/api/v1/namespaces/default/pods/holder");
    expect((await rejected(asAgent.list("/api/v1/pods")))?.code).toBe(401);
  });

  it("refuses a token for a ServiceAccount that does not exist", async () => {
    const error = await rejected(
      api.client.create("/api/v1/namespaces/default/serviceaccounts/nobody/token", { spec: {} }),
    );
    expect(error?.code).toBe(404);
  });
});

describe("namespaces and CRDs", () => {
  it("keeps a deleted namespace Terminating until /finalize empties its finalizers", async () => {
    await api.client.create("/api/v1/namespaces", {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: "suite" },
    });
    await api.client.delete("/api/v1/namespaces/suite");
    const terminating = await api.client.get<Json>("/api/v1/namespaces/suite");
    expect(terminating?.status.phase).toBe("Terminating");
    expect(terminating?.spec.finalizers).toEqual(["kubernetes"]);
    await api.client.replace("/api/v1/namespaces/suite/finalize", {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: "suite" },
      spec: { finalizers: [] },
    });
    expect(await api.client.get("/api/v1/namespaces/suite")).toBeUndefined();
  });

  it("serves a CRD's kind once it is created, and reports it Established", async () => {
    const crd = await api.client.create<Json>("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", {
      apiVersion: "apiextensions.k8s.io/v1",
      kind: "CustomResourceDefinition",
      metadata: { name: "widgets.example.test" },
      spec: {
        group: "example.test",
        names: { kind: "Widget", plural: "widgets", singular: "widget", listKind: "WidgetList" },
        scope: "Namespaced",
        versions: [
          {
            name: "v1",
            served: true,
            storage: true,
            subresources: { status: {} },
            schema: { openAPIV3Schema: { type: "object" } },
          },
        ],
      },
    });
    // The naming and establishing controllers write the status after the create, as a real API
    // server's apiextensions controllers do.
    let status: Json | undefined = crd.status;
    for (let i = 0; i < 100 && !status?.conditions?.some((c: Json) => c.type === "Established"); i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      status = (
        await api.client.get<Json>(
          "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.test",
        )
      )?.status;
    }
    expect(status?.conditions.map((c: Json) => [c.type, c.status])).toEqual([
      ["NamesAccepted", "True"],
      ["Established", "True"],
    ]);
    const widget = await api.client.create<Json>("/apis/example.test/v1/namespaces/default/widgets", {
      apiVersion: "example.test/v1",
      kind: "Widget",
      metadata: { name: "w" },
      spec: { size: 1 },
      status: { ok: true },
    });
    expect(widget.status).toBeUndefined();
  });
});
