// A kustomization file of the repo, parsed: where it is and what it says.
import type { YamlDocument } from "./yaml-documents.ts";

export interface KustomizationFile {
  /** Repo-relative file name. */
  file: string;
  /** Repo-relative folder ("" for the root). */
  folder: string;
  document: YamlDocument;
  body: Record<string, unknown>;
}
