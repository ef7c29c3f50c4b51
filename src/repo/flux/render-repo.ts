// The repo as Flux applies it. Flux Kustomizations (kustomize.toolkit.fluxcd.io) are found in the
// scanned files; each builds its spec.path from this repo's source — in-process when the walk shows
// the result is exactly the real kustomize's (fast-path.ts), else with the kustomize binary
// (kustomize-binary.ts), else, without one, in-process as well as it can (kustomize-builtin.ts) —
// with spec.targetNamespace, spec.patches and
// spec.postBuild substitution (post-build.ts) applied the way kustomize-controller does. The
// Kustomizations no other one renders are the roots: the folder holding them is what `flux
// bootstrap --path` applies, so it is built too (that is how clusters/<name>/*.yaml get applied),
// and every Kustomization object a build produces is built in turn, with its rendered spec. Only
// objects some build produces are checked and applied; files no build reads are not.
//
// A repo without any Flux Kustomization is built folder by folder from the scanned folders, as
// Flux would build them (a kustomization.yaml where there is one), skipping files that hold no
// Kubernetes object.

import { stringify } from "yaml";
import type { RepoFiles } from "../repo-files.ts";
import type { IndexedManifest, KustomizationFile } from "../repo-index.ts";
import { isRecord, manifestOf, parseYamlDocuments, type YamlDocument } from "../yaml-documents.ts";
import { exactInProcessBuild } from "./fast-path.ts";
import type { FastPathBlocker } from "./fast-path-blockers.ts";
import {
  buildWithBinary,
  type FluxBuildSpec,
  findKustomize,
  KUSTOMIZE_ENV,
  type KustomizeBinary,
  kustomizePolicy,
} from "./kustomize-binary.ts";
import { type BuildOutput, buildDir, type RenderedObject } from "./kustomize-builtin.ts";
import {
  applyJsonPatch,
  type JsonObject,
  matchesTarget,
  type PatchTarget,
  strategicMerge,
} from "./patches.ts";
import { invalidVarNames, SUBSTITUTE_DISABLED, substitute } from "./post-build.ts";
import type { RenderNote } from "./render-notes.ts";

const FLUX_KUSTOMIZATION_GROUP = "kustomize.toolkit.fluxcd.io/";

export interface RenderedRepo {
  manifests: IndexedManifest[];
  kustomizations: KustomizationFile[];
  notes: RenderNote[];
  /** Every repo file a build read. */
  files: string[];
  mode: "flux" | "scan";
  renderer: string;
  /** How each Flux build was made, and why not in-process where it was not. */
  builds: RenderedBuild[];
}

export const FAST_PATH_LABEL = "in-process (exact)";

export interface RenderedBuild {
  dir: string;
  builtBy: string;
  /** FAST_PATH_LABEL, the binary's label, or `in-process` (inexact: no binary, or `builtin`). */
  by: string;
  blockers: FastPathBlocker[];
}

export interface RenderInput {
  files: RepoFiles;
  scan: readonly string[];
  /** Every object of the scanned files as written (to find Flux Kustomizations and what is not applied). */
  raw: readonly IndexedManifest[];
  env: Record<string, string | undefined>;
}

interface FluxKustomization {
  name: string;
  namespace: string;
  spec: JsonObject;
  /** Where the object is written (a rendered one: the document it came from). */
  document: YamlDocument;
}

