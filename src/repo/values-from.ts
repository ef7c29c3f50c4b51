// The value layers of a HelmRelease, in Flux's order: each `valuesFrom` entry, then inline
// `spec.values`. A valuesFrom entry is found as a ConfigMap/Secret manifest in the repo, or as
// a kustomize configMapGenerator/secretGenerator entry (the usual `values.yaml` pattern).
import { RepoError } from "../errors.ts";
import type { HelmReleaseModel, Manifest, SourceLocation, YamlPath } from "./infra-model.ts";
import type { GeneratedEntry } from "./kustomize-generators.ts";
import { quoteExcerpt } from "./quote-excerpt.ts";
import type { RepoFiles } from "./repo-files.ts";
import type { IndexedManifest, KustomizationFile } from "./repo-index.ts";
import { type ValuesLayerInput, valuesLayerFromYaml } from "./values-model.ts";
import { isRecord } from "./yaml-documents.ts";

interface ValuesReference {
  kind: "ConfigMap" | "Secret";
  name: string;
  valuesKey: string;
  targetPath: string | undefined;
  optional: boolean;
  index: number;
}

export interface ValuesSources {
  files: RepoFiles;
  manifests: readonly IndexedManifest[];
  kustomizations: readonly KustomizationFile[];
  /**
   * `paths.values` of .cilium-conformance.yaml when set there: the values file that stands for the
   * one valuesFrom entry the repo cannot resolve (its ConfigMap/Secret is made outside the repo).
   */
  valuesFile?: { path: string; location: SourceLocation };
}

export function helmReleaseValueLayers(
  release: HelmReleaseModel,
  sources: ValuesSources,
): ValuesLayerInput[] {
  const manifest = release.manifest;
  const spec = isRecord(manifest.body.spec) ? manifest.body.spec : {};
  const layers: ValuesLayerInput[] = [];
  const references = Array.isArray(spec.valuesFrom) ? spec.valuesFrom : [];
  const unresolved: ValuesReference[] = [];
  references.forEach((raw, index) => {
    const reference = readReference(manifest, raw, index);
    const layer = resolveReference(release, reference, sources, unresolved);
    if (layer) layers.push(layer);
  });
  if (sources.valuesFile) checkValuesFileUsed(release, sources.valuesFile, unresolved, layers);
  if (spec.values !== undefined && spec.values !== null) {
    if (!isRecord(spec.values)) {
      const line = manifest.lineOf(["spec", "values"]);
      throw new RepoError(
        "CC_REPO_VALUES_INVALID",
        `${manifest.location.file}:${line}: spec.values of HelmRelease ${manifest.name} must be a map of Helm values`,
        {
          file: manifest.location.file,
          line,
          hint: "write the values as `key: value` lines below spec.values",
        },
      );
    }
    layers.push({
      layer: { description: "spec.values", file: manifest.location.file },
      values: spec.values,
      lineOf: (path) => manifest.lineOf(["spec", "values", ...path]),
    });
  }
  return layers;
}

function readReference(manifest: Manifest, raw: unknown, index: number): ValuesReference {
  const entry = isRecord(raw) ? raw : {};
  const kind = entry.kind;
  const name = entry.name;
  if ((kind !== "ConfigMap" && kind !== "Secret") || typeof name !== "string" || name === "") {
    const line = manifest.lineOf(["spec", "valuesFrom", index]);
    throw new RepoError(
      "CC_REPO_MANIFEST_INVALID",
      `${manifest.location.file}:${line}: valuesFrom[${index}] of HelmRelease ${manifest.name} needs kind ConfigMap or Secret and a name`,
      {
        file: manifest.location.file,
        line,
        hint: "write `- kind: ConfigMap` and `name: <configmap>` (Flux accepts nothing else)",
      },
    );
  }
  return {
    kind,
    name,
    valuesKey:
      typeof entry.valuesKey === "string" && entry.valuesKey !== "" ? entry.valuesKey : "values.yaml",
    targetPath:
      typeof entry.targetPath === "string" && entry.targetPath !== "" ? entry.targetPath : undefined,
    optional: entry.optional === true,
    index,
  };
}

