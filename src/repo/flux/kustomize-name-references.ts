// kustomize's name references, as far as the exact fast path follows them: a kustomization's
// `configurations` file that only adds `nameReference` entries for ConfigMaps (the seed's way of
// pointing a HelmRelease's valuesFrom at its generated values), applied once to the whole build
// after the hash suffixes (api/internal/target/kusttarget.go makeCustomizedResMap:
// FixBackReferences). Reading the field specs follows api/filters/fieldspec/fieldspec.go (a path of
// `/`-separated fields; a list on the way applies the rest of the path to each item; a missing field
// ends it); choosing the referral follows api/filters/nameref/nameref.go selectReferral (same
// original name, same kind, same namespace as the referrer unless the referrer is cluster-scoped;
// one candidate or all with the same name, else kustomize fails).
import type { KustomizationFile } from "../kustomization-file.ts";
import type { RepoFiles } from "../repo-files.ts";
import { insideRelative } from "../repo-path-guard.ts";
import { isRecord } from "../yaml-documents.ts";
import { kustomizeClusterScoped } from "./kustomize-scope.ts";
import type { JsonObject } from "./patches.ts";

export interface NameReferenceSpec {
  /** The referral's kind (ConfigMap) and, when given, its group and version. */
  target: { kind: string; group?: string; version?: string };
  fieldSpecs: { path: string[]; kind?: string; group?: string; version?: string }[];
}

const SIMPLE_SEGMENT = /^[A-Za-z0-9_.-]+$/;

/**
 * The nameReference entries of a kustomization's `configurations` files; a string saying why not
 * when a file holds anything else (other transformer configs, paths kustomize reads specially).
 */
export function nameReferenceSpecs(
  files: RepoFiles,
  kustomization: KustomizationFile,
): { specs: NameReferenceSpec[]; configFiles: string[] } | string {
  const listed = kustomization.body.configurations;
  if (listed === undefined) return { specs: [], configFiles: [] };
  if (!Array.isArray(listed)) return "`configurations` is not a list";
  const specs: NameReferenceSpec[] = [];
  const configFiles: string[] = [];
  for (const entry of listed) {
    const file =
      typeof entry === "string"
        ? insideRelative(kustomization.folder ? `${kustomization.folder}/${entry}` : entry)
        : undefined;
    if (file === undefined || !files.isFile(file))
      return `configurations entry ${String(entry)} is not a repo file`;
    configFiles.push(file);
    const documents = files.parse(file).documents;
    const body = documents.length === 1 && isRecord(documents[0]!.value) ? documents[0]!.value : undefined;
    if (
      !body ||
      Object.keys(body).some((key) => key !== "nameReference") ||
      !Array.isArray(body.nameReference)
    )
      return `${file} configures more than nameReference`;
    for (const reference of body.nameReference) {
      const spec = referenceSpec(reference);
      if (typeof spec === "string") return `${file}: ${spec}`;
      specs.push(spec);
    }
  }
  return { specs, configFiles };
}

function referenceSpec(raw: unknown): NameReferenceSpec | string {
  if (!isRecord(raw) || raw.kind !== "ConfigMap" || !Array.isArray(raw.fieldSpecs))
    return "a nameReference for another kind than ConfigMap";
  if (Object.keys(raw).some((key) => !["kind", "group", "version", "fieldSpecs"].includes(key)))
    return "a nameReference with more than kind, group, version and fieldSpecs";
  const fieldSpecs: NameReferenceSpec["fieldSpecs"] = [];
  for (const field of raw.fieldSpecs) {
    if (!isRecord(field) || typeof field.path !== "string") return "a field spec without a path";
    if (Object.keys(field).some((key) => !["path", "kind", "group", "version"].includes(key)))
      return "a field spec with more than path, kind, group and version";
    const path = field.path.split("/");
    if (!path.every((segment) => SIMPLE_SEGMENT.test(segment))) return `the field spec path ${field.path}`;
    fieldSpecs.push({ path, ...gvkOf(field) });
  }
  return { target: { kind: "ConfigMap", ...gvkOf(raw) }, fieldSpecs };
}

