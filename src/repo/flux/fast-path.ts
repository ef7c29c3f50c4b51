// The exact fast path: a Flux Kustomization's path built in-process with the very objects the real
// kustomize would give, or the named reasons it might not (fast-path-blockers.ts), in which case
// render-repo.ts hands the build to the binary as before. On top of the in-process walk it does
// what kustomize does last: Flux's spec.targetNamespace (the wrapper kustomization's `namespace`),
// the generated ConfigMaps' hash suffixes, and the name references to them
// (kustomize-name-references.ts). test/repo/flux/fast-path.test.ts builds a corpus both ways.
import type { RepoFiles } from "../repo-files.ts";
import { isRecord } from "../yaml-documents.ts";
import { type FastPathBlocker, namespaceBlockers } from "./fast-path-blockers.ts";
import type { FluxBuildSpec } from "./kustomize-binary.ts";
import {
  type BuildOutput,
  CLUSTER_SCOPED,
  KUSTOMIZATION_NAMES,
  type RenderedObject,
} from "./kustomize-builtin.ts";
import { hashedConfigMapName } from "./kustomize-name-hash.ts";
import {
  chooseReferral,
  type NameReferenceSpec,
  nameOf,
  nameReferenceSpecs,
  type Referral,
  referenceSites,
} from "./kustomize-name-references.ts";
import { kustomizeClusterScoped } from "./kustomize-scope.ts";
import type { JsonObject } from "./patches.ts";
import { yamlBlockers } from "./yaml-blockers.ts";

export type FastPathResult =
  | { objects: RenderedObject[]; blockers?: undefined }
  | { objects?: undefined; blockers: FastPathBlocker[] };

const LOCAL_CONFIG = "config.kubernetes.io/local-config";

export function exactInProcessBuild(
  files: RepoFiles,
  dir: string,
  walk: BuildOutput,
  spec: FluxBuildSpec,
): FastPathResult {
  const where = { file: walk.kustomizations[0]?.file ?? (dir || "."), line: 1 };
  const blockers: FastPathBlocker[] = [...walk.blockers];
  for (const note of walk.notes)
    blockers.push({ reason: "render-note", file: note.file, line: note.line, detail: note.message });
  if (Array.isArray(spec.patches) && spec.patches.length > 0)
    blockers.push({ reason: "flux-patches", ...where, detail: "spec.patches" });
  const namespace = spec.targetNamespace || undefined;
  if (namespace)
    blockers.push(
      ...namespaceBlockers(
        walk.objects.map((object) => object.body),
        namespace,
        where,
        CLUSTER_SCOPED,
      ),
    );
  const specs: NameReferenceSpec[] = [];
  const yamlFiles = new Set<string>();
  for (const kustomization of walk.kustomizations) {
    yamlFiles.add(kustomization.file);
    // kustomize refuses a folder with more than one (api/konfig/general.go RecognizedKustomizationFileNames).
    const present = KUSTOMIZATION_NAMES.filter((name) =>
      files.isFile(kustomization.folder ? `${kustomization.folder}/${name}` : name),
    );
    if (present.length > 1)
      blockers.push({
        reason: "kustomization-field",
        file: kustomization.file,
        line: 1,
        detail: `${present.join(" and ")} in one folder: kustomize fails ("Found multiple kustomization files")`,
      });
    const read = nameReferenceSpecs(files, kustomization);
    if (typeof read === "string") {
      blockers.push({
        reason: "configurations",
        file: kustomization.file,
        line: kustomization.document.lineOf(["configurations"]),
        detail: read,
      });
      continue;
    }
    specs.push(...read.specs);
    for (const file of read.configFiles) yamlFiles.add(file);
  }
  for (const object of walk.objects) if (object.source) yamlFiles.add(object.source.file);
  blockers.push(...yamlBlockers(files, yamlFiles));
  if (blockers.length > 0) return { blockers };

  const objects = walk.objects.map((object) => {
    if (!namespace || kustomizeClusterScoped(object.body.apiVersion, object.body.kind)) return object;
    const metadata = isRecord(object.body.metadata) ? object.body.metadata : {};
    return { ...object, body: { ...object.body, metadata: { ...metadata, namespace } } };
  });
  blockers.push(...identityBlockers(objects, where));
  const named = withHashedNames(objects, blockers);
  if (blockers.length > 0) return { blockers };
  const referred = withReferencesFixed(named, specs, where, blockers);
  return blockers.length > 0 ? { blockers } : { objects: referred };
}

