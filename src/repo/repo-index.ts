// Every Kubernetes object and kustomization of the scanned folders, with the namespace each
// object ends up in once kustomize has built it.
import path from "node:path";
import type { Manifest } from "./infra-model.ts";
import type { KustomizationFile } from "./kustomization-file.ts";
import type { GeneratedEntry } from "./kustomize-generators.ts";
import { isKustomizationFile, type RepoFiles } from "./repo-files.ts";
import { isRecord, manifestOf, type YamlDocument } from "./yaml-documents.ts";

export interface IndexedManifest {
  manifest: Manifest;
  document: YamlDocument;
  /** The folder whose build produced it (rendered objects only). */
  builtFrom?: string;
  /** The kustomize generator entry that made it (rendered objects only). */
  generated?: GeneratedEntry;
}

export type { KustomizationFile } from "./kustomization-file.ts";

export interface RepoIndex {
  manifests: readonly IndexedManifest[];
  kustomizations: readonly KustomizationFile[];
}

// Kinds kustomize's `namespace:` applies to that the loader resolves references between.
const NAMESPACED_KINDS = new Set([
  "HelmRelease",
  "HelmRepository",
  "OCIRepository",
  "HelmChart",
  "GitRepository",
  "ConfigMap",
  "Secret",
  "Gateway",
  "HTTPRoute",
  "Service",
]);

export function indexRepo(files: RepoFiles, yamlFiles: readonly string[]): RepoIndex {
  const kustomizations: KustomizationFile[] = [];
  const raw: IndexedManifest[] = [];
  for (const file of yamlFiles) {
    const parsed = files.parse(file);
    if (isKustomizationFile(file)) {
      const [document] = parsed.documents;
      if (document && isRecord(document.value)) {
        kustomizations.push({ file, folder: folderOf(file), document, body: document.value });
      }
      continue;
    }
    for (const document of parsed.documents) {
      const manifest = manifestOf(document);
      if (manifest) raw.push({ manifest, document });
    }
  }
  const byFolder = new Map(kustomizations.map((k) => [k.folder, k]));
  const manifests = raw.map((entry) => {
    if (!NAMESPACED_KINDS.has(entry.manifest.kind)) return entry;
    const namespace = kustomizeNamespace(byFolder, entry.manifest.location.file);
    return namespace === undefined ? entry : { ...entry, manifest: { ...entry.manifest, namespace } };
  });
  return { manifests, kustomizations };
}

export function folderOf(file: string): string {
  const folder = path.posix.dirname(file);
  return folder === "." ? "" : folder;
}

/**
 * The `namespace:` kustomize sets on this file: walking up while each folder's kustomization
 * includes the one below it, the outermost one that sets a namespace wins (it is applied last).
 */
function kustomizeNamespace(
  byFolder: ReadonlyMap<string, KustomizationFile>,
  file: string,
): string | undefined {
  let child = path.posix.basename(file);
  let folder = folderOf(file);
  let found: string | undefined;
  for (;;) {
    const kustomization = byFolder.get(folder);
    if (kustomization) {
      if (!listsResource(kustomization, child)) return found;
      const namespace = kustomization.body.namespace;
      if (typeof namespace === "string" && namespace !== "") found = namespace;
    }
    if (folder === "") return found;
    child = path.posix.basename(folder);
    folder = folderOf(folder);
  }
}

// Each kustomization's entries, normalised once: asked once per object, a generated repo's
// kustomization listing thousands of files made the lookups quadratic (bench/run-all.ts).
const listedEntries = new WeakMap<KustomizationFile, ReadonlySet<string>>();

function listsResource(kustomization: KustomizationFile, child: string): boolean {
  let listed = listedEntries.get(kustomization);
  if (listed === undefined) {
    const { resources, components, bases } = kustomization.body;
    listed = new Set(
      [resources, components, bases]
        .filter(Array.isArray)
        .flat()
        .filter((entry): entry is string => typeof entry === "string")
        .map((entry) => path.posix.normalize(entry).replace(/\/+$/, "")),
    );
    listedEntries.set(kustomization, listed);
  }
  return listed.has(child);
}
