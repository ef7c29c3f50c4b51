import { writeFile } from "node:fs/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createClusterPki } from "../../rehearsal/kube-api/certificates.ts";
import { applyObjects } from "../../src/k8s/apply-manifests.ts";
import { isUnrecoverable, KubeApiError } from "../../src/k8s/kube-api-error.ts";
import { openKubeClient } from "../../src/k8s/kube-client.ts";
import { getObject } from "../../src/k8s/read-objects.ts";
import { type FakeCluster, startFakeCluster } from "./support/fake-cluster.ts";

// client-node wraps every discovery failure as "Failed to fetch resource metadata …"
// (dist/object.js, KubernetesObjectApi.resource): the layer must read the status underneath.

const SERVICE = { apiVersion: "v1", kind: "Service", namespace: "default", name: "echo" };

describe("toKubeApiError: discovery failures by what really happened", () => {
  let cluster: FakeCluster;
  beforeEach(async () => {
    cluster = await startFakeCluster();
  });
  afterEach(() => cluster.close());

  it("a 401 on discovery (a client certificate the cluster does not know) is Unauthorized, not a missing CRD", async () => {
    const stranger = await createClusterPki();
    const path = `${cluster.kubeconfigPath}.stranger`;
    await writeFile(path, cluster.api.kubeconfig(stranger.admin, { contexts: ["kind-cc-test"] }));
    const client = openKubeClient({ kubeconfigPath: path, guard: () => ({ allowed: true }) });
    const failure = await getObject(client, SERVICE).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(KubeApiError);
    expect(failure).toMatchObject({ code: "CC_K8S_UNAUTHORIZED", status: 401, reason: "Unauthorized" });
    expect((failure as KubeApiError).message).toBe(
      "get Service default/echo (discovering v1): HTTP 401 Unauthorized: Unauthorized",
    );
    expect((failure as KubeApiError).hint).toMatch(/refused the kubeconfig's credentials/);
    expect(isUnrecoverable(failure)).toBe(true);
  });

  it("a 403 and a 503 on discovery keep their status and reason", async () => {
    cluster.api.failNext({
      path: "/api/v1",
      code: 403,
      reason: "Forbidden",
      message: "no discovery for you",
    });
    await expect(getObject(cluster.client, SERVICE)).rejects.toMatchObject({
      code: "CC_K8S_FORBIDDEN",
      status: 403,
    });
    cluster.api.failNext({ path: "/api/v1", code: 503, reason: "ServiceUnavailable", message: "starting" });
    const unavailable = await getObject(cluster.client, SERVICE).catch((error: unknown) => error);
    expect(unavailable).toMatchObject({ code: "CC_K8S_REQUEST_FAILED", status: 503 });
    expect((unavailable as Error).message).toContain("HTTP 503 ServiceUnavailable: starting");
    expect(isUnrecoverable(unavailable)).toBe(false);
  });

  it("a stopped API server is unreachable, not an unknown kind", async () => {
    await cluster.api.close();
    const failure = await getObject(cluster.client, SERVICE).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: "CC_K8S_UNREACHABLE" });
    expect((failure as Error).message).toMatch(/API server unreachable \(ECONNREFUSED\)/);
  });

  it("an unserved group/version (discovery 404) and a served one without the kind are unknown kinds", async () => {
    const group = await applyObjects(cluster.client, [
      { apiVersion: "example.io/v1", kind: "Widget", metadata: { name: "w" } },
    ]).catch((error: unknown) => error);
    expect(group).toMatchObject({ code: "CC_K8S_KIND_UNKNOWN" });
    expect((group as Error).message).toBe(
      "apply Widget w: the API server does not serve this kind (example.io/v1)",
    );
    const kind = await applyObjects(cluster.client, [
      { apiVersion: "v1", kind: "Widget", metadata: { name: "w" } },
    ]).catch((error: unknown) => error);
    expect(kind).toMatchObject({ code: "CC_K8S_KIND_UNKNOWN" });
    expect(isUnrecoverable(kind)).toBe(false);
  });
});