function resolveReference(
  release: HelmReleaseModel,
  reference: ValuesReference,
  sources: ValuesSources,
  unresolved: ValuesReference[],
): ValuesLayerInput | undefined {
  const manifest = release.manifest;
  const namespace = manifest.namespace;
  const objects = sources.manifests.filter(
    (entry) => entry.manifest.kind === reference.kind && entry.manifest.name === reference.name,
  );
  const object = preferNamespace(objects, (entry) => entry.manifest.namespace, namespace);
  if (object?.generated) return layerFromGenerator(object.generated, reference, manifest);
  if (object) return layerFromObject(object, reference, manifest);

  const generatorKind = reference.kind === "ConfigMap" ? "configMapGenerator" : "secretGenerator";
  // kustomize appends a content hash to a generated name; the reference must be rewritten to it
  // (a nameReference configuration, or generatorOptions.disableNameSuffixHash), else Flux looks
  // for a ConfigMap that does not exist.
  const suffixed = sources.manifests.find(
    (entry) => entry.generated?.name === reference.name && entry.manifest.kind === reference.kind,
  );
  if (suffixed) {
    const line = manifest.lineOf(["spec", "valuesFrom", reference.index, "name"]);
    throw new RepoError(
      "CC_REPO_VALUES_SOURCE_MISSING",
      `${manifest.location.file}:${line}: valuesFrom[${reference.index}] of HelmRelease ${manifest.name} reads ${reference.kind} ${quoteExcerpt(reference.name)}, but kustomize names the generated one ${quoteExcerpt(suffixed.manifest.name)} (with its content hash) and nothing rewrites the reference: helm-controller finds no ${reference.kind} ${quoteExcerpt(reference.name)}`,
      {
        file: manifest.location.file,
        line,
        hint: `add a kustomize \`configurations:\` file with a nameReference for HelmRelease spec/valuesFrom/name (as fixtures/homelab's kustomizeconfig.yaml), or set generatorOptions.disableNameSuffixHash: true in ${suffixed.generated?.kustomization.file}`,
      },
    );
  }

  const maker =
    reference.kind === "Secret" ? secretMaker(sources.manifests, reference.name, namespace) : undefined;
  if (maker) {
    // The controller decrypts it in the cluster; like SOPS, its values stay out of the model, visibly.
    return unreadLayer(
      `valuesFrom Secret ${reference.name} (key ${reference.valuesKey}), made by ${maker.kind} ${label(maker)}: not read`,
      maker.location,
      `made in the cluster by ${maker.kind} ${label(maker)} (${maker.location.file}:${maker.location.line}), whose values are encrypted or fetched from outside`,
      reference,
      manifest,
    );
  }

  if (sources.valuesFile && reference.targetPath === undefined) {
    // The user says where these values live; checkValuesFileUsed refuses a second such entry.
    unresolved.push(reference);
    const { path: file, location } = sources.valuesFile;
    return valuesLayerFromYaml(
      sources.files.readText(file),
      file,
      `valuesFrom ${reference.kind} ${reference.name} (key ${reference.valuesKey}), not in the repo: read from ${file} ` +
        `as paths.values says (${location.file}:${location.line})`,
    );
  }
  if (reference.optional) {
    // Flux skips it when absent, but it may well exist in the cluster: its values are unknown here.
    return unreadLayer(
      `valuesFrom ${reference.kind} ${reference.name} (key ${reference.valuesKey}), optional and not in the repo: not read`,
      { file: manifest.location.file, line: manifest.lineOf(["spec", "valuesFrom", reference.index]) },
      "optional and neither in the repo nor made by a kustomize generator (it may exist in the cluster)",
      reference,
      manifest,
    );
  }
  const line = manifest.lineOf(["spec", "valuesFrom", reference.index, "name"]);
  throw new RepoError(
    "CC_REPO_VALUES_SOURCE_MISSING",
    `${manifest.location.file}:${line}: valuesFrom[${reference.index}] of HelmRelease ${manifest.name} reads ` +
      `${reference.kind} ${quoteExcerpt(reference.name)}, which is neither in the repo nor made by a kustomize ${generatorKind}`,
    {
      file: manifest.location.file,
      line,
      hint:
        `add the ${reference.kind} (or a ${generatorKind} entry named ${reference.name} in a kustomization.yaml), ` +
        "fix the name, or, if it is created outside the repo from a values file of the repo, name that file " +
        "in paths.values of .cilium-conformance.yaml (else mark the reference `optional: true`)",
    },
  );
}

