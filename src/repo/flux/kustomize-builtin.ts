// The in-process kustomize build: what this tool renders itself when no kustomize binary is on
// PATH, and the walk that always runs first (it reads, through the repo's safe reader, every file
// a kustomization names, so a link out of the repo or an oversized file stops the load before any
// binary sees it). Supported, following kubernetes-sigs/kustomize api/krusty: `resources`
// (files, `.json` included, and folders), a folder without a kustomization file built the way
// Flux generates one (fluxcd/pkg kustomize/kustomize_generator.go scanManifests: every .yaml/.yml
// below it, a sub-folder with its own kustomization as one entry), `kind: List`/`FooList` items
// inlined (api/resource/factory.go inlineAnyEmbeddedLists), `patches` (strategic merge or JSON
// 6902, inline or by path, with targets), `patchesStrategicMerge`, `patchesJson6902`, `namespace`,
// configMapGenerator/secretGenerator. Everything else that changes objects is reported as not
// rendered (components, replacements, helmCharts, name prefixes, labels, ...).

import { RepoError } from "../../errors.ts";
import type { SourceLocation, YamlPath } from "../infra-model.ts";
import type { KustomizationFile } from "../kustomization-file.ts";
import { type GeneratedEntry, type GeneratorKind, generatedObjects } from "../kustomize-generators.ts";
import { isYamlName, type RepoFiles } from "../repo-files.ts";
import { insideRelative } from "../repo-path-guard.ts";
import { isRecord, parseYamlDocuments, type YamlDocument } from "../yaml-documents.ts";
import { type FastPathBlocker, kustomizationBlockers, namespaceBlockers } from "./fast-path-blockers.ts";
import {
  applyJsonPatch,
  type JsonObject,
  matchesTarget,
  type PatchTarget,
  strategicMerge,
} from "./patches.ts";
import type { RenderNote } from "./render-notes.ts";

export interface RenderedObject {
  body: JsonObject;
  /** The document it came from (for a List item, the item), for file:line. */
  source?: YamlDocument;
  /** Set when a kustomize generator made it. */
  generated?: GeneratedEntry;
}

export interface BuildOutput {
  objects: RenderedObject[];
  notes: RenderNote[];
  /** Every kustomization file the build read. */
  kustomizations: KustomizationFile[];
  /** Every repo file the build read. */
  files: Set<string>;
  /** Where this build may differ from the real kustomize's (fast-path-blockers.ts). */
  blockers: FastPathBlocker[];
}

export interface BuildOptions {
  /**
   * How a file that holds no Kubernetes object is treated in a folder without a kustomization:
   * Flux's generated kustomization fails on it ("strict", reported), a plain scan skips it.
   */
  strictObjects: boolean;
  /** Names the Flux Kustomization in notes, e.g. `Kustomization flux-system/apps`. */
  builtBy: string;
}

export const KUSTOMIZATION_NAMES = ["kustomization.yaml", "kustomization.yml", "Kustomization"];
// Kinds kustomize's namespace transformer leaves alone (cluster-scoped), plus the cluster-scoped
// CRDs the checks read.
export const CLUSTER_SCOPED: ReadonlySet<string> = new Set([
  "Namespace",
  "CustomResourceDefinition",
  "ClusterRole",
  "ClusterRoleBinding",
  "GatewayClass",
  "CiliumLoadBalancerIPPool",
  "CiliumL2AnnouncementPolicy",
  "CiliumClusterwideNetworkPolicy",
  "CiliumNode",
  "CiliumBGPClusterConfig",
  "CiliumBGPPeerConfig",
  "CiliumBGPAdvertisement",
  "StorageClass",
  "PriorityClass",
  "PersistentVolume",
  "Node",
  "ValidatingWebhookConfiguration",
  "MutatingWebhookConfiguration",
  "APIService",
  "IngressClass",
  "RuntimeClass",
  "CSIDriver",
  "ClusterIssuer",
]);
// Fields that change objects and that this renderer does not apply: reported, never silently dropped.
const NOT_RENDERED = [
  "components",
  "replacements",
  "vars",
  "helmCharts",
  "helmChartInflationGenerator",
  "transformers",
  "generators",
  "namePrefix",
  "nameSuffix",
  "commonLabels",
  "labels",
  "commonAnnotations",
  "crds",
  "openapi",
  "replicas",
];
// Fields that change nothing the checks read.
const IGNORED = new Set([
  "apiVersion",
  "kind",
  "metadata",
  "resources",
  "bases",
  "patches",
  "patchesStrategicMerge",
  "patchesJson6902",
  "namespace",
  "configMapGenerator",
  "secretGenerator",
  "generatorOptions",
  "configurations",
  "images",
  "buildMetadata",
  "sortOptions",
  "validators",
]);

