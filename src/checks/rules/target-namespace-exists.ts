// A HelmRelease or a Flux Kustomization that installs into a spec.targetNamespace nothing creates.
// helm-controller installs into spec.targetNamespace (GetReleaseNamespace) and asks Helm to create
// it only when spec.install.createNamespace is true (fluxcd/helm-controller v1.6.3
// internal/action/install.go: `if obj.Spec.TargetNamespace != "" { install.CreateNamespace =
// obj.GetInstall().CreateNamespace }`; api/v2/helmrelease_types.go): otherwise Helm's install fails
// on the missing namespace. kustomize-controller creates no namespace either: it applies what the
// build renders, Namespaces first (internal/controller/kustomization_controller.go,
// ApplyAllStaged), so a namespaced object aimed at a namespace no build renders is refused by the
// API server. A warning: the namespace may be made outside the repo (by hand, by a bootstrap).

import type { Manifest } from "../../repo/infra-model.ts";
import { quoteExcerpt } from "../../repo/quote-excerpt.ts";
import type { DocumentedRule } from "../documented-rule.ts";
import type { Finding } from "../finding.ts";
import { atManifest, describeManifest } from "../finding-location.ts";
import { record } from "../gateway-api-objects.ts";

/** Namespaces every cluster has, and the one `flux bootstrap` makes before anything is applied. */
const ALWAYS_THERE = ["default", "kube-system", "kube-public", "kube-node-lease", "flux-system"];

const isHelmRelease = (manifest: Manifest) =>
  manifest.kind === "HelmRelease" && manifest.apiVersion.startsWith("helm.toolkit.fluxcd.io/");
const isFluxKustomization = (manifest: Manifest) =>
  manifest.kind === "Kustomization" && manifest.apiVersion.startsWith("kustomize.toolkit.fluxcd.io/");

function targetNamespaceOf(manifest: Manifest): string | undefined {
  const value = record(manifest.body.spec).targetNamespace;
  return typeof value === "string" && value !== "" ? value : undefined;
}

const createsNamespace = (release: Manifest) =>
  record(record(release.body.spec).install).createNamespace === true;

export const targetNamespaceExists: DocumentedRule = {
  id: "target-namespace-missing",
  title:
    "A HelmRelease's or Flux Kustomization's `spec.targetNamespace` is a namespace the repo creates (or `install.createNamespace: true`)",
  severities: ["warning"],
  why: "Neither helm-controller nor kustomize-controller creates a target namespace unless told to (a HelmRelease's spec.install.createNamespace): without a Namespace in the repo the install or apply fails on the missing namespace.",
  check(model) {
    const manifests = model.manifests ?? [];
    const created = new Set([
      ...ALWAYS_THERE,
      ...manifests.filter((m) => m.kind === "Namespace" && m.apiVersion === "v1").map((m) => m.name),
      ...manifests
        .filter((m) => isHelmRelease(m) && createsNamespace(m))
        .map(targetNamespaceOf)
        .filter((name): name is string => name !== undefined),
    ]);
    const findings: Finding[] = [];
    for (const manifest of manifests) {
      const helm = isHelmRelease(manifest);
      if (!helm && !isFluxKustomization(manifest)) continue;
      const target = targetNamespaceOf(manifest);
      if (target === undefined || created.has(target) || (helm && createsNamespace(manifest))) continue;
      const namespace = quoteExcerpt(target);
      findings.push({
        id: "target-namespace-missing",
        severity: "warning",
        message: helm
          ? `${describeManifest(manifest)} installs into spec.targetNamespace ${namespace}, which no Namespace in the repo creates, and spec.install.createNamespace is not true: helm-controller's install fails on the missing namespace (unless it is made outside the repo). Add a Namespace ${namespace} manifest to the repo, or set spec.install.createNamespace: true.`
          : `${describeManifest(manifest)} puts its objects into spec.targetNamespace ${namespace}, which no Namespace in the repo creates: kustomize-controller creates no namespace, so applying them fails on the missing namespace (unless it is made outside the repo). Add a Namespace ${namespace} manifest to its path (or to a Kustomization applied before it).`,
        ...atManifest(manifest, ["spec", "targetNamespace"]),
      });
    }
    return findings;
  },
};