export function renderRepo(input: RenderInput): RenderedRepo {
  const { files, raw } = input;
  const policy = kustomizePolicy(input.env);
  // Looked for only when a build needs it: the probe alone costs a kubectl process.
  let binary: KustomizeBinary | undefined | null = null;
  const binaryNeeded = () => {
    if (binary === null) binary = policy === "builtin" ? undefined : findKustomize(input.env);
    return binary;
  };
  const builds: RenderedBuild[] = [];
  const notes: RenderNote[] = [];
  const kustomizations = new Map<string, KustomizationFile>();
  const readFiles = new Set<string>();
  const objects: { object: RenderedObject; builtFrom: string }[] = [];

  const candidates = raw
    .filter(({ manifest }) => isFluxKustomization(manifest.body))
    .map(({ manifest, document }) => fluxKustomizationOf(manifest.body, document));
  const mode = candidates.length > 0 ? "flux" : "scan";

  const collect = (output: BuildOutput) => {
    for (const k of output.kustomizations) kustomizations.set(k.file, k);
    for (const file of output.files) readFiles.add(file);
  };
  // One in-process walk per folder: the roots' discovery and the builds share it (nothing mutates it).
  const walks = new Map<string, BuildOutput>();
  const walkOf = (dir: string, strictObjects: boolean, builtBy: string): BuildOutput => {
    const key = `${strictObjects}|${dir}`;
    let walk = walks.get(key);
    if (!walk) {
      walk = buildDir(files, dir, { strictObjects, builtBy });
      walks.set(key, walk);
    }
    return walk;
  };
  const build = (
    dir: string,
    spec: FluxKustomizationSpec | undefined,
    builtBy: string,
    strictObjects: boolean,
  ): RenderedObject[] => {
    const walk = walkOf(dir, strictObjects, builtBy);
    collect(walk);
    const remote = walk.notes.some((note) => note.message.includes("remote resource"));
    let built: RenderedObject[] | undefined;
    // Flux Kustomizations are built exactly (fast path or binary); a repo without any is read
    // leniently in-process.
    if (strictObjects && !remote) {
      const fast = policy === "auto" ? exactInProcessBuild(files, dir, walk, spec ?? {}) : undefined;
      if (fast?.objects) {
        built = fast.objects;
        builds.push({ dir, builtBy, by: FAST_PATH_LABEL, blockers: [] });
      } else {
        const found = binaryNeeded();
        const blockers = fast?.blockers ?? [];
        if (found) {
          const result = buildWithBinary(found, files, dir, spec ?? {}, walk, input.env, builtBy);
          built = result?.objects ?? [];
          notes.push(...(result?.notes ?? []));
          builds.push({ dir, builtBy, by: found.label, blockers });
        } else builds.push({ dir, builtBy, by: "in-process", blockers });
      }
    }
    if (built === undefined) {
      built = applyFluxSpec(walk.objects, spec, builtBy, notes, walk);
      notes.push(...walk.notes);
    }
    return spec?.postBuild
      ? postBuild(
          built,
          spec,
          builtBy,
          notes,
          objects.map((o) => o.object),
          raw,
        )
      : built;
  };

  if (mode === "scan") {
    for (const folder of input.scan) {
      for (const object of build(
        folder === "." ? "" : folder,
        undefined,
        `the scanned folder ${folder}`,
        false,
      )) {
        objects.push({ object, builtFrom: folder });
      }
    }
  } else {
    const ownSources = new Set(["GitRepository/flux-system"]);
    const includedBy = new Map<FluxKustomization, Set<string>>();
    for (const candidate of candidates) {
      const dir = fluxPath(candidate);
      const label = `Kustomization ${candidate.namespace}/${candidate.name}`;
      includedBy.set(
        candidate,
        dir !== undefined && files.isFolder(dir) ? walkOf(dir, true, label).files : new Set(),
      );
    }
    const roots = candidates.filter((candidate) =>
      candidates.every(
        (other) => other === candidate || !includedBy.get(other)?.has(candidate.document.file),
      ),
    );
    for (const root of roots) ownSources.add(sourceKey(root));
    const queue: { dir: string; spec: FluxKustomizationSpec | undefined; builtBy: string }[] = [];
    for (const folder of new Set(
      roots
        .filter((root) => !includedBy.get(root)?.has(root.document.file))
        .map((root) => folderOf(root.document.file)),
    )) {
      queue.push({
        dir: folder,
        spec: undefined,
        builtBy: `the bootstrap of ${folder || "."} (what \`flux bootstrap --path\` applies)`,
      });
    }
    const seen = new Set<string>();
    const enqueue = (k: FluxKustomization) => {
      const key = `${k.namespace}/${k.name}`;
      if (seen.has(key)) return;
      seen.add(key);
      const label = `Kustomization ${key}`;
      if (!ownSources.has(sourceKey(k))) {
        notes.push({
          id: "flux-build-incomplete",
          severity: "info",
          message: `${label} builds ${String(k.spec.path ?? "./")} from ${sourceKey(k)}, another source than this repo: not rendered, its objects are not checked`,
          file: k.document.file,
          line: k.document.lineOf(["spec", "sourceRef"]),
        });
        return;
      }
      const dir = fluxPath(k);
      if (dir === undefined || !files.isFolder(dir)) {
        notes.push({
          id: "flux-build-fails",
          severity: "error",
          message: `${label}: spec.path ${String(k.spec.path ?? "./")} is not a folder of this repo: Flux fails with "kustomization path not found"`,
          file: k.document.file,
          line: k.document.lineOf(["spec", "path"]),
        });
        return;
      }
      queue.push({ dir, spec: k.spec as FluxKustomizationSpec, builtBy: label });
    };
    const bootstrapped = new Set<string>();
    while (queue.length > 0 || bootstrapped.size < roots.length) {
      const next = queue.shift();
      if (!next) {
        // Roots the bootstrap folder did not produce (e.g. its kustomization leaves them out).
        for (const root of roots)
          if (!bootstrapped.has(root.document.file)) {
            bootstrapped.add(root.document.file);
            enqueue(root);
          }
        continue;
      }
      for (const object of build(next.dir, next.spec, next.builtBy, true)) {
        objects.push({ object, builtFrom: next.dir });
        if (isFluxKustomization(object.body)) {
          const produced = fluxKustomizationOf(
            object.body,
            object.source ?? placeholderDocument(next.dir, object.body),
          );
          if (object.source) bootstrapped.add(object.source.file);
          enqueue(produced);
        }
      }
    }
  }

  // In the order of their files and lines (kustomize sorts by kind; findings read better by file).
  const manifests = dedupe(objects, notes)
    .map(({ object, builtFrom }) => indexed(object, builtFrom))
    .sort(
      (a, b) =>
        compare(a.manifest.location.file, b.manifest.location.file) ||
        a.manifest.location.line - b.manifest.location.line,
    );
  if (mode === "flux") notes.push(...notApplied(raw, readFiles));
  notes.push(...missingChartSources(manifests, raw));
  const inexact = builds.filter((b) => b.by === "in-process");
  if (policy === "builtin" || inexact.length > 0) {
    notes.push({
      id: "flux-renderer",
      severity: "info",
      message: `${
        policy === "builtin"
          ? "CILIUM_CONFORMANCE_KUSTOMIZE=builtin: the repo was rendered in-process"
          : policy === "binary"
            ? `${KUSTOMIZE_ENV}=${input.env[KUSTOMIZE_ENV]} names no kustomize that runs: the repo was rendered in-process`
            : `no kustomize on PATH (nor kubectl): ${inexact.length} build(s) the exact in-process path cannot reproduce (${inexact[0]!.builtBy}: ${describeBlocker(inexact[0]!.blockers[0])}) were rendered in-process`
      }, which applies resources, patches, namespaces, generators and postBuild substitution but not components, replacements or name prefixes (see docs/repo-config.md); install kustomize for a full build`,
      file: candidates[0]?.document.file ?? ".",
      line: 1,
    });
  }
  // A folder built twice (its walk is shared) would report the same note twice.
  const unique = [
    ...new Map(notes.map((note) => [`${note.id}|${note.file}|${note.line}|${note.message}`, note])).values(),
  ];
  return {
    manifests,
    kustomizations: [...kustomizations.values()],
    notes: unique,
    files: [...readFiles].sort(),
    mode,
    renderer: rendererLabel(policy, builds),
    builds,
  };
}