export function kustomizationIn(files: RepoFiles, dir: string): string | undefined {
  return KUSTOMIZATION_NAMES.map((name) => (dir ? `${dir}/${name}` : name)).find((file) =>
    files.isFile(file),
  );
}

export function buildDir(files: RepoFiles, dir: string, options: BuildOptions): BuildOutput {
  const output: BuildOutput = { objects: [], notes: [], kustomizations: [], files: new Set(), blockers: [] };
  output.objects = build(files, dir, options, output, new Set());
  return output;
}

function build(
  files: RepoFiles,
  dir: string,
  options: BuildOptions,
  output: BuildOutput,
  stack: Set<string>,
): RenderedObject[] {
  if (stack.has(dir)) {
    output.notes.push(
      note(
        "flux-build-fails",
        "error",
        `${dir || "."} includes itself through its resources: kustomize refuses the cycle`,
        { file: dir || ".", line: 1 },
        options,
      ),
    );
    return [];
  }
  stack.add(dir);
  try {
    const kustomizationPath = kustomizationIn(files, dir);
    if (kustomizationPath === undefined) return generatedFolder(files, dir, options, output, stack);
    return fromKustomization(files, kustomizationPath, dir, options, output, stack);
  } finally {
    stack.delete(dir);
  }
}

/** A folder without a kustomization: every .yaml/.yml below it, sub-kustomizations as one entry. */
function generatedFolder(
  files: RepoFiles,
  dir: string,
  options: BuildOptions,
  output: BuildOutput,
  stack: Set<string>,
): RenderedObject[] {
  const objects: RenderedObject[] = [];
  const entries = files.listFolder(dir);
  // A plain scan skips a Helm chart's templates (Go templates are not YAML); Flux would fail on them.
  const chart =
    !options.strictObjects && entries.some((entry) => !entry.folder && entry.name === "Chart.yaml");
  for (const entry of entries) {
    if (entry.folder && chart && entry.name === "templates") continue;
    if (entry.folder) {
      if (kustomizationIn(files, entry.path) !== undefined)
        objects.push(...build(files, entry.path, options, output, stack));
      else objects.push(...generatedFolder(files, entry.path, options, output, stack));
    } else if (isYamlName(entry.name) && !entry.name.endsWith(".json") && entry.name !== "Kustomization") {
      objects.push(...fileObjects(files, entry.path, options.strictObjects, options, output));
    }
  }
  return objects;
}

