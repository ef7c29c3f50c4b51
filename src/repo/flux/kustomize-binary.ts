// Building a Flux Kustomization's path with the real kustomize, the way kustomize-controller does
// (fluxcd/kustomize-controller internal/controller/kustomization_controller.go: generate, then
// SecureBuild): Flux edits the path's kustomization.yaml in a copy of the source, adding
// spec.targetNamespace as `namespace` and spec.patches (fluxcd/pkg kustomize/kustomize_generator.go
// GenerateManifest), and builds with LoadRestrictionsNone inside a filesystem that refuses paths
// out of the source root (fluxcd/pkg kustomize/filesys/fs_secure.go). Here the repo is never
// written: a wrapper kustomization in a temp folder lists the path (or, for a folder without a
// kustomization, the files Flux's generator would list) and carries those fields, and asks for
// `buildMetadata: [originAnnotations]` so every object says which file it came from. The root
// refusal is the in-process walk that runs first (kustomize-builtin.ts) over everything the build
// reads, through the repo's safe reader; a build with remote resources is not handed to the binary.

import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse as parseYaml, stringify } from "yaml";
import { generatedObjects } from "../kustomize-generators.ts";
import { excerptText } from "../quote-excerpt.ts";
import { isYamlName, type RepoFiles } from "../repo-files.ts";
import { isRecord, parseYamlDocuments, type YamlDocument } from "../yaml-documents.ts";
import { type BuildOutput, itemDocument, kustomizationIn, type RenderedObject } from "./kustomize-builtin.ts";
import { kustomizeStopped, kustomizeTimeoutMs } from "./kustomize-stopped.ts";
import type { JsonObject } from "./patches.ts";
import type { RenderNote } from "./render-notes.ts";

export interface KustomizeBinary {
  /** `kustomize` or `kubectl`. */
  file: string;
  /** `["build"]` or `["kustomize"]`. */
  args: string[];
  label: string;
}

const ORIGIN = "config.kubernetes.io/origin";
export const KUSTOMIZE_ENV = "CILIUM_CONFORMANCE_KUSTOMIZE";

/**
 * How Flux builds are made (env CILIUM_CONFORMANCE_KUSTOMIZE): `builtin` in-process only, without
 * any binary; `kustomize`, `kubectl` or a path forces that binary for every build; unset or
 * `auto` builds in-process where that is exact (fast-path.ts) and with the binary found on PATH
 * everywhere else.
 */
export function kustomizePolicy(env: Record<string, string | undefined>): "builtin" | "binary" | "auto" {
  const wanted = env[KUSTOMIZE_ENV];
  if (wanted === "builtin") return "builtin";
  return wanted === undefined || wanted === "" || wanted === "auto" ? "auto" : "binary";
}

/**
 * The kustomize to build with: env CILIUM_CONFORMANCE_KUSTOMIZE (`builtin`, `kustomize`, `kubectl`,
 * or a path to a kustomize binary), else `kustomize` on PATH, else `kubectl kustomize`, else none.
 */