/** Ids kustomize refuses twice, names a reference could not tell apart, objects it would drop. */
function identityBlockers(
  objects: readonly RenderedObject[],
  where: { file: string; line: number },
): FastPathBlocker[] {
  const blockers: FastPathBlocker[] = [];
  const ids = new Set<string>();
  const namespacesOf = new Map<string, string>();
  for (const { body, source } of objects) {
    const at = source ? { file: source.file, line: source.line } : where;
    const metadata = isRecord(body.metadata) ? body.metadata : {};
    const group = String(body.apiVersion ?? "")
      .split("/")
      .slice(0, -1)
      .join("/");
    const kindName = `${group}|${String(body.kind)}|${String(metadata.name)}`;
    const namespace = String(metadata.namespace ?? "");
    const id = `${kindName}|${namespace}`;
    if (ids.has(id))
      blockers.push({
        reason: "duplicate-id",
        ...at,
        detail: `${String(body.kind)} ${String(metadata.name)} twice: kustomize fails ("may not add resource with an already registered id")`,
      });
    ids.add(id);
    const other = namespacesOf.get(kindName);
    if (other !== undefined && other !== namespace)
      blockers.push({
        reason: "same-name-two-namespaces",
        ...at,
        detail: `${String(body.kind)} ${String(metadata.name)} in namespaces ${other || "(none)"} and ${namespace || "(none)"}`,
      });
    namespacesOf.set(kindName, namespace);
    if (isRecord(metadata.annotations) && metadata.annotations[LOCAL_CONFIG] !== undefined)
      blockers.push({
        reason: "local-config",
        ...at,
        detail: `${LOCAL_CONFIG}: kustomize leaves the object out`,
      });
  }
  return blockers;
}

interface Named {
  object: RenderedObject;
  originalName: string;
}

function withHashedNames(objects: readonly RenderedObject[], blockers: FastPathBlocker[]): Named[] {
  return objects.map((object) => {
    const originalName = nameOf(object.body);
    if (!object.generated) return { object, originalName };
    const data = isRecord(object.body.data) ? (object.body.data as Record<string, string>) : undefined;
    if (data && Object.values(data).some((value) => typeof value !== "string" || value.includes("\ufffd")))
      blockers.push({
        reason: "generator-binary-data",
        file: object.generated.location.file,
        line: object.generated.location.line,
        detail: `ConfigMap ${originalName}: a file that is not UTF-8 text`,
      });
    const metadata = isRecord(object.body.metadata) ? object.body.metadata : {};
    const name = hashedConfigMapName(originalName, data);
    return { object: { ...object, body: { ...object.body, metadata: { ...metadata, name } } }, originalName };
  });
}

function withReferencesFixed(
  named: readonly Named[],
  specs: readonly NameReferenceSpec[],
  where: { file: string; line: number },
  blockers: FastPathBlocker[],
): RenderedObject[] {
  const bodies = named.map(({ object }) => object.body);
  // kustomize follows the configured field specs on every build, generated objects or not (and
  // fails where a path meets a scalar).
  const sites = referenceSites(bodies, specs);
  if (typeof sites === "string") {
    blockers.push({ reason: "configurations", ...where, detail: sites });
    return [];
  }
  const generatedNames = new Set(
    named.filter(({ object }) => object.generated).map(({ originalName }) => originalName),
  );
  if (generatedNames.size === 0) return named.map(({ object }) => object);
  const siteKeys = new Set(sites.map((site) => `${site.object}|${site.path.join("/")}`));
  named.forEach(({ object }, index) => {
    forEachString(object.body, [], (path, value) => {
      if (!generatedNames.has(value) || siteKeys.has(`${index}|${path.join("/")}`)) return;
      if (object.generated && path.join("/") === "metadata/name") return;
      const at = object.source ? { file: object.source.file, line: object.source.lineOf(path) } : where;
      blockers.push({
        reason: "generated-name-referenced",
        ...at,
        detail: `${String(object.body.kind)} ${nameOf(object.body)} names the generated ConfigMap ${value} at ${path.join(".")}, a field kustomize's default name references may rewrite`,
      });
    });
  });
  const candidates: Referral[] = named.map(({ object, originalName }) => ({
    body: object.body,
    originalName,
  }));
  const renamed = new Map<number, { path: (string | number)[]; name: string }[]>();
  for (const site of sites) {
    const referral = chooseReferral(bodies[site.object]!, site, candidates);
    if (referral === "ambiguous") {
      blockers.push({
        reason: "generated-name-referenced",
        ...where,
        detail: `more than one ConfigMap ${site.value} could be meant: kustomize fails`,
      });
      continue;
    }
    if (referral && nameOf(referral.body) !== site.value)
      renamed.set(site.object, [
        ...(renamed.get(site.object) ?? []),
        { path: site.path, name: nameOf(referral.body) },
      ]);
  }
  return named.map(({ object }, index) => {
    const changes = renamed.get(index);
    if (!changes) return object;
    const body = structuredClone(object.body);
    for (const { path, name } of changes) setAt(body, path, name);
    return { ...object, body };
  });
}

function forEachString(
  node: unknown,
  path: (string | number)[],
  visit: (path: (string | number)[], value: string) => void,
): void {
  if (typeof node === "string") visit(path, node);
  else if (Array.isArray(node)) {
    for (const [index, item] of node.entries()) forEachString(item, [...path, index], visit);
  } else if (isRecord(node)) {
    for (const [key, value] of Object.entries(node)) forEachString(value, [...path, key], visit);
  }
}

function setAt(body: JsonObject, path: readonly (string | number)[], value: string): void {
  let node: unknown = body;
  for (const segment of path.slice(0, -1)) node = (node as Record<string | number, unknown>)[segment];
  (node as Record<string | number, unknown>)[path.at(-1)!] = value;
}
