import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { unevaluatedRules } from "../../../rehearsal/kube-api/schema/cel-rules.ts";
import { FakeKubeApi } from "../../support/fake-kube-api.ts";
import { type AdminClient, adminClient } from "./admin-client.ts";

// CRDs as the apiextensions-apiserver inside kube-apiserver treats them (KUBE-API-FACTS.md,
// Discovery and Writes): served only once Established, validated as structural schemas, their
// custom resources pruned, defaulted and validated (enum, types, CEL) with 422 causes.

const CRDS = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";

function gadgetCrd(overrides: Record<string, unknown> = {}) {
  return {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: "gadgets.example.io" },
    spec: {
      group: "example.io",
      names: { kind: "Gadget", listKind: "GadgetList", plural: "gadgets", singular: "gadget" },
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
                  required: ["size"],
                  "x-kubernetes-validations": [
                    { rule: "self.size <= self.max", message: "size may not exceed max" },
                  ],
                  properties: {
                    size: { type: "integer", minimum: 1 },
                    max: { type: "integer", default: 10 },
                    color: { type: "string", enum: ["red", "blue"], default: "red" },
                  },
                },
                status: { type: "object", properties: { ready: { type: "boolean" } } },
              },
            },
          },
        },
      ],
      ...overrides,
    },
  };
}

const gadget = (spec: Record<string, unknown>, name = "g1") => ({
  apiVersion: "example.io/v1",
  kind: "Gadget",
  metadata: { name, namespace: "default" },
  spec,
});

let api: FakeKubeApi;
let admin: AdminClient;
beforeEach(async () => {
  api = await FakeKubeApi.start();
  admin = adminClient(api);
});
afterEach(() => api.close());

describe("a CRD is served only once Established", () => {
  it("answers 404 for its group until the server's controllers have established it, then serves it", async () => {
    api.crdEstablishDelayMs = 60_000;
    const created = await admin.post(CRDS, gadgetCrd());
    expect(created.status).toBe(201);
    // The CRD strategy's PrepareForCreate: no names accepted yet, no conditions.
    expect(created.json().status).toEqual({
      acceptedNames: { kind: "", plural: "" },
      storedVersions: ["v1"],
    });
    expect((await admin.get("/apis/example.io/v1")).status).toBe(404);
    expect(
      (await admin.post("/apis/example.io/v1/namespaces/default/gadgets", gadget({ size: 1 }))).status,
    ).toBe(404);
    const groups = (await admin.get("/apis")).json().groups as { name: string }[];
    expect(groups.map((group) => group.name)).not.toContain("example.io");

    api.crdEstablishDelayMs = 0;
    await admin.apply(
      `${CRDS}/gadgets.example.io`,
      { ...gadgetCrd(), metadata: { name: "gadgets.example.io", labels: { a: "b" } } },
      "kubectl",
    );
    await api.whenEstablished("gadgets.example.io");
    const crd = (await admin.get(`${CRDS}/gadgets.example.io`)).json();
    expect((crd.status as { conditions: unknown[] }).conditions).toEqual([
      expect.objectContaining({ type: "NamesAccepted", status: "True", reason: "NoConflicts" }),
      expect.objectContaining({ type: "Established", status: "True", reason: "InitialNamesAccepted" }),
    ]);
    const resources = (await admin.get("/apis/example.io/v1")).json().resources as { name: string }[];
    expect(resources.map((resource) => resource.name)).toEqual(["gadgets", "gadgets/status"]);
  });

  it("lists it in aggregated discovery (apidiscovery.k8s.io/v2) when asked, plain otherwise", async () => {
    await admin.post(CRDS, gadgetCrd());
    await api.whenEstablished("gadgets.example.io");
    const aggregated = await admin.get(
      "/apis",
      "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json",
    );
    expect(aggregated.headers["content-type"]).toBe(
      "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList",
    );
    const items = aggregated.json().items as {
      metadata: { name: string };
      versions: { version: string; resources: Record<string, unknown>[] }[];
    }[];
    const example = items.find((item) => item.metadata.name === "example.io");
    expect(example?.versions[0]?.resources[0]).toMatchObject({
      resource: "gadgets",
      responseKind: { group: "example.io", version: "v1", kind: "Gadget" },
      scope: "Namespaced",
      subresources: [{ subresource: "status", verbs: ["get", "patch", "update"] }],
    });
    expect(items.map((item) => item.metadata.name)).toContain("admissionregistration.k8s.io");
    const plain = await admin.get("/apis", "application/json");
    expect(plain.json().kind).toBe("APIGroupList");
    const core = await admin.get("/api/v1");
    const names = (core.json().resources as { name: string }[]).map((resource) => resource.name);
    expect(names).toEqual(
      expect.arrayContaining(["pods", "pods/log", "pods/exec", "pods/portforward", "namespaces/finalize"]),
    );
  });

  it("serves admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy (Gateway API bundles ship one)", async () => {
    const policy = await admin.post("/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies", {
      apiVersion: "admissionregistration.k8s.io/v1",
      kind: "ValidatingAdmissionPolicy",
      metadata: { name: "safe-upgrades.gateway.networking.k8s.io" },
      spec: { matchConstraints: { resourceRules: [] }, validations: [{ expression: "true" }] },
    });
    expect(policy.status).toBe(201);
  });
});

