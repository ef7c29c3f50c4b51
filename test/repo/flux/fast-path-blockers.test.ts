// The named reasons the in-process build reports while it builds; each is shown against the real
// kustomize in fast-path.test.ts.
import { describe, expect, it } from "vitest";
import { kustomizationBlockers, namespaceBlockers } from "../../../src/repo/flux/fast-path-blockers.ts";
import { CLUSTER_SCOPED } from "../../../src/repo/flux/kustomize-builtin.ts";
import type { KustomizationFile } from "../../../src/repo/kustomization-file.ts";
import { parseYamlDocuments } from "../../../src/repo/yaml-documents.ts";

function kustomization(text: string): KustomizationFile {
  const [document] = parseYamlDocuments(text, "k/kustomization.yaml");
  return {
    file: "k/kustomization.yaml",
    folder: "k",
    document: document!,
    body: document!.value as Record<string, unknown>,
  };
}
const reasons = (text: string) => kustomizationBlockers(kustomization(text)).map((b) => [b.reason, b.line]);

describe("a kustomization's own reasons", () => {
  it("none for resources, namespace, a plain generator and configurations", () => {
    expect(
      reasons(
        "resources: [a.yaml]\nnamespace: x\nconfigMapGenerator:\n  - name: g\n    files: [v.yaml]\n    literals: [a=b]\nconfigurations: [c.yaml]\n",
      ),
    ).toEqual([]);
  });

  it("names each field at its line", () => {
    expect(
      reasons(
        "images: []\npatches:\n  - path: p.yaml\nsecretGenerator:\n  - name: s\nconfigMapGenerator:\n  - name: g\n    behavior: merge\n",
      ),
    ).toEqual([
      ["kustomization-field", 1],
      ["patches", 2],
      ["secret-generator", 4],
      ["generator-options", 7],
    ]);
  });

  it("a generator key kustomize refuses: invalid, twice, or a literal without =", () => {
    for (const literals of ["[a=b, a=c]", "['a b=c']", "[novalue]"])
      expect(reasons(`configMapGenerator:\n  - name: g\n    literals: ${literals}\n`)).toEqual([
        ["generator-options", 2],
      ]);
    expect(reasons("configMapGenerator:\n  - name: g\n    files: [x/v.yaml, y/v.yaml]\n")).toEqual([
      ["generator-options", 2],
    ]);
  });
});

describe("a namespace's reasons", () => {
  const at = { file: "k/kustomization.yaml", line: 3 };
  const object = (apiVersion: string, kind: string, name = "n", extra = {}) => ({
    apiVersion,
    kind,
    metadata: { name },
    ...extra,
  });

  it("none where both builds agree", () => {
    const objects = [
      object("v1", "ConfigMap"),
      object("rbac.authorization.k8s.io/v1", "ClusterRole"),
      object("v1", "Namespace", "ns"),
      object("helm.toolkit.fluxcd.io/v2", "HelmRelease"),
    ];
    expect(namespaceBlockers(objects, "ns", at, CLUSTER_SCOPED)).toEqual([]);
  });

  it("a kind judged differently, a Namespace renamed, binding subjects, service references", () => {
    const objects = [
      object("cilium.io/v2alpha1", "CiliumLoadBalancerIPPool"),
      object("v1", "Namespace", "other"),
      object("rbac.authorization.k8s.io/v1", "RoleBinding", "rb", { subjects: [] }),
      object("apiregistration.k8s.io/v1", "APIService"),
    ];
    expect(namespaceBlockers(objects, "ns", at, CLUSTER_SCOPED).map((b) => b.reason)).toEqual([
      "namespace-scope",
      "namespace-renames-namespace",
      "namespace-references",
      "namespace-references",
    ]);
  });
});