function gvkOf(raw: Record<string, unknown>): { kind?: string; group?: string; version?: string } {
  const gvk: { kind?: string; group?: string; version?: string } = {};
  for (const key of ["kind", "group", "version"] as const)
    if (typeof raw[key] === "string" && raw[key] !== "") gvk[key] = raw[key];
  return gvk;
}

export interface ReferenceSite {
  object: number;
  /** Path to the string that names the referral. */
  path: (string | number)[];
  value: string;
  spec: NameReferenceSpec;
}

/** Every string the field specs reach in these objects; a string saying why not when a path meets a scalar. */
export function referenceSites(
  objects: readonly JsonObject[],
  specs: readonly NameReferenceSpec[],
): ReferenceSite[] | string {
  const sites: ReferenceSite[] = [];
  for (const spec of specs) {
    for (const fieldSpec of spec.fieldSpecs) {
      for (const [index, object] of objects.entries()) {
        if (!selected(object, fieldSpec)) continue;
        const problem = follow(object, fieldSpec.path, [], (path, value) => {
          sites.push({ object: index, path, value, spec });
        });
        if (problem) return problem;
      }
    }
  }
  return sites;
}

function follow(
  node: unknown,
  rest: readonly string[],
  at: (string | number)[],
  found: (path: (string | number)[], value: string) => void,
): string | undefined {
  if (Array.isArray(node)) {
    for (const [index, item] of node.entries()) {
      const problem = follow(item, rest, [...at, index], found);
      if (problem) return problem;
    }
    return undefined;
  }
  if (rest.length === 0) {
    if (typeof node === "string") found(at, node);
    else if (isRecord(node)) return `the name reference at ${at.join("/")} is a map (name and namespace)`;
    return undefined;
  }
  if (!isRecord(node))
    return `the name reference path meets a ${node === null ? "null" : typeof node} at ${at.join("/")}`;
  const [field, ...more] = rest as [string, ...string[]];
  if (!Object.hasOwn(node, field)) return undefined;
  return follow(node[field], more, [...at, field], found);
}

function selected(object: JsonObject, gvk: { kind?: string; group?: string; version?: string }): boolean {
  const [group, version] = groupVersion(object.apiVersion);
  return (
    (gvk.kind === undefined || gvk.kind === object.kind) &&
    (gvk.group === undefined || gvk.group === group) &&
    (gvk.version === undefined || gvk.version === version)
  );
}

function groupVersion(apiVersion: unknown): [string, string] {
  const text = String(apiVersion ?? "");
  const slash = text.indexOf("/");
  return slash === -1 ? ["", text] : [text.slice(0, slash), text.slice(slash + 1)];
}

export interface Referral {
  body: JsonObject;
  originalName: string;
}

/**
 * The referral kustomize picks for a reference site: undefined for none, "ambiguous" where
 * kustomize fails ("found multiple possible referrals").
 */
export function chooseReferral(
  referrer: JsonObject,
  site: ReferenceSite,
  candidates: readonly Referral[],
): Referral | undefined | "ambiguous" {
  const referrerNamespace = effectiveNamespace(referrer);
  const referrerClusterScoped = kustomizeClusterScoped(referrer.apiVersion, referrer.kind);
  const matching = candidates.filter(
    (candidate) =>
      candidate.originalName === site.value &&
      selected(candidate.body, site.spec.target) &&
      (referrerClusterScoped || effectiveNamespace(candidate.body) === referrerNamespace),
  );
  if (matching.length === 0) return undefined;
  const names = new Set(matching.map((candidate) => nameOf(candidate.body)));
  return names.size === 1 ? matching[0] : "ambiguous";
}

function effectiveNamespace(body: JsonObject): string {
  const namespace = isRecord(body.metadata) ? body.metadata.namespace : undefined;
  return typeof namespace === "string" && namespace !== "" ? namespace : "default";
}

export function nameOf(body: JsonObject): string {
  return isRecord(body.metadata) ? String(body.metadata.name ?? "") : "";
}