function fromKustomization(
  files: RepoFiles,
  kustomizationPath: string,
  dir: string,
  options: BuildOptions,
  output: BuildOutput,
  stack: Set<string>,
): RenderedObject[] {
  const parsed = files.parse(kustomizationPath);
  output.files.add(kustomizationPath);
  const [document] = parsed.documents;
  const body = isRecord(document?.value) ? document.value : {};
  if (!document) return [];
  const kustomization: KustomizationFile = { file: kustomizationPath, folder: dir, document, body };
  output.kustomizations.push(kustomization);
  const at = (...path: YamlPath): SourceLocation => ({
    file: kustomizationPath,
    line: document.lineOf(path),
  });

  for (const key of Object.keys(body)) {
    if (NOT_RENDERED.includes(key)) {
      output.notes.push(
        note(
          "flux-build-incomplete",
          "warning",
          `${kustomizationPath} uses \`${key}\`, which the in-process renderer does not apply: the objects below it are checked as if it were absent (install kustomize, or kubectl, for a full build)`,
          at(key),
          options,
        ),
      );
    } else if (!IGNORED.has(key)) {
      output.notes.push(
        note(
          "flux-build-fails",
          "error",
          `${kustomizationPath} has the unknown field \`${key}\`: kustomize refuses it and Flux's build fails`,
          at(key),
          options,
        ),
      );
    }
  }

  output.blockers.push(...kustomizationBlockers(kustomization));

  const objects: RenderedObject[] = [];
  const entries = [...list(body.resources, "resources"), ...list(body.bases, "bases")];
  for (const { value, field, index } of entries) {
    if (typeof value !== "string") continue;
    const where = at(field, index);
    if (/^(https?:\/\/|git@|git::|github\.com[/:]|gh:|ssh:\/\/)/i.test(value)) {
      output.notes.push(
        note(
          "flux-build-incomplete",
          "warning",
          `${kustomizationPath} includes the remote resource ${value}: not fetched, its objects are not checked`,
          where,
          options,
        ),
      );
      continue;
    }
    const target = resolveRelative(dir, value, where);
    if (files.isFolder(target)) objects.push(...build(files, target, options, output, stack));
    else if (files.isFile(target)) objects.push(...fileObjects(files, target, true, options, output));
    else
      output.notes.push(
        note(
          "flux-build-fails",
          "error",
          `${kustomizationPath} lists ${value}, but ${target} is not in the repo: kustomize (and Flux) fail the whole build`,
          where,
          options,
        ),
      );
  }

  for (const kind of ["configMapGenerator", "secretGenerator"] as GeneratorKind[]) {
    for (const entry of generatedObjects(kustomization, kind, files)) {
      objects.push(generatedObject(entry, kustomization, output));
    }
  }

  const patched = applyPatches(files, kustomization, objects, options, output);
  const namespace = typeof body.namespace === "string" && body.namespace !== "" ? body.namespace : undefined;
  if (namespace !== undefined) {
    output.blockers.push(
      ...namespaceBlockers(
        patched.map((object) => object.body),
        namespace,
        at("namespace"),
        CLUSTER_SCOPED,
      ),
    );
    for (const object of patched) {
      if (CLUSTER_SCOPED.has(String(object.body.kind))) continue;
      const metadata = isRecord(object.body.metadata) ? object.body.metadata : {};
      object.body = { ...object.body, metadata: { ...metadata, namespace } };
    }
  }
  return patched;
}

function generatedObject(
  entry: GeneratedEntry,
  kustomization: KustomizationFile,
  output: BuildOutput,
): RenderedObject {
  const data: Record<string, string> = {};
  for (const item of entry.items) {
    const text = item.read();
    if (item.fromFile) output.files.add(item.location.file);
    data[item.key] = entry.generatorKind === "secretGenerator" ? Buffer.from(text).toString("base64") : text;
  }
  const kind = entry.generatorKind === "configMapGenerator" ? "ConfigMap" : "Secret";
  // The hash suffix kustomize appends is not modelled: references match the generator's name, as
  // kustomize's nameReference rewrites them. kustomize (when installed) is authoritative on that.
  const metadata: JsonObject = { name: entry.name };
  const namespace =
    entry.namespace ??
    (typeof kustomization.body.namespace === "string" ? kustomization.body.namespace : undefined);
  if (namespace) metadata.namespace = namespace;
  return { body: { apiVersion: "v1", kind, metadata, data }, generated: entry };
}