function describeBlocker(blocker: FastPathBlocker | undefined): string {
  return blocker
    ? `${blocker.reason} at ${blocker.file}:${blocker.line}, ${blocker.detail}`
    : "a remote resource";
}

/** `in-process` (builtin), or the ways the Flux builds were made, e.g. `in-process (exact) + kubectl kustomize`. */
function rendererLabel(policy: string, builds: readonly RenderedBuild[]): string {
  if (policy === "builtin" || builds.length === 0) return "in-process";
  return [...new Set(builds.map((b) => b.by))].join(" + ");
}

interface FluxKustomizationSpec extends FluxBuildSpec {
  path?: string;
  postBuild?: {
    substitute?: Record<string, unknown>;
    substituteFrom?: unknown[];
    substituteStrategy?: string;
  };
}

function isFluxKustomization(body: unknown): body is JsonObject {
  return (
    isRecord(body) &&
    body.kind === "Kustomization" &&
    typeof body.apiVersion === "string" &&
    body.apiVersion.startsWith(FLUX_KUSTOMIZATION_GROUP)
  );
}

function fluxKustomizationOf(body: JsonObject, document: YamlDocument): FluxKustomization {
  const metadata = isRecord(body.metadata) ? body.metadata : {};
  return {
    name: String(metadata.name ?? ""),
    namespace: String(metadata.namespace ?? "flux-system"),
    spec: isRecord(body.spec) ? body.spec : {},
    document,
  };
}