/**
 * paths.values must do something: stand for exactly one valuesFrom entry the repo does not
 * resolve, or name a file the release already reads. Anything else is a config that lies.
 */
function checkValuesFileUsed(
  release: HelmReleaseModel,
  valuesFile: { path: string; location: SourceLocation },
  unresolved: readonly ValuesReference[],
  layers: readonly ValuesLayerInput[],
): void {
  const { path: file, location } = valuesFile;
  const describeEntry = (reference: ValuesReference) =>
    `valuesFrom[${reference.index}] (${reference.kind} ${reference.name})`;
  if (unresolved.length > 1) {
    throw new RepoError(
      "CC_REPO_CONFIG_INVALID",
      `${location.file}:${location.line}: paths.values names one values file (${file}), but ${unresolved.length} ` +
        `valuesFrom entries of HelmRelease ${release.manifest.name} are not in the repo: ${unresolved.map(describeEntry).join(", ")}`,
      {
        ...location,
        hint: "add all but one of those ConfigMaps/Secrets (or their kustomize generators) to the repo, so paths.values stands for a single entry",
      },
    );
  }
  if (unresolved.length === 1) return;
  const read = [...new Set(layers.map((layer) => layer.layer.file))];
  if (read.includes(file)) return;
  const spec = isRecord(release.manifest.body.spec) ? release.manifest.body.spec : {};
  const why = Array.isArray(spec.valuesFrom)
    ? `every valuesFrom entry of HelmRelease ${release.manifest.name} is found in the repo (values read from ${read.join(", ") || "nothing"})`
    : `HelmRelease ${release.manifest.name} (${release.manifest.location.file}) has no valuesFrom, so Flux never reads a values file`;
  throw new RepoError(
    "CC_REPO_CONFIG_INVALID",
    `${location.file}:${location.line}: paths.values names ${file}, but ${why}: nothing would read ${file}, and checking it would check values the cluster never gets`,
    {
      ...location,
      hint: "remove paths.values (the values are found through the HelmRelease), or fix it to the file its valuesFrom ConfigMap is made from",
    },
  );
}

// Objects whose controller writes a Secret: SealedSecret (spec.template.metadata.name overrides the
// name) and ExternalSecret (spec.target.name overrides it).
const SECRET_MAKERS: Record<string, { group: string; namePath: readonly string[] }> = {
  SealedSecret: { group: "bitnami.com/", namePath: ["spec", "template", "metadata", "name"] },
  ExternalSecret: { group: "external-secrets.io/", namePath: ["spec", "target", "name"] },
};

function secretMaker(
  manifests: readonly IndexedManifest[],
  name: string,
  namespace: string | undefined,
): Manifest | undefined {
  const makers = manifests
    .map((entry) => entry.manifest)
    .filter((manifest) => {
      const maker = SECRET_MAKERS[manifest.kind];
      if (!maker || !manifest.apiVersion.startsWith(maker.group)) return false;
      let node: unknown = manifest.body;
      for (const key of maker.namePath) node = isRecord(node) ? node[key] : undefined;
      return (typeof node === "string" && node !== "" ? node : manifest.name) === name;
    });
  return preferNamespace(makers, (manifest) => manifest.namespace, namespace);
}

