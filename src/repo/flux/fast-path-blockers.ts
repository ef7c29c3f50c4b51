// Why the in-process build of a kustomization may differ from the real kustomize's: each reason is
// named, and one of them is enough for the build to go to the kustomize binary (render-repo.ts).
// The in-process builder (kustomize-builtin.ts) reports what it meets while it builds; the checks
// on the finished build are in fast-path.ts. Rules read from kubernetes-sigs/kustomize at
// kustomize/v5.5.0 (the kustomize in kubectl 1.32): each cites its source.
import type { SourceLocation } from "../infra-model.ts";
import type { KustomizationFile } from "../kustomization-file.ts";
import { isRecord } from "../yaml-documents.ts";
import { kustomizeClusterScoped } from "./kustomize-scope.ts";
import type { JsonObject } from "./patches.ts";

export type FastPathReason =
  /** The in-process build itself reported something (a field it does not apply, a failure). */
  | "render-note"
  /** A kustomization field kustomize applies and the in-process build does not model exactly. */
  | "kustomization-field"
  | "patches"
  | "flux-patches"
  | "secret-generator"
  | "generator-options"
  /** A generated ConfigMap's file that is not UTF-8 text: kustomize puts it in binaryData. */
  | "generator-binary-data"
  | "configurations"
  /** A namespace over a kind the two builds judge differently (cluster-scoped or not). */
  | "namespace-scope"
  /** A namespace over a v1 Namespace of another name: kustomize renames it. */
  | "namespace-renames-namespace"
  /** A namespace over role binding subjects or service references kustomize rewrites too. */
  | "namespace-references"
  | "yaml-scalar"
  | "yaml-anchor-or-tag"
  | "duplicate-id"
  | "same-name-two-namespaces"
  | "local-config"
  | "generated-name-referenced";

export interface FastPathBlocker {
  reason: FastPathReason;
  file: string;
  line: number;
  detail: string;
}

// The in-process builder's own cluster-scoped kinds (kustomize-builtin.ts), passed in to compare.
export type ClusterScopedByKind = ReadonlySet<string>;

// Kustomization fields the in-process build reads past (kustomize-builtin.ts IGNORED) although
// kustomize acts on them (api/types/kustomization.go; api/internal/target/kusttarget.go).
const APPLIED_BY_KUSTOMIZE_ONLY = [
  "images",
  "generatorOptions",
  "sortOptions",
  "validators",
  "buildMetadata",
];
const PATCH_FIELDS = ["patches", "patchesStrategicMerge", "patchesJson6902"];
// configMapGenerator entry fields the in-process generator renders exactly like kustomize
// (api/types/configmapargs.go, generatorargs.go: behavior, options, envs, namespace are not).
const GENERATOR_FIELDS = new Set(["name", "files", "literals"]);

/** What in one kustomization file makes the in-process build inexact. */
export function kustomizationBlockers(kustomization: KustomizationFile): FastPathBlocker[] {
  const { body, file, document } = kustomization;
  const blockers: FastPathBlocker[] = [];
  const add = (reason: FastPathReason, path: (string | number)[], detail: string) =>
    blockers.push({ reason, file, line: document.lineOf(path), detail });
  // kustomize reads the file into a typed struct and builds only `kind: Kustomization` as a
  // resource (api/types/kustomization.go; a Component listed in resources fails).
  if (body.kind !== undefined && body.kind !== "Kustomization")
    add("kustomization-field", ["kind"], `kind ${String(body.kind)}`);
  if (body.namespace !== undefined && body.namespace !== null && typeof body.namespace !== "string")
    add("kustomization-field", ["namespace"], "a namespace that is not a string");
  for (const field of APPLIED_BY_KUSTOMIZE_ONLY)
    if (body[field] !== undefined) add("kustomization-field", [field], `\`${field}\``);
  for (const field of PATCH_FIELDS)
    if (nonEmpty(body[field]))
      add("patches", [field], `\`${field}\` (strategic merge of built-in kinds is not modelled)`);
  if (nonEmpty(body.secretGenerator)) add("secret-generator", ["secretGenerator"], "`secretGenerator`");
  const generators = Array.isArray(body.configMapGenerator) ? body.configMapGenerator : [];
  generators.forEach((entry, index) => {
    const extra = isRecord(entry) ? Object.keys(entry).filter((key) => !GENERATOR_FIELDS.has(key)) : ["?"];
    if (extra.length > 0)
      add("generator-options", ["configMapGenerator", index], `configMapGenerator with ${extra.join(", ")}`);
    const keys = isRecord(entry) ? generatorKeys(entry) : [];
    const bad = keys.find(
      (key, at) => key === undefined || !CONFIG_MAP_KEY.test(key) || keys.indexOf(key) !== at,
    );
    if (bad !== undefined || keys.includes(undefined))
      add(
        "generator-options",
        ["configMapGenerator", index],
        `a key kustomize refuses (invalid, missing or twice): ${String(bad)}`,
      );
  });
  return blockers;
}