describe("CRD validation", () => {
  it("refuses a non-structural schema, $ref and a name that is not <plural>.<group> (422 with causes)", async () => {
    const bad = gadgetCrd({
      versions: [
        {
          name: "v1",
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: { type: "object", properties: { spec: { properties: { x: { $ref: "#/y" } } } } },
          },
        },
      ],
    });
    bad.metadata.name = "gadget.example.io";
    const response = await admin.post(CRDS, bad);
    expect(response.status).toBe(422);
    const body = response.json() as { reason: string; details: { causes: { field: string }[] } };
    expect(body.reason).toBe("Invalid");
    expect(body.details.causes.map((cause) => cause.field)).toEqual([
      "metadata.name",
      "spec.versions[0].schema.openAPIV3Schema.properties[spec].type",
      "spec.versions[0].schema.openAPIV3Schema.properties[spec].properties[x].$ref",
      "spec.versions[0].schema.openAPIV3Schema.properties[spec].properties[x].type",
    ]);
  });

  it("demands the api-approved annotation for a *.k8s.io group", async () => {
    const crd = gadgetCrd({ group: "widgets.k8s.io" });
    crd.metadata.name = "gadgets.widgets.k8s.io";
    const response = await admin.post(CRDS, crd);
    expect(response.status).toBe(422);
    expect(response.json().message).toContain(
      'protected groups must have approval annotation "api-approved.kubernetes.io"',
    );
  });

  it("marks a CRD whose names another CRD uses NamesAccepted=False, and does not serve it", async () => {
    await admin.post(CRDS, gadgetCrd());
    await api.whenEstablished("gadgets.example.io");
    const twin = gadgetCrd({ names: { kind: "Gadget", plural: "gizmos", singular: "gizmo" } });
    twin.metadata.name = "gizmos.example.io";
    await admin.post(CRDS, twin);
    await vi.waitFor(async () => {
      const conditions = (await admin.get(`${CRDS}/gizmos.example.io`)).json().status as {
        conditions?: { type: string; status: string; reason: string }[];
      };
      expect(conditions.conditions?.[0]).toMatchObject({
        type: "NamesAccepted",
        status: "False",
        reason: "NameConflict",
      });
    });
    expect((await admin.get("/apis/example.io/v1/gizmos")).status).toBe(404);
  });
});

describe("custom resources against their schema", () => {
  beforeEach(async () => {
    await admin.post(CRDS, gadgetCrd());
    await api.whenEstablished("gadgets.example.io");
  });
  const collection = "/apis/example.io/v1/namespaces/default/gadgets";

  it("defaults absent fields and prunes unknown ones on create (with a warning)", async () => {
    const response = await admin.post(collection, gadget({ size: 2, extra: "dropped" }));
    expect(response.status).toBe(201);
    expect(response.json().spec).toEqual({ size: 2, max: 10, color: "red" });
    expect(response.headers.warning).toBe('299 - "unknown field \\"spec.extra\\""');
  });

  it("refuses an unknown field in a server-side apply (500: the typed patch cannot be built)", async () => {
    const response = await admin.apply(`${collection}/g1`, gadget({ size: 2, extra: "x" }), "tester");
    expect(response.status).toBe(500);
    expect(response.json()).toMatchObject({
      status: "Failure",
      message:
        "failed to create typed patch object (default/g1; example.io/v1, Kind=Gadget): .spec.extra: field not declared in schema",
      code: 500,
    });
    expect(response.json().reason).toBeUndefined();
  });

  it("refuses a value outside the enum, a wrong type, a missing required field (422, one cause each)", async () => {
    const response = await admin.post(collection, gadget({ color: "green", max: "ten" }));
    expect(response.status).toBe(422);
    const body = response.json() as {
      message: string;
      details: { kind: string; group: string; causes: unknown[] };
    };
    expect(body.details).toMatchObject({ kind: "Gadget", group: "example.io" });
    expect(body.details.causes).toHaveLength(3);
    expect(body.details.causes).toEqual(
      expect.arrayContaining([
        { reason: "FieldValueRequired", message: "Required value", field: "spec.size" },
        {
          reason: "FieldValueInvalid",
          message: 'Invalid value: "string": spec.max in body must be of type integer: "string"',
          field: "spec.max",
        },
        {
          reason: "FieldValueNotSupported",
          message: 'Unsupported value: "green": supported values: "red", "blue"',
          field: "spec.color",
        },
      ]),
    );
    expect(body.message.startsWith('Gadget.example.io "g1" is invalid: [')).toBe(true);
  });

  it("evaluates the CEL rule (x-kubernetes-validations) with self", async () => {
    const response = await admin.post(collection, gadget({ size: 11 }));
    expect(response.status).toBe(422);
    expect(response.json().message).toBe(
      'Gadget.example.io "g1" is invalid: spec: Invalid value: "object": size may not exceed max',
    );
    expect((await admin.post(collection, gadget({ size: 11, max: 20 }))).status).toBe(201);
  });

  it("records a rule it cannot evaluate (a Kubernetes CEL function it lacks) instead of enforcing it", async () => {
    const crd = gadgetCrd();
    const spec = crd.spec.versions[0]?.schema.openAPIV3Schema.properties.spec as Record<string, unknown>;
    spec["x-kubernetes-validations"] = [{ rule: "quantity(string(self.size)).isInteger()" }];
    crd.metadata.name = "gadgets.example.io";
    await admin.apply(`${CRDS}/gadgets.example.io`, crd, "kubectl", true);
    await vi.waitFor(async () =>
      expect((await admin.post(collection, gadget({ size: 3 }, "g2"))).status).toBe(201),
    );
    expect(unevaluatedRules.get("quantity(string(self.size)).isInteger()")).toMatch(/quantity/);
  });
});
