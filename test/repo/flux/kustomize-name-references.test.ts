// Following kustomize's name references (api/filters/nameref/nameref.go) as the fast path does;
// against the real kustomize in fast-path.test.ts.
import { describe, expect, it } from "vitest";
import {
  chooseReferral,
  type NameReferenceSpec,
  referenceSites,
} from "../../../src/repo/flux/kustomize-name-references.ts";

const spec: NameReferenceSpec = {
  target: { kind: "ConfigMap", version: "v1" },
  fieldSpecs: [{ path: ["spec", "valuesFrom", "name"], kind: "HelmRelease" }],
};
const release = (namespace: string | undefined, valuesFrom: unknown) => ({
  apiVersion: "helm.toolkit.fluxcd.io/v2",
  kind: "HelmRelease",
  metadata: { name: "r", ...(namespace ? { namespace } : {}) },
  spec: { valuesFrom },
});
const configMap = (name: string, namespace?: string) => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name, ...(namespace ? { namespace } : {}) },
});

describe("reference sites", () => {
  it("follow the field spec through lists, for the kinds it names only", () => {
    const objects = [release("a", [{ name: "v" }, { kind: "Secret", name: "s" }]), configMap("v")];
    expect(referenceSites(objects, [spec])).toEqual([
      { object: 0, path: ["spec", "valuesFrom", 0, "name"], value: "v", spec },
      { object: 0, path: ["spec", "valuesFrom", 1, "name"], value: "s", spec },
    ]);
  });

  it("refuse a path that meets a scalar or ends on a map (kustomize fails or reads name and namespace)", () => {
    expect(referenceSites([release("a", "v")], [spec])).toMatch(/meets a string/);
    expect(referenceSites([release("a", { name: { x: 1 } })], [spec])).toMatch(/is a map/);
  });
});

describe("the referral kustomize picks", () => {
  const site = { object: 0, path: ["spec", "valuesFrom", 0, "name"], value: "v", spec };

  it("is the ConfigMap of that original name in the referrer's namespace (unset is default)", () => {
    const hashed = { body: configMap("v-abc", "a"), originalName: "v" };
    const other = { body: configMap("v-def", "b"), originalName: "v" };
    expect(chooseReferral(release("a", []), site, [hashed, other])).toBe(hashed);
    const inDefault = { body: configMap("v-abc", "default"), originalName: "v" };
    expect(chooseReferral(release(undefined, []), site, [inDefault])).toBe(inDefault);
    expect(chooseReferral(release("c", []), site, [hashed, other])).toBeUndefined();
  });

  it("is ambiguous when a cluster-scoped referrer sees two differently named candidates", () => {
    const referrer = {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRole",
      metadata: { name: "x" },
    };
    const a = { body: configMap("v-abc", "a"), originalName: "v" };
    const b = { body: configMap("v-def", "b"), originalName: "v" };
    expect(chooseReferral(referrer, site, [a, b])).toBe("ambiguous");
  });
});