/**
 * What a namespace (a kustomization's `namespace`, or Flux's spec.targetNamespace) does to these
 * objects in kustomize that the in-process build does not (api/filters/namespace/namespace.go;
 * field specs in api/internal/konfig/builtinpluginconsts/namespace.go).
 */
export function namespaceBlockers(
  objects: readonly JsonObject[],
  namespace: string,
  where: SourceLocation,
  inProcessClusterScoped: ClusterScopedByKind,
): FastPathBlocker[] {
  const blockers: FastPathBlocker[] = [];
  const add = (reason: FastPathReason, detail: string) => blockers.push({ reason, ...where, detail });
  for (const object of objects) {
    const { apiVersion, kind } = object;
    const name = isRecord(object.metadata) ? String(object.metadata.name) : "?";
    const ours = inProcessClusterScoped.has(String(kind));
    if (ours !== kustomizeClusterScoped(apiVersion, kind))
      add(
        "namespace-scope",
        `${String(apiVersion)} ${String(kind)} ${name}: kustomize ${ours ? "namespaces it (a kind its OpenAPI data does not know as cluster-scoped)" : "leaves it cluster-scoped"}`,
      );
    if (apiVersion === "v1" && kind === "Namespace" && name !== namespace)
      add("namespace-renames-namespace", `Namespace ${name} becomes ${namespace} in kustomize`);
    if ((kind === "RoleBinding" || kind === "ClusterRoleBinding") && object.subjects !== undefined)
      add(
        "namespace-references",
        `${String(kind)} ${name}: kustomize sets the namespace of a subject named default`,
      );
    const spec = isRecord(object.spec) ? object.spec : {};
    if (kind === "APIService" || (kind === "CustomResourceDefinition" && spec.conversion !== undefined))
      add("namespace-references", `${String(kind)} ${name}: kustomize namespaces its service reference`);
  }
  return blockers;
}

// A ConfigMap key (k8s.io/apimachinery validation IsConfigMapKey, which kustomize's generators check).
const CONFIG_MAP_KEY = /^[-._a-zA-Z0-9]+$/;

/** The data keys a configMapGenerator entry makes, as kustomize names them (undefined: no `=` in a literal). */
function generatorKeys(entry: Record<string, unknown>): (string | undefined)[] {
  const files = Array.isArray(entry.files) ? entry.files : [];
  const literals = Array.isArray(entry.literals) ? entry.literals : [];
  return [
    ...files.map((item) => {
      const text = String(item);
      const separator = text.indexOf("=");
      return separator === -1 ? text.slice(text.lastIndexOf("/") + 1) : text.slice(0, separator);
    }),
    ...literals.map((item) => {
      const text = String(item);
      return text.includes("=") ? text.slice(0, text.indexOf("=")) : undefined;
    }),
  ];
}

function nonEmpty(value: unknown): boolean {
  return Array.isArray(value) ? value.length > 0 : value !== undefined && value !== null;
}
