// The YAML side of the exact fast path: a file kustomize may read differently from this tool is
// a reason to build with the binary. kustomize reads with go-yaml v3 and rewrites every object
// through JSON-like values (kustomize-scalars.ts); anchors, aliases and explicit tags are left to it
// too (go-yaml v3 expands and resolves them its own way).
import type { RepoFiles } from "../repo-files.ts";
import type { FastPathBlocker } from "./fast-path-blockers.ts";
import { scalarDisagreement } from "./kustomize-scalars.ts";

export function yamlBlockers(files: RepoFiles, yamlFiles: Iterable<string>): FastPathBlocker[] {
  const blockers: FastPathBlocker[] = [];
  for (const file of yamlFiles) {
    for (const document of files.parse(file).documents) {
      const syntax = document.syntax?.();
      if (!syntax) {
        blockers.push({
          reason: "yaml-scalar",
          file,
          line: document.line,
          detail: "how the file is written is not known",
        });
        break;
      }
      if (syntax.special)
        blockers.push({
          reason: "yaml-anchor-or-tag",
          file,
          line: syntax.special.line,
          detail: `an explicit ${syntax.special.what}`,
        });
      for (const plain of syntax.plains) {
        const detail = scalarDisagreement(plain);
        if (detail) blockers.push({ reason: "yaml-scalar", file, line: plain.line, detail });
      }
    }
  }
  return blockers;
}