export function findKustomize(env: Record<string, string | undefined>): KustomizeBinary | undefined {
  const wanted = env[KUSTOMIZE_ENV];
  if (wanted === "builtin") return undefined;
  const candidates: KustomizeBinary[] =
    wanted === "kubectl"
      ? [{ file: "kubectl", args: ["kustomize"], label: "kubectl kustomize" }]
      : wanted && wanted !== "kustomize" && wanted !== "auto"
        ? [{ file: wanted, args: ["build"], label: `${wanted} build` }]
        : [
            { file: "kustomize", args: ["build"], label: "kustomize build" },
            ...(wanted === "kustomize"
              ? []
              : [{ file: "kubectl", args: ["kustomize"], label: "kubectl kustomize" }]),
          ];
  for (const candidate of candidates) {
    const probe = spawnSync(
      candidate.file,
      candidate.file === "kubectl" ? ["kustomize", "--help"] : ["version"],
      {
        env: env as NodeJS.ProcessEnv,
        encoding: "utf8",
        timeout: 15_000,
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    if (probe.status === 0) return candidate;
  }
  return undefined;
}

export interface FluxBuildSpec {
  targetNamespace?: string;
  patches?: unknown[];
}

/** Builds `dir` with the binary; `walk` is the in-process build of the same folder (provenance, safety). */
export function buildWithBinary(
  binary: KustomizeBinary,
  files: RepoFiles,
  dir: string,
  spec: FluxBuildSpec,
  walk: BuildOutput,
  env: Record<string, string | undefined>,
  builtBy: string,
): { objects: RenderedObject[]; notes: RenderNote[] } | undefined {
  const wrapper = mkdtempSync(path.join(tmpdir(), "cc-kustomize-"));
  try {
    const target = path.join(files.root, ...dir.split("/").filter(Boolean));
    const relative = (absolute: string) => path.relative(wrapper, absolute).split(path.sep).join("/");
    const resources =
      kustomizationIn(files, dir) !== undefined
        ? [relative(target)]
        : generatedListing(files, dir).map((file) => relative(path.join(files.root, ...file.split("/"))));
    const kustomization: JsonObject = {
      apiVersion: "kustomize.config.k8s.io/v1beta1",
      kind: "Kustomization",
      buildMetadata: ["originAnnotations"],
      resources,
      ...(spec.targetNamespace ? { namespace: spec.targetNamespace } : {}),
      ...(spec.patches?.length ? { patches: spec.patches } : {}),
    };
    writeFileSync(path.join(wrapper, "kustomization.yaml"), stringify(kustomization));
    const timeoutMs = kustomizeTimeoutMs(env);
    const run = spawnSync(
      binary.file,
      [...binary.args, "--load-restrictor", "LoadRestrictionsNone", wrapper],
      {
        env: env as NodeJS.ProcessEnv,
        encoding: "utf8",
        timeout: timeoutMs,
        maxBuffer: 512 * 1024 * 1024,
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    const file = kustomizationIn(files, dir) ?? (dir || ".");
    const stopped = kustomizeStopped(run, { tool: binary.label, builtBy, dir, file, timeoutMs });
    if (stopped) throw stopped;
    if (run.status !== 0) {
      const why = (run.stderr || run.error?.message || "").trim().split("\n").at(-1) ?? "";
      return {
        objects: [],
        notes: [
          {
            id: "flux-build-fails",
            severity: "error",
            message: `${builtBy}: \`${binary.label}\` of ${dir || "."} fails, as Flux's build would: ${excerptText(why.replaceAll(wrapper, "<wrapper>"), 400)}`,
            file,
            line: 1,
          },
        ],
      };
    }
    const objects: RenderedObject[] = [];
    // Read back the way the rest of the repo is read (YAML 1.1, as Go's yaml.v2 decodes it).
    for (const document of parseYamlDocuments(run.stdout, `${binary.label} output`)) {
      if (isRecord(document.value)) objects.push(withOrigin(document.value, wrapper, files, walk));
    }
    return { objects, notes: [] };
  } finally {
    rmSync(wrapper, { recursive: true, force: true });
  }
}

/** The files (and sub-kustomizations) Flux's generator lists for a folder without a kustomization. */
function generatedListing(files: RepoFiles, dir: string): string[] {
  const listed: string[] = [];
  for (const entry of files.listFolder(dir)) {
    if (entry.folder) {
      if (kustomizationIn(files, entry.path) !== undefined) listed.push(entry.path);
      else listed.push(...generatedListing(files, entry.path));
    } else if (isYamlName(entry.name) && entry.name !== "Kustomization" && holdsObjects(files, entry.path)) {
      listed.push(entry.path);
    }
  }
  return listed;
}

function holdsObjects(files: RepoFiles, file: string): boolean {
  return files.parse(file).documents.some((document) => {
    const value = document.value;
    return isRecord(value) && typeof value.kind === "string" && typeof value.apiVersion === "string";
  });
}

/** Strips the origin annotation and maps the object back to the document (or generator) it came from. */
function withOrigin(body: JsonObject, wrapper: string, files: RepoFiles, walk: BuildOutput): RenderedObject {
  const metadata = isRecord(body.metadata) ? { ...body.metadata } : {};
  const annotations = isRecord(metadata.annotations) ? { ...metadata.annotations } : {};
  const originText = annotations[ORIGIN];
  delete annotations[ORIGIN];
  if (Object.keys(annotations).length > 0) metadata.annotations = annotations;
  else delete metadata.annotations;
  const clean: JsonObject = { ...body, metadata };
  if (typeof originText !== "string") return { body: clean };
  const origin = parseYaml(originText) as Record<string, unknown> | null;
  const repoPath = (value: unknown) =>
    typeof value === "string"
      ? path.relative(files.root, path.resolve(wrapper, value)).split(path.sep).join("/")
      : undefined;
  const file = repoPath(origin?.path);
  if (file !== undefined && !file.startsWith("..")) {
    const source = findSource(files, file, clean);
    return source ? { body: clean, source } : { body: clean };
  }
  const configuredIn = repoPath(origin?.configuredIn);
  const by = isRecord(origin?.configuredBy) ? origin.configuredBy.kind : undefined;
  const kustomization = walk.kustomizations.find((k) => k.file === configuredIn);
  if (kustomization && (by === "ConfigMapGenerator" || by === "SecretGenerator")) {
    const kind = by === "ConfigMapGenerator" ? "configMapGenerator" : "secretGenerator";
    const name = String(metadata.name ?? "");
    const entry = generatedObjects(kustomization, kind, files).find(
      (candidate) => name === candidate.name || name.startsWith(`${candidate.name}-`),
    );
    if (entry) return { body: clean, generated: entry };
  }
  return { body: clean };
}

function findSource(files: RepoFiles, file: string, body: JsonObject): YamlDocument | undefined {
  const name = isRecord(body.metadata) ? body.metadata.name : undefined;
  const candidates: YamlDocument[] = [];
  for (const document of files.parse(file).documents) {
    const value = document.value;
    if (isRecord(value) && Array.isArray(value.items) && String(value.kind ?? "").endsWith("List")) {
      value.items.forEach((item, index) => {
        candidates.push(itemDocument(document, ["items", index], item));
      });
    } else {
      candidates.push(document);
    }
  }
  const sameKind = candidates.filter(
    (document) => isRecord(document.value) && document.value.kind === body.kind,
  );
  const named = sameKind.find((document) => {
    const metadata =
      isRecord(document.value) && isRecord(document.value.metadata) ? document.value.metadata : {};
    return (
      metadata.name === name ||
      (typeof name === "string" && typeof metadata.name === "string" && name.includes(metadata.name))
    );
  });
  return named ?? sameKind[0];
}