/** The objects of one manifest file; a document that is not an object is reported (or skipped). */
function fileObjects(
  files: RepoFiles,
  file: string,
  strict: boolean,
  options: BuildOptions,
  output: BuildOutput,
): RenderedObject[] {
  const parsed = files.parse(file);
  output.files.add(file);
  const objects: RenderedObject[] = [];
  for (const document of parsed.documents) {
    const value = document.value;
    if (
      isRecord(value) &&
      typeof value.kind === "string" &&
      value.kind.endsWith("List") &&
      Array.isArray(value.items)
    ) {
      value.items.forEach((item, index) => {
        const source = itemDocument(document, ["items", index], item);
        if (isObject(item)) objects.push({ body: item, source });
        else if (strict) output.notes.push(notAnObject(file, source.line, options));
      });
      continue;
    }
    if (isObject(value)) objects.push({ body: value, source: document });
    else if (strict && value !== null) output.notes.push(notAnObject(file, document.line, options));
  }
  return objects;
}

function isObject(value: unknown): value is JsonObject {
  if (!isRecord(value)) return false;
  const metadata = isRecord(value.metadata) ? value.metadata : {};
  return (
    typeof value.apiVersion === "string" &&
    typeof value.kind === "string" &&
    typeof metadata.name === "string"
  );
}

function notAnObject(file: string, line: number, options: BuildOptions) {
  return note(
    "flux-build-fails",
    "error",
    `${file}:${line} is not a Kubernetes object (apiVersion, kind and metadata.name): kustomize refuses it ("missing Resource metadata") and Flux's build fails`,
    { file, line },
    options,
  );
}

/** A document for a List item: its lines are the item's lines in the list's file. */
export function itemDocument(document: YamlDocument, prefix: YamlPath, value: unknown): YamlDocument {
  return {
    file: document.file,
    value,
    line: document.lineOf(prefix),
    lineOf: (path) => document.lineOf([...prefix, ...path]),
    literalBlockFirstLine: (path) => document.literalBlockFirstLine([...prefix, ...path]),
  };
}

function applyPatches(
  files: RepoFiles,
  kustomization: KustomizationFile,
  objects: RenderedObject[],
  options: BuildOptions,
  output: BuildOutput,
): RenderedObject[] {
  const { body, document, file, folder } = kustomization;
  const at = (...path: YamlPath): SourceLocation => ({ file, line: document.lineOf(path) });
  let current = objects;
  const patchText = (entry: JsonObject, where: SourceLocation): unknown[] | undefined => {
    if (typeof entry.patch === "string") return parseInline(entry.patch, where);
    if (typeof entry.path === "string") {
      const target = resolveRelative(folder, entry.path, where);
      output.files.add(target);
      return files.parse(target).documents.map((d) => d.value);
    }
    return undefined;
  };
  const run = (patches: unknown[], target: PatchTarget | undefined, where: SourceLocation) => {
    for (const patch of patches) {
      if (Array.isArray(patch)) {
        current = current.map((object) => {
          if (!target || !matchesTarget(object.body, target)) return object;
          try {
            return { ...object, body: applyJsonPatch(object.body, patch) };
          } catch (error) {
            output.notes.push(
              note(
                "flux-build-fails",
                "error",
                `${file}: a JSON 6902 patch fails on ${describe(object.body)}: ${(error as Error).message}`,
                where,
                options,
              ),
            );
            return object;
          }
        });
      } else if (isRecord(patch)) {
        const selector: PatchTarget = target ?? identityTarget(patch);
        let matched = false;
        current = current.flatMap((object) => {
          if (!matchesTarget(object.body, selector)) return [object];
          matched = true;
          const merged = strategicMerge(
            object.body,
            target ? withoutIdentity(patch) : withoutIdentity(patch, true),
          );
          return merged === undefined ? [] : [{ ...object, body: merged as JsonObject }];
        });
        if (!matched && !target) {
          output.notes.push(
            note(
              "flux-build-fails",
              "error",
              `${file}: a strategic merge patch for ${describe(patch)} matches no resource: kustomize fails the build`,
              where,
              options,
            ),
          );
        }
      }
    }
  };
  list(body.patches, "patches").forEach(({ value, index }) => {
    if (!isRecord(value)) return;
    const where = at("patches", index);
    const patches = patchText(value, where);
    const target = isRecord(value.target) ? (value.target as PatchTarget) : undefined;
    if (patches?.some(Array.isArray) && !target) {
      output.notes.push(
        note(
          "flux-build-fails",
          "error",
          `${file}: a JSON 6902 patch without a target: kustomize refuses it`,
          where,
          options,
        ),
      );
      return;
    }
    if (patches) run(patches, target, where);
  });
  list(body.patchesStrategicMerge, "patchesStrategicMerge").forEach(({ value, index }) => {
    const where = at("patchesStrategicMerge", index);
    if (typeof value !== "string") return;
    const patches = /\n|:\s/.test(value) ? parseInline(value, where) : patchText({ path: value }, where);
    if (patches) run(patches, undefined, where);
  });
  list(body.patchesJson6902, "patchesJson6902").forEach(({ value, index }) => {
    if (!isRecord(value) || !isRecord(value.target)) return;
    const where = at("patchesJson6902", index);
    const patches = patchText(value, where);
    if (patches) run(patches.filter(Array.isArray), value.target as PatchTarget, where);
  });
  return current;
}

