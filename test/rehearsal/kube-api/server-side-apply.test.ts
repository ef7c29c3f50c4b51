import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeKubeApi } from "../../support/fake-kube-api.ts";
import { type AdminClient, adminClient } from "./admin-client.ts";

// Server-side apply with real field ownership (KUBE-API-FACTS.md, Writes; structured-merge-diff):
// managedFields, removal of what the same manager stops applying, list-maps merged by key,
// conflicts only on another manager's different value, no-op applies invisible, apiVersion must
// be the URL's, apply creates (201).

const DEPLOY = "/apis/apps/v1/namespaces/default/deployments/echo";

function deployment(containers: Record<string, unknown>[], labels: Record<string, string> = { app: "echo" }) {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "echo", labels },
    spec: {
      selector: { matchLabels: { app: "echo" } },
      template: { metadata: { labels: { app: "echo" } }, spec: { containers } },
    },
  };
}

let api: FakeKubeApi;
let admin: AdminClient;
beforeEach(async () => {
  api = await FakeKubeApi.start();
  admin = adminClient(api);
});
afterEach(() => api.close());

const containersOf = (object: Record<string, unknown>) =>
  (object.spec as { template: { spec: { containers: { name: string; image: string }[] } } }).template.spec
    .containers;

describe("server-side apply", () => {
  it("creates with 201 and records the manager's fields (FieldsV1) in managedFields", async () => {
    const created = await admin.apply(DEPLOY, deployment([{ name: "echo", image: "echo:1" }]), "harness");
    expect(created.status).toBe(201);
    const managed = (created.json().metadata as { managedFields: Record<string, unknown>[] }).managedFields;
    expect(managed).toHaveLength(1);
    expect(managed[0]).toMatchObject({
      manager: "harness",
      operation: "Apply",
      apiVersion: "apps/v1",
      fieldsType: "FieldsV1",
    });
    const fields = managed[0]?.fieldsV1 as Record<string, Record<string, unknown>>;
    expect(fields["f:metadata"]).toEqual({ "f:labels": { "f:app": {} } });
    expect(JSON.stringify(fields["f:spec"])).toContain(
      '"k:{\\"name\\":\\"echo\\"}":{".":{},"f:image":{},"f:name":{}}',
    );
    expect(managed[0]?.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it("removes a field the same manager applied before and now leaves out, keeps another manager's", async () => {
    await admin.apply(
      DEPLOY,
      deployment([{ name: "echo", image: "echo:1" }], { app: "echo", tier: "web" }),
      "harness",
    );
    await admin.mergePatch(DEPLOY, { metadata: { labels: { owner: "ops" } } });
    const second = await admin.apply(
      DEPLOY,
      deployment([{ name: "echo", image: "echo:1" }], { app: "echo" }),
      "harness",
    );
    expect(second.status).toBe(200);
    expect((second.json().metadata as { labels: Record<string, string> }).labels).toEqual({
      app: "echo",
      owner: "ops",
    });
  });

  it("merges an associative list by key: another manager's container stays", async () => {
    await admin.apply(DEPLOY, deployment([{ name: "echo", image: "echo:1" }]), "harness");
    await admin.apply(DEPLOY, deployment([{ name: "sidecar", image: "proxy:1" }]), "mesh");
    const live = (await admin.get(DEPLOY)).json();
    expect(containersOf(live).map((container) => `${container.name}=${container.image}`)).toEqual([
      "echo=echo:1",
      "sidecar=proxy:1",
    ]);
  });

  it("conflicts (409, FieldManagerConflict) only when another manager owns a field with a different value", async () => {
    await admin.apply(DEPLOY, deployment([{ name: "echo", image: "echo:1" }]), "flux");
    const same = await admin.apply(DEPLOY, deployment([{ name: "echo", image: "echo:1" }]), "harness");
    expect(same.status).toBe(200);
    const different = await admin.apply(DEPLOY, deployment([{ name: "echo", image: "echo:2" }]), "harness");
    expect(different.status).toBe(409);
    expect(different.json()).toMatchObject({
      reason: "Conflict",
      message:
        'Apply failed with 1 conflict: conflict with "flux": .spec.template.spec.containers[name="echo"].image',
      details: {
        causes: [
          {
            reason: "FieldManagerConflict",
            message: 'conflict with "flux"',
            field: '.spec.template.spec.containers[name="echo"].image',
          },
        ],
      },
    });
    const forced = await admin.apply(
      DEPLOY,
      deployment([{ name: "echo", image: "echo:2" }]),
      "harness",
      true,
    );
    expect(forced.status).toBe(200);
    const managed = (forced.json().metadata as { managedFields: { manager: string; fieldsV1: unknown }[] })
      .managedFields;
    const flux = managed.find((entry) => entry.manager === "flux");
    expect(JSON.stringify(flux?.fieldsV1)).not.toContain("f:image");
  });

  it("changes neither resourceVersion nor sends a watch event for a no-op apply", async () => {
    const first = await admin.apply(DEPLOY, deployment([{ name: "echo", image: "echo:1" }]), "harness");
    const version = (first.json().metadata as { resourceVersion: string }).resourceVersion;
    const watch = await admin.watch(
      `/apis/apps/v1/namespaces/default/deployments?watch=true&resourceVersion=${version}`,
    );
    const again = await admin.apply(DEPLOY, deployment([{ name: "echo", image: "echo:1" }]), "harness");
    expect((again.json().metadata as { resourceVersion: string }).resourceVersion).toBe(version);
    await admin.apply(DEPLOY, deployment([{ name: "echo", image: "echo:3" }]), "harness");
    const event = await watch.next();
    watch.close();
    expect(event?.type).toBe("MODIFIED");
    expect(containersOf(event?.object ?? {})[0]?.image).toBe("echo:3");
  });

  it("refuses an apiVersion other than the URL's, managedFields in the body, and a missing fieldManager", async () => {
    const wrongVersion = await admin.apply(
      DEPLOY,
      { ...deployment([]), apiVersion: "apps/v1beta2" },
      "harness",
    );
    expect(wrongVersion.status).toBe(400);
    expect(wrongVersion.json().message).toBe(
      "Incorrect version specified in apply patch. Specified patch version: apps/v1beta2, expected: apps/v1",
    );
    const withManaged = await admin.apply(
      DEPLOY,
      { ...deployment([]), metadata: { name: "echo", managedFields: [] } },
      "harness",
    );
    expect(withManaged.json().message).toBe("metadata.managedFields must be nil");
    const noManager = await admin.apply(DEPLOY, deployment([]), "");
    expect(noManager.status).toBe(422);
    expect(noManager.json().message).toContain("fieldManager: Required value: is required for apply patch");
  });

  it("refuses an unknown field of a built-in kind (500: typed patch object)", async () => {
    const response = await admin.apply(
      "/api/v1/namespaces/default/configmaps/c",
      { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" }, data: { a: "1" }, spec: { x: 1 } },
      "harness",
    );
    expect(response.status).toBe(500);
    expect(response.json().message).toBe(
      "failed to create typed patch object (default/c; /v1, Kind=ConfigMap): .spec: field not declared in schema",
    );
  });
});