function sourceKey(k: FluxKustomization): string {
  const ref = isRecord(k.spec.sourceRef) ? k.spec.sourceRef : {};
  return `${String(ref.kind ?? "GitRepository")}/${String(ref.name ?? "")}`;
}

function fluxPath(k: FluxKustomization): string | undefined {
  const raw = typeof k.spec.path === "string" && k.spec.path !== "" ? k.spec.path : "./";
  const normal = raw.replaceAll("\\", "/").replace(/^\/+/, "");
  const parts: string[] = [];
  for (const part of normal.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else parts.push(part);
  }
  return parts.join("/");
}

function folderOf(file: string): string {
  const index = file.lastIndexOf("/");
  return index === -1 ? "" : file.slice(0, index);
}

function placeholderDocument(dir: string, value: unknown): YamlDocument {
  return { file: dir || ".", value, line: 1, lineOf: () => 1, literalBlockFirstLine: () => undefined };
}

/** spec.targetNamespace and spec.patches on an in-process build (the binary gets them in its wrapper). */
function applyFluxSpec(
  objects: RenderedObject[],
  spec: FluxKustomizationSpec | undefined,
  builtBy: string,
  notes: RenderNote[],
  walk: BuildOutput,
): RenderedObject[] {
  if (!spec) return objects;
  let current = objects;
  for (const entry of Array.isArray(spec.patches) ? spec.patches : []) {
    if (!isRecord(entry) || typeof entry.patch !== "string") continue;
    const target = isRecord(entry.target) ? (entry.target as PatchTarget) : undefined;
    for (const patch of parseYamlDocuments(entry.patch, "spec.patches").map((d) => d.value)) {
      current = current.flatMap((object) => {
        if (target && !matchesTarget(object.body, target)) return [object];
        try {
          if (Array.isArray(patch))
            return target ? [{ ...object, body: applyJsonPatch(object.body, patch) }] : [object];
          if (!isRecord(patch)) return [object];
          if (!target && !sameIdentity(object.body, patch)) return [object];
          const merged = strategicMerge(object.body, patch);
          return merged === undefined ? [] : [{ ...object, body: merged as JsonObject }];
        } catch (error) {
          notes.push({
            id: "flux-build-fails",
            severity: "error",
            message: `${builtBy}: spec.patches fails: ${(error as Error).message}`,
            file: walk.kustomizations[0]?.file ?? ".",
            line: 1,
          });
          return [object];
        }
      });
    }
  }
  if (typeof spec.targetNamespace === "string" && spec.targetNamespace !== "") {
    const namespace = spec.targetNamespace;
    current = current.map((object) => {
      const metadata = isRecord(object.body.metadata) ? object.body.metadata : {};
      if (
        typeof metadata.namespace !== "string" &&
        [
          "Namespace",
          "CiliumLoadBalancerIPPool",
          "CiliumL2AnnouncementPolicy",
          "GatewayClass",
          "CustomResourceDefinition",
          "ClusterRole",
          "ClusterRoleBinding",
        ].includes(String(object.body.kind))
      )
        return object;
      return { ...object, body: { ...object.body, metadata: { ...metadata, namespace } } };
    });
  }
  return current;
}

function sameIdentity(body: JsonObject, patch: JsonObject): boolean {
  const a = isRecord(body.metadata) ? body.metadata : {};
  const b = isRecord(patch.metadata) ? patch.metadata : {};
  return body.kind === patch.kind && a.name === b.name;
}