/** An inline patch: YAML (or JSON) text inside the kustomization; its own lines are not mapped. */
function parseInline(text: string, where: SourceLocation): unknown[] {
  return parseYamlDocuments(text, where.file).map((d) => d.value);
}

function identityTarget(patch: JsonObject): PatchTarget {
  const apiVersion = typeof patch.apiVersion === "string" ? patch.apiVersion : "";
  const metadata = isRecord(patch.metadata) ? patch.metadata : {};
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/", 2) : ["", apiVersion];
  return {
    ...(group !== undefined ? { group } : {}),
    ...(version ? { version } : {}),
    ...(typeof patch.kind === "string" ? { kind: patch.kind } : {}),
    ...(typeof metadata.name === "string" ? { name: escapeRegex(metadata.name) } : {}),
    ...(typeof metadata.namespace === "string" ? { namespace: escapeRegex(metadata.namespace) } : {}),
  };
}

/** The patch without the fields that only identify its target (they must not rename anything). */
function withoutIdentity(patch: JsonObject, identityOnly = false): JsonObject {
  if (!identityOnly) return patch;
  const { apiVersion: _a, kind: _k, ...rest } = patch;
  const metadata = isRecord(rest.metadata) ? { ...rest.metadata } : undefined;
  if (metadata) {
    delete metadata.name;
    delete metadata.namespace;
    return Object.keys(metadata).length ? { ...rest, metadata } : (({ metadata: _m, ...r }) => r)(rest);
  }
  return rest;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function describe(object: JsonObject): string {
  const metadata = isRecord(object.metadata) ? object.metadata : {};
  return `${String(object.kind ?? "?")} ${String(metadata.name ?? "?")}`;
}

function list(value: unknown, field: string): { value: unknown; field: string; index: number }[] {
  return Array.isArray(value) ? value.map((item, index) => ({ value: item, field, index })) : [];
}

function resolveRelative(dir: string, entry: string, where: SourceLocation): string {
  const joined = insideRelative(dir ? `${dir}/${entry}` : entry);
  if (joined === undefined) {
    throw new RepoError(
      "CC_REPO_PATH_OUTSIDE",
      `${where.file}:${where.line}: ${entry} lies outside the repo: Flux cannot read it (its build fails)`,
      {
        ...where,
        hint: "keep every resource, patch and generator file inside the repo",
      },
    );
  }
  return joined;
}

function note(
  id: RenderNote["id"],
  severity: RenderNote["severity"],
  message: string,
  where: SourceLocation,
  options: BuildOptions,
): RenderNote {
  return { id, severity, message: `${options.builtBy}: ${message}`, file: where.file, line: where.line };
}
