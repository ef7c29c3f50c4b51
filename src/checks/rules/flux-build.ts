// What building the repo the way Flux does could not render, or found Flux would refuse
// (src/repo/flux/render-repo.ts): each note at the file and line that causes it.
import type { DocumentedRule } from "../documented-rule.ts";

export const fluxBuild: DocumentedRule = {
  id: "flux-build",
  title:
    "The repo builds the way Flux builds it: every Flux Kustomization's path, with kustomize, its patches and postBuild substitution",
  severities: ["error", "warning", "info"],
  why: "Flux applies only what kustomize renders from each Kustomization's path: a file no kustomization lists is never applied, a patch changes what the cluster gets, and a build that fails applies nothing at all.",
  emits: [
    "flux-build-fails",
    "flux-build-incomplete",
    "flux-renderer",
    "not-applied",
    "helm-release-source-missing",
  ],
  check(model) {
    return (model.renderNotes ?? []).map((note) => ({ ...note }));
  },
};
