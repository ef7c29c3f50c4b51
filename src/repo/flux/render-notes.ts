// What rendering the repo the way Flux builds it could not do, or found Flux would refuse: each a
// finding of the `flux-build` rule, at the file and line that causes it.

export type RenderNoteId =
  | "flux-build-fails"
  | "flux-build-incomplete"
  | "flux-renderer"
  | "not-applied"
  | "helm-release-source-missing";

export interface RenderNote {
  id: RenderNoteId;
  severity: "error" | "warning" | "info";
  message: string;
  file: string;
  line: number;
}
