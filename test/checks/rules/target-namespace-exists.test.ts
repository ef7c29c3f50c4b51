import { describe, expect, it } from "vitest";
import { targetNamespaceExists } from "../../../src/checks/rules/target-namespace-exists.ts";
import { KUSTOMIZE_ENV } from "../../../src/repo/flux/kustomize-binary.ts";
import { loadInfraRepo } from "../../../src/repo/load-infra-repo.ts";
import { fixtureWith } from "../../support/temp-repo.ts";
import { findingsOf } from "../model-builder.ts";

const RELEASE = "apps/grafana/helm-release.yaml";
const FLUX = "clusters/homelab/apps.yaml";
const NAMESPACE = "apps/grafana/namespace.yaml";

function helmRelease(spec: string): string {
  return `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: grafana
  namespace: flux-system
spec:
  interval: 1h
${spec}  chart:
    spec:
      chart: grafana
`;
}

function fluxKustomization(spec: string): string {
  return `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: apps
  namespace: flux-system
spec:
  path: ./apps
${spec}  sourceRef:
    kind: GitRepository
    name: flux-system
`;
}

const namespace = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n`;
const check = (files: Record<string, string>) => findingsOf(targetNamespaceExists, { files });

describe("target-namespace-missing", () => {
  it("warns about a HelmRelease whose targetNamespace nothing creates, at that line, with both fixes", () => {
    const findings = check({ [RELEASE]: helmRelease("  targetNamespace: monitoring\n") });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      id: "target-namespace-missing",
      severity: "warning",
      file: RELEASE,
      line: 8,
    });
    expect(findings[0]!.message).toContain(
      'HelmRelease flux-system/grafana installs into spec.targetNamespace "monitoring", which no Namespace in the repo creates',
    );
    expect(findings[0]!.message).toContain("set spec.install.createNamespace: true");
  });

  it("is silent when a Namespace of the repo creates it, or install.createNamespace is true", () => {
    expect(
      check({
        [RELEASE]: helmRelease("  targetNamespace: monitoring\n"),
        [NAMESPACE]: namespace("monitoring"),
      }),
    ).toEqual([]);
    expect(
      check({
        [RELEASE]: helmRelease("  targetNamespace: monitoring\n  install:\n    createNamespace: true\n"),
      }),
    ).toEqual([]);
    // createNamespace: "true" (a string) is not true: the CRD's boolean is what helm-controller reads.
    expect(
      check({
        [RELEASE]: helmRelease('  targetNamespace: monitoring\n  install:\n    createNamespace: "false"\n'),
      }),
    ).toHaveLength(1);
  });

  it("counts a namespace another HelmRelease creates, and the namespaces every cluster has", () => {
    const creator = helmRelease(
      "  targetNamespace: monitoring\n  install:\n    createNamespace: true\n",
    ).replace("name: grafana", "name: prometheus");
    expect(
      check({
        [RELEASE]: helmRelease("  targetNamespace: monitoring\n"),
        "apps/prometheus/release.yaml": creator,
      }),
    ).toEqual([]);
    for (const builtIn of ["kube-system", "default", "flux-system"]) {
      expect(check({ [RELEASE]: helmRelease(`  targetNamespace: ${builtIn}\n`) }), builtIn).toEqual([]);
    }
  });

  it("leaves a HelmRelease without targetNamespace alone (it installs into its own namespace)", () => {
    expect(check({ [RELEASE]: helmRelease("") })).toEqual([]);
  });

  it("warns about a Flux Kustomization whose targetNamespace nothing creates", () => {
    const findings = check({ [FLUX]: fluxKustomization("  targetNamespace: apps\n") });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ file: FLUX, line: 8, severity: "warning" });
    expect(findings[0]!.message).toContain(
      'Kustomization flux-system/apps puts its objects into spec.targetNamespace "apps", which no Namespace in the repo creates: kustomize-controller creates no namespace',
    );
    expect(
      check({ [FLUX]: fluxKustomization("  targetNamespace: apps\n"), [NAMESPACE]: namespace("apps") }),
    ).toEqual([]);
  });

  it("reads the repo as Flux renders it: the seed's Grafana moved to a namespace its kustomization does not create", () => {
    const release = "apps/grafana/helm-release.yaml";
    const load = (changes: Record<string, string>) =>
      targetNamespaceExists.check(
        loadInfraRepo(fixtureWith(changes), { env: { ...process.env, [KUSTOMIZE_ENV]: "builtin" } }),
      );
    const original = helmRelease("").replace("namespace: flux-system", "namespace: monitoring");
    expect(load({})).toEqual([]);
    expect(
      load({
        [release]: original.replace("  interval: 1h\n", "  interval: 1h\n  targetNamespace: monitoring\n"),
      }),
    ).toEqual([]);
    const moved = load({
      [release]: original.replace("  interval: 1h\n", "  interval: 1h\n  targetNamespace: grafana\n"),
    });
    expect(moved.map((f) => `${f.id} ${f.file}:${f.line}`)).toEqual([
      `target-namespace-missing ${release}:8`,
    ]);
  });
});
