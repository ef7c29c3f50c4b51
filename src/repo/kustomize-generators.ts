// What a kustomization's configMapGenerator / secretGenerator makes: one object per entry, one
// key per `files` item (`values.yaml` or `key=path`, relative to the kustomization) or
// `literals` item (`key=value`). The hash suffix kustomize adds to the name does not matter here:
// references are matched by the generator's name, as kustomize's nameReference rewrites them.
import path from "node:path";
import { RepoError } from "../errors.ts";
import type { SourceLocation } from "./infra-model.ts";
import type { KustomizationFile } from "./kustomization-file.ts";
import type { RepoFiles } from "./repo-files.ts";
import { isRecord } from "./yaml-documents.ts";

export type GeneratorKind = "configMapGenerator" | "secretGenerator";

export interface GeneratedItem {
  key: string;
  /** Where the data comes from: the file it is read from, or the literal's line. */
  location: SourceLocation;
  fromFile: boolean;
  /** The key's text; a missing file is CC_REPO_FILE_MISSING (read only when needed). */
  read(): string;
}

export interface GeneratedEntry {
  generatorKind: GeneratorKind;
  name: string;
  namespace: string | undefined;
  kustomization: KustomizationFile;
  /** The entry's line in the kustomization. */
  location: SourceLocation;
  items: readonly GeneratedItem[];
}

export function generatedObjects(
  kustomization: KustomizationFile,
  generatorKind: GeneratorKind,
  files: RepoFiles,
): GeneratedEntry[] {
  const list = kustomization.body[generatorKind];
  if (!Array.isArray(list)) return [];
  const defaultNamespace =
    typeof kustomization.body.namespace === "string" ? kustomization.body.namespace : undefined;
  const entries: GeneratedEntry[] = [];
  list.forEach((raw, index) => {
    if (!isRecord(raw) || typeof raw.name !== "string") return;
    const at = (...rest: (string | number)[]): SourceLocation => ({
      file: kustomization.file,
      line: kustomization.document.lineOf([generatorKind, index, ...rest]),
    });
    const items: GeneratedItem[] = [];
    const fileItems = Array.isArray(raw.files) ? raw.files : [];
    fileItems.forEach((item, itemIndex) => {
      if (typeof item !== "string") return;
      items.push(fileItem(kustomization, files, item, at("files", itemIndex)));
    });
    const literals = Array.isArray(raw.literals) ? raw.literals : [];
    literals.forEach((item, itemIndex) => {
      if (typeof item !== "string" || !item.includes("=")) return;
      const separator = item.indexOf("=");
      const text = unquote(item.slice(separator + 1));
      items.push({
        key: item.slice(0, separator),
        location: at("literals", itemIndex),
        fromFile: false,
        read: () => text,
      });
    });
    entries.push({
      generatorKind,
      name: raw.name,
      namespace: typeof raw.namespace === "string" ? raw.namespace : defaultNamespace,
      kustomization,
      location: at(),
      items,
    });
  });
  return entries;
}

function fileItem(
  kustomization: KustomizationFile,
  files: RepoFiles,
  item: string,
  entryLocation: SourceLocation,
): GeneratedItem {
  const separator = item.indexOf("=");
  const relative = separator === -1 ? item : item.slice(separator + 1);
  const key = separator === -1 ? path.posix.basename(relative) : item.slice(0, separator);
  const file = path.posix.normalize(path.posix.join(kustomization.folder || ".", relative));
  return {
    key,
    location: { file, line: 1 },
    fromFile: true,
    read() {
      if (file.startsWith("../") || !files.exists(file) || files.isFolder(file)) {
        throw new RepoError(
          "CC_REPO_FILE_MISSING",
          `${entryLocation.file}:${entryLocation.line}: the ${kustomization.file} generator reads ${relative}, ` +
            `but ${file} is not in the repo`,
          {
            ...entryLocation,
            hint: `create ${file}, or fix the path (it is relative to ${kustomization.file})`,
          },
        );
      }
      return files.readText(file);
    },
  };
}

/** kustomize strips one pair of matching quotes around a literal's value. */
function unquote(text: string): string {
  const match = /^(["'])(.*)\1$/s.exec(text);
  return match ? match[2]! : text;
}