function label(manifest: Manifest): string {
  return manifest.namespace ? `${manifest.namespace}/${manifest.name}` : manifest.name;
}

function layerFromObject(
  object: IndexedManifest,
  reference: ValuesReference,
  release: Manifest,
): ValuesLayerInput | undefined {
  const { manifest, document } = object;
  const file = manifest.location.file;
  const description = `valuesFrom ${reference.kind} ${reference.name} (key ${reference.valuesKey})`;
  // A SOPS-encrypted Secret cannot be read here; its values stay out of the model, visibly.
  if (reference.kind === "Secret" && isRecord(manifest.body.sops)) {
    return unreadLayer(
      `${description}, SOPS-encrypted: not read`,
      { file, line: manifest.location.line },
      `SOPS-encrypted (${file}:${manifest.location.line}); Flux decrypts it in the cluster`,
      reference,
      release,
    );
  }
  const found = dataOf(manifest, reference.valuesKey);
  if (!found && inBinaryData(manifest, reference.valuesKey)) {
    const line = manifest.lineOf(["binaryData", reference.valuesKey]);
    throw new RepoError(
      "CC_REPO_VALUES_SOURCE_MISSING",
      `${file}:${line}: ConfigMap ${reference.name} holds key ${quoteExcerpt(reference.valuesKey)} in binaryData, which Flux does not read as Helm values (only data)`,
      {
        file,
        line,
        hint: `move ${reference.valuesKey} from binaryData to data (as plain text)${reference.optional ? "; while it is optional, Flux silently skips it" : ""}`,
      },
    );
  }
  if (!found) {
    if (reference.optional) return undefined;
    const line = manifest.lineOf(["data"]);
    throw new RepoError(
      "CC_REPO_VALUES_SOURCE_MISSING",
      `${file}:${line}: ${reference.kind} ${reference.name} has no key ${quoteExcerpt(reference.valuesKey)}, which a HelmRelease reads through valuesFrom`,
      {
        file,
        line,
        hint: `add the key ${reference.valuesKey}, or set valuesKey in the HelmRelease to the key that holds the values`,
      },
    );
  }
  const keyLine = manifest.lineOf(found.path);
  if (reference.targetPath)
    return targetPathLayer(description, { file, line: keyLine }, found.text, reference);
  const blockStart = found.encoded ? undefined : document.literalBlockFirstLine(found.path);
  if (blockStart !== undefined) return valuesLayerFromYaml(found.text, file, description, blockStart - 1);
  // A quoted or base64 string: parse it, but every value points at the key.
  const parsed = valuesLayerFromYaml(found.text, file, description);
  return { ...parsed, lineOf: () => keyLine };
}

/**
 * The key's text as Flux reads it (fluxcd/pkg chartutil/values.go): a Secret's `data` (base64;
 * `stringData` is what the API server merges into it), a ConfigMap's `data` only — never its
 * `binaryData`.
 */
function dataOf(
  manifest: Manifest,
  key: string,
): { text: string; path: YamlPath; encoded: boolean } | undefined {
  const body = manifest.body;
  const plain = manifest.kind === "Secret" ? "stringData" : "data";
  const plainMap = isRecord(body[plain]) ? body[plain] : {};
  if (typeof plainMap[key] === "string") return { text: plainMap[key], path: [plain, key], encoded: false };
  if (manifest.kind !== "Secret") return undefined;
  const encodedMap = isRecord(body.data) ? body.data : {};
  const encoded = encodedMap[key];
  if (typeof encoded === "string") {
    return {
      text: Buffer.from(encoded, "base64").toString("utf8"),
      path: ["data", key],
      encoded: true,
    };
  }
  return undefined;
}