/** spec.postBuild: substitute then substituteFrom, per object, on its YAML (kustomize_varsub.go). */
function postBuild(
  objects: RenderedObject[],
  spec: FluxKustomizationSpec,
  builtBy: string,
  notes: RenderNote[],
  applied: readonly RenderedObject[],
  raw: readonly IndexedManifest[],
): RenderedObject[] {
  const post = spec.postBuild ?? {};
  const vars = new Map<string, string>();
  let known = true;
  for (const reference of Array.isArray(post.substituteFrom) ? post.substituteFrom : []) {
    if (!isRecord(reference)) continue;
    const kind = String(reference.kind ?? "");
    const name = String(reference.name ?? "");
    const found = [
      ...applied.map((o) => o.body),
      ...objects.map((o) => o.body),
      ...raw.map((r) => r.manifest.body),
    ].find((body) => body.kind === kind && isRecord(body.metadata) && body.metadata.name === name);
    if (!found) {
      if (reference.optional !== true) {
        known = false;
        notes.push({
          id: "flux-build-incomplete",
          severity: "warning",
          message: `${builtBy}: postBuild.substituteFrom ${kind} ${name} is not in the repo (made outside it?): variables from it are unknown, and \${VAR} without a default is left as written`,
          file: objects[0]?.source?.file ?? ".",
          line: 1,
        });
      }
      continue;
    }
    for (const [key, value] of Object.entries(isRecord(found.data) ? found.data : {})) {
      if (typeof value === "string")
        vars.set(
          key,
          (kind === "Secret" ? Buffer.from(value, "base64").toString("utf8") : value).replaceAll("\n", ""),
        );
    }
    for (const [key, value] of Object.entries(
      kind === "Secret" && isRecord(found.stringData) ? found.stringData : {},
    )) {
      if (typeof value === "string") vars.set(key, value.replaceAll("\n", ""));
    }
  }
  for (const [key, value] of Object.entries(isRecord(post.substitute) ? post.substitute : {}))
    vars.set(key, String(value).replaceAll("\n", ""));
  const bad = invalidVarNames(vars);
  if (bad.length > 0) {
    notes.push({
      id: "flux-build-fails",
      severity: "error",
      message: `${builtBy}: postBuild var name(s) ${bad.join(", ")} are invalid (must match ^[_[:alpha:]][_[:alpha:][:digit:]]*$): Flux fails the build`,
      file: ".",
      line: 1,
    });
    return objects;
  }
  if (vars.size === 0 && post.substituteStrategy !== "Always" && known) return objects;
  return objects.map((object) => {
    const metadata = isRecord(object.body.metadata) ? object.body.metadata : {};
    const disabled = [metadata.labels, metadata.annotations].some(
      (map) => isRecord(map) && map[SUBSTITUTE_DISABLED] === "disabled",
    );
    const text = stringify(object.body);
    if (disabled || !text.includes("$")) return object;
    const result = substitute(text, vars, known);
    const where = {
      file: object.source?.file ?? object.generated?.location.file ?? ".",
      line: object.source?.line ?? object.generated?.location.line ?? 1,
    };
    if (result.error) {
      notes.push({
        id: "flux-build-fails",
        severity: "error",
        message: `${builtBy}: postBuild substitution fails on ${String(object.body.kind)} ${String(metadata.name)}: ${result.error}`,
        ...where,
      });
      return object;
    }
    for (const expression of result.unsupported)
      notes.push({
        id: "flux-build-incomplete",
        severity: "warning",
        message: `${builtBy}: ${expression} is a substitution this tool does not evaluate: left as written`,
        ...where,
      });
    try {
      const [document] = parseYamlDocuments(result.text, where.file);
      return isRecord(document?.value) ? { ...object, body: document.value } : object;
    } catch {
      notes.push({
        id: "flux-build-fails",
        severity: "error",
        message: `${builtBy}: after postBuild substitution ${String(object.body.kind)} ${String(metadata.name)} is no longer valid YAML: Flux fails the build`,
        ...where,
      });
      return object;
    }
  });
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** One entry per object: an identical copy from a second build is dropped (Flux applies one object). */
function dedupe(
  objects: { object: RenderedObject; builtFrom: string }[],
  _notes: RenderNote[],
): { object: RenderedObject; builtFrom: string }[] {
  const seen = new Map<string, string>();
  return objects.filter(({ object }) => {
    const metadata = isRecord(object.body.metadata) ? object.body.metadata : {};
    const key = `${String(object.body.apiVersion)}|${String(object.body.kind)}|${String(metadata.namespace ?? "")}|${String(metadata.name ?? "")}`;
    const text = JSON.stringify(object.body);
    if (seen.get(key) === text) return false;
    if (!seen.has(key)) seen.set(key, text);
    return true;
  });
}

/** The rendered object as the loader's IndexedManifest: its body, with the lines of its source. */
function indexed(object: RenderedObject, builtFrom: string): IndexedManifest {
  const source = object.source;
  const generated = object.generated;
  const document: YamlDocument = source
    ? {
        file: source.file,
        value: object.body,
        line: source.line,
        lineOf: source.lineOf,
        literalBlockFirstLine: (path) =>
          sameAt(source.value, object.body, path) ? source.literalBlockFirstLine(path) : undefined,
      }
    : {
        file: generated?.location.file ?? builtFrom,
        value: object.body,
        line: generated?.location.line ?? 1,
        lineOf: () => generated?.location.line ?? 1,
        literalBlockFirstLine: () => undefined,
      };
  const manifest = manifestOf(document);
  if (!manifest) throw new Error("a rendered object lost its apiVersion or kind");
  return { manifest, document, builtFrom, ...(generated ? { generated } : {}) };
}

/** Whether a value has as many lines in the source as in the rendered object (so lines still map). */
function sameAt(source: unknown, rendered: unknown, path: readonly (string | number)[]): boolean {
  const at = (root: unknown) =>
    path.reduce<unknown>(
      (node, key) =>
        isRecord(node) || Array.isArray(node) ? (node as Record<string, unknown>)[String(key)] : undefined,
      root,
    );
  const a = at(source);
  const b = at(rendered);
  return typeof a === "string" && typeof b === "string" && a.split("\n").length === b.split("\n").length;
}

const CHECKED_KINDS = new Set([
  "HelmRelease",
  "CiliumLoadBalancerIPPool",
  "CiliumL2AnnouncementPolicy",
  "Gateway",
  "HTTPRoute",
  "GatewayClass",
]);

function notApplied(raw: readonly IndexedManifest[], read: ReadonlySet<string>): RenderNote[] {
  return raw
    .filter(({ manifest }) => CHECKED_KINDS.has(manifest.kind) && !read.has(manifest.location.file))
    .map(({ manifest }) => ({
      id: "not-applied" as const,
      severity: "info" as const,
      message: `${manifest.kind} ${manifest.name} is in no Flux Kustomization's build (no kustomization lists ${manifest.location.file}): Flux never applies it, so it is not checked`,
      file: manifest.location.file,
      line: manifest.location.line,
    }));
}

function missingChartSources(
  manifests: readonly IndexedManifest[],
  raw: readonly IndexedManifest[],
): RenderNote[] {
  const notes: RenderNote[] = [];
  const exists = (kind: string, name: string, namespace: string) =>
    [...manifests, ...raw].some(
      ({ manifest }) =>
        manifest.kind === kind && manifest.name === name && (manifest.namespace ?? namespace) === namespace,
    );
  for (const { manifest } of manifests) {
    if (manifest.kind !== "HelmRelease" || !manifest.apiVersion.startsWith("helm.toolkit.fluxcd.io/"))
      continue;
    const spec = isRecord(manifest.body.spec) ? manifest.body.spec : {};
    const chart = isRecord(spec.chart) && isRecord(spec.chart.spec) ? spec.chart.spec : undefined;
    const ref =
      chart && isRecord(chart.sourceRef)
        ? chart.sourceRef
        : isRecord(spec.chartRef)
          ? spec.chartRef
          : undefined;
    if (!ref || typeof ref.kind !== "string" || typeof ref.name !== "string") continue;
    const namespace = typeof ref.namespace === "string" ? ref.namespace : (manifest.namespace ?? "default");
    if (exists(ref.kind, ref.name, namespace)) continue;
    const path = chart ? ["spec", "chart", "spec", "sourceRef"] : ["spec", "chartRef"];
    notes.push({
      id: "helm-release-source-missing",
      severity: "warning",
      message: `HelmRelease ${manifest.namespace ? `${manifest.namespace}/` : ""}${manifest.name} takes its chart from ${ref.kind} ${namespace}/${ref.name}, which nothing in the repo defines: unless it is made outside the repo, helm-controller reports the source as not found and never installs the release`,
      file: manifest.location.file,
      line: manifest.lineOf(path),
    });
  }
  return notes;
}