function inBinaryData(manifest: Manifest, key: string): boolean {
  const binary = manifest.body.binaryData;
  return manifest.kind === "ConfigMap" && isRecord(binary) && key in binary;
}

function layerFromGenerator(
  entry: GeneratedEntry,
  reference: ValuesReference,
  release: Manifest,
): ValuesLayerInput | undefined {
  // The generator's name: the reference may carry kustomize's hash suffix once rewritten.
  const description =
    `valuesFrom ${reference.kind} ${entry.name} (key ${reference.valuesKey}, ` +
    `from the ${entry.generatorKind} in ${entry.kustomization.file})`;
  const item = entry.items.find((candidate) => candidate.key === reference.valuesKey);
  if (!item) {
    if (reference.optional) return undefined;
    const keys = entry.items.map((candidate) => candidate.key);
    throw new RepoError(
      "CC_REPO_VALUES_SOURCE_MISSING",
      `${entry.location.file}:${entry.location.line}: the ${entry.generatorKind} ${entry.name} makes no key ` +
        `${quoteExcerpt(reference.valuesKey)} (it makes: ${keys.join(", ") || "nothing"}), which HelmRelease ${release.name} reads`,
      {
        ...entry.location,
        hint: `name the file ${reference.valuesKey} (or write \`${reference.valuesKey}=<file>\`), or set valuesKey in the HelmRelease`,
      },
    );
  }
  if (reference.targetPath) return targetPathLayer(description, item.location, item.read(), reference);
  const text = item.read();
  if (item.fromFile) return valuesLayerFromYaml(text, item.location.file, description);
  const parsed = valuesLayerFromYaml(text, item.location.file, description);
  return { ...parsed, lineOf: () => item.location.line };
}

/**
 * With targetPath, Flux sets that one path to the key's text, typed the way `helm --set` types
 * it (true/false, integers, null; anything else stays a string).
 */
function targetPathLayer(
  description: string,
  location: SourceLocation,
  text: string,
  reference: ValuesReference,
): ValuesLayerInput {
  return flatLayer(`${description} at ${reference.targetPath}`, location, typedSetValue(text), reference);
}

function unreadLayer(
  description: string,
  location: SourceLocation,
  reason: string,
  reference: ValuesReference,
  release: Manifest,
): ValuesLayerInput {
  const layer = flatLayer(description, location, {}, reference);
  const entry = {
    file: release.location.file,
    line: release.lineOf(["spec", "valuesFrom", reference.index]),
  };
  const label = `valuesFrom[${reference.index}] (${reference.kind} ${reference.name}, key ${reference.valuesKey}${
    reference.targetPath ? `, targetPath ${reference.targetPath}` : ""
  })`;
  return { ...layer, layer: { ...layer.layer, unread: { reason, entry, label } } };
}

function flatLayer(
  description: string,
  location: SourceLocation,
  values: unknown,
  reference: ValuesReference,
): ValuesLayerInput {
  return {
    layer: {
      description,
      file: location.file,
      ...(reference.targetPath ? { targetPath: reference.targetPath } : {}),
    },
    values,
    lineOf: () => location.line,
  };
}

export function typedSetValue(text: string): unknown {
  if (text === "true") return true;
  if (text === "false") return false;
  if (text === "null") return null;
  if (/^-?(0|[1-9]\d*)$/.test(text) && Number.isSafeInteger(Number(text))) return Number(text);
  return text;
}

/**
 * The candidate in the release's namespace, else any: the namespace an object ends up in can
 * also come from a Flux Kustomization's targetNamespace, which a static read cannot always see.
 */
function preferNamespace<T>(
  candidates: readonly T[],
  namespaceOf: (candidate: T) => string | undefined,
  namespace: string | undefined,
): T | undefined {
  return candidates.find((candidate) => namespaceOf(candidate) === namespace) ?? candidates[0];
}
