// Finding the Flux HelmRelease of Cilium and what it pins: chart, exact version, source.
// Two shapes exist: `spec.chart.spec` (chart + version + sourceRef, every API version) and, from
// helm.toolkit.fluxcd.io/v2, `spec.chartRef` to an OCIRepository (version = ref.tag) or HelmChart.
import path from "node:path";
import { parseCiliumVersion } from "../compat/cilium-version.ts";
import { RepoError } from "../errors.ts";
import type {
  ChartSource,
  ChartSourceKind,
  HelmReleaseModel,
  Manifest,
  SourceLocation,
  YamlPath,
} from "./infra-model.ts";
import { quoteExcerpt } from "./quote-excerpt.ts";
import type { IndexedManifest } from "./repo-index.ts";
import { isRecord } from "./yaml-documents.ts";

const CILIUM_CHART = "cilium";

interface ChartIdentity {
  chart: string | undefined;
  /** The version text and where it is written, when written at all. */
  version: { text: string; location: SourceLocation } | undefined;
  /** Where the version should be written (for the error when it is not). */
  versionHome: SourceLocation;
  versionHint: string;
  source: ChartSource;
}

export function isHelmRelease(manifest: Manifest): boolean {
  return manifest.kind === "HelmRelease" && manifest.apiVersion.startsWith("helm.toolkit.fluxcd.io/");
}

/**
 * The one Cilium HelmRelease. `folder`, when the config names one, narrows the search to the
 * releases below it. Missing, ambiguous and unpinned releases are RepoErrors (exit 2).
 */
export function findCiliumHelmRelease(
  manifests: readonly IndexedManifest[],
  folder: { path: string; explicit: boolean },
): HelmReleaseModel {
  const all = manifests.map((entry) => entry.manifest);
  const identified = manifests
    .filter((entry) => isHelmRelease(entry.manifest))
    .map((entry) => ({
      manifest: entry.manifest,
      builtFrom: entry.builtFrom,
      identity: identify(entry.manifest, all),
    }));
  let cilium = identified.filter((entry) => entry.identity.chart === CILIUM_CHART);
  // The folder of the release's file, or of the build that rendered it (an overlay per cluster).
  if (folder.explicit)
    cilium = cilium.filter(
      (entry) =>
        isBelow(entry.manifest.location.file, folder.path) ||
        (entry.builtFrom !== undefined && isBelow(entry.builtFrom, folder.path)),
    );

  const [first, second] = cilium;
  if (!first) throw missingRelease(identified, folder);
  if (second) {
    throw new RepoError(
      "CC_REPO_HELMRELEASE_AMBIGUOUS",
      `${at(second.manifest.location)}: a second HelmRelease of chart "cilium" (${label(second.manifest)}); ` +
        `the first is ${label(first.manifest)} at ${at(first.manifest.location)}`,
      {
        ...second.manifest.location,
        hint: "keep one Cilium HelmRelease, or set paths.ciliumRelease in .cilium-conformance.yaml to the folder of the one to test",
      },
    );
  }
  return toModel(first.manifest, first.identity);
}

function toModel(manifest: Manifest, identity: ChartIdentity): HelmReleaseModel {
  const { version } = identity;
  if (!version) {
    throw new RepoError(
      "CC_REPO_HELMRELEASE_NO_VERSION",
      `${at(identity.versionHome)}: the Cilium HelmRelease ${label(manifest)} does not pin a chart version`,
      { ...identity.versionHome, hint: identity.versionHint },
    );
  }
  if (!parseCiliumVersion(version.text)) {
    throw new RepoError(
      "CC_REPO_HELMRELEASE_NO_VERSION",
      `${at(version.location)}: chart version ${quoteExcerpt(version.text)} of ${label(manifest)} is not an exact version ` +
        "(a range or tag lets Flux pick any release, so no one can say which Cilium is tested)",
      {
        ...version.location,
        hint: "pin an exact release such as 1.18.11 (let Renovate or Dependabot bump it)",
      },
    );
  }
  const spec = isRecord(manifest.body.spec) ? manifest.body.spec : {};
  const targetNamespace = stringAt(spec, ["targetNamespace"]) ?? manifest.namespace ?? "default";
  return {
    manifest,
    apiVersion: manifest.apiVersion,
    chart: CILIUM_CHART,
    version: version.text.replace(/^v/, ""),
    versionLocation: version.location,
    source: identity.source,
    targetNamespace,
  };
}

function identify(release: Manifest, all: readonly Manifest[]): ChartIdentity {
  const spec = isRecord(release.body.spec) ? release.body.spec : {};
  const chartRef = spec.chartRef;
  if (isRecord(chartRef)) return identifyChartRef(release, chartRef, all);

  return identifyChartSpec(
    release,
    ["spec", "chart", "spec"],
    "add `version: <exact chart version>` (e.g. 1.18.11) under spec.chart.spec; without it Flux installs the newest chart",
    all,
  );
}

/** chart + version + sourceRef: a HelmRelease's spec.chart.spec, or the spec of a HelmChart. */
function identifyChartSpec(
  owner: Manifest,
  specPath: readonly string[],
  versionHint: string,
  all: readonly Manifest[],
): ChartIdentity {
  const chartPath = stringAt(owner.body, [...specPath, "chart"]);
  const versionPath = [...specPath, "version"];
  const versionText = stringAt(owner.body, versionPath);
  const sourceRef = valueAt(owner.body, [...specPath, "sourceRef"]);
  return {
    // A GitRepository source names a folder (./charts/cilium/); the chart is its last part
    // (basename ignores a trailing slash).
    chart: chartPath === undefined ? undefined : path.posix.basename(chartPath),
    version: isPinnable(versionText)
      ? { text: versionText, location: locate(owner, versionPath) }
      : undefined,
    versionHome: locate(owner, versionPath),
    versionHint,
    source: resolveSource(owner, isRecord(sourceRef) ? sourceRef : {}, all),
  };
}

function identifyChartRef(
  release: Manifest,
  chartRef: Record<string, unknown>,
  all: readonly Manifest[],
): ChartIdentity {
  const { kind, name, namespace } = readReference(chartRef, release, "");
  const target = findObject(all, kind, name, namespace);
  const refHome = locate(release, ["spec", "chartRef"]);
  // Without the referenced object in the repo we cannot read the chart; a release named cilium
  // (or pointing at a source named cilium) is still recognisable, and its version is unknown.
  const looksLikeCilium = release.name === CILIUM_CHART || name.includes(CILIUM_CHART);
  const unknownSource: ChartSource = {
    kind: sourceKind(kind),
    url: undefined,
    name,
    namespace,
    location: undefined,
  };
  if (!target) {
    return {
      chart: looksLikeCilium ? CILIUM_CHART : undefined,
      version: undefined,
      versionHome: refHome,
      versionHint: `add the ${kind || "OCIRepository"} ${quoteExcerpt(name)} the chartRef points to (with an exact ref.tag) to the repo`,
      source: unknownSource,
    };
  }
  if (kind === "OCIRepository") {
    const url = stringAt(target.body, ["spec", "url"]);
    const tag = stringAt(target.body, ["spec", "ref", "tag"]);
    const semver = stringAt(target.body, ["spec", "ref", "semver"]);
    const written = tag ?? semver;
    const versionPath = ["spec", "ref", tag === undefined && semver !== undefined ? "semver" : "tag"];
    return {
      chart: url === undefined ? undefined : url.replace(/\/+$/, "").split("/").pop(),
      version: isPinnable(written) ? { text: written, location: locate(target, versionPath) } : undefined,
      versionHome: locate(target, ["spec", "ref"]),
      versionHint: `set spec.ref.tag of OCIRepository ${target.name} to an exact chart version (e.g. 1.18.11); a digest alone does not say which Cilium it is`,
      source: {
        kind: "OCIRepository",
        url,
        name: target.name,
        namespace: target.namespace,
        location: target.location,
      },
    };
  }
  return identifyChartSpec(
    target,
    ["spec"],
    `add \`version: <exact chart version>\` (e.g. 1.18.11) to spec of HelmChart ${target.name}`,
    all,
  );
}

function resolveSource(
  owner: Manifest,
  sourceRef: Record<string, unknown>,
  all: readonly Manifest[],
): ChartSource {
  const { kind, name, namespace } = readReference(sourceRef, owner, "HelmRepository");
  const source = findObject(all, kind, name, namespace);
  return {
    kind: sourceKind(kind),
    url: source ? stringAt(source.body, ["spec", "url"]) : undefined,
    name,
    namespace,
    location: source?.location,
  };
}

/** A Flux object reference (chartRef, sourceRef); its namespace defaults to the referrer's. */
function readReference(reference: Record<string, unknown>, referrer: Manifest, defaultKind: string) {
  return {
    kind: typeof reference.kind === "string" ? reference.kind : defaultKind,
    name: typeof reference.name === "string" ? reference.name : "",
    namespace: typeof reference.namespace === "string" ? reference.namespace : referrer.namespace,
  };
}

/** An object of a kind and name; the namespace must match when both sides know it. */
function findObject(all: readonly Manifest[], kind: string, name: string, namespace: string | undefined) {
  const candidates = all.filter((m) => m.kind === kind && m.name === name);
  return (
    candidates.find((m) => m.namespace === namespace) ??
    candidates.find((m) => m.namespace === undefined || namespace === undefined)
  );
}

function missingRelease(
  identified: readonly { manifest: Manifest; identity: ChartIdentity }[],
  folder: { path: string; explicit: boolean },
): RepoError {
  const others = identified.map(
    (entry) => `${label(entry.manifest)} (chart ${entry.identity.chart ?? "unknown"})`,
  );
  const where = folder.explicit ? ` below ${folder.path}` : "";
  return new RepoError(
    "CC_REPO_HELMRELEASE_MISSING",
    `no Flux HelmRelease of chart "cilium" found${where}` +
      (others.length ? `; found only ${others.join(", ")}` : ""),
    {
      file: folder.path,
      hint:
        "add a HelmRelease (helm.toolkit.fluxcd.io/v2) with spec.chart.spec.chart: cilium, or point --repo / " +
        "paths.scan in .cilium-conformance.yaml at the folders that hold it",
    },
  );
}

function sourceKind(kind: string): ChartSourceKind {
  return kind === "HelmRepository" || kind === "OCIRepository" || kind === "GitRepository" ? kind : "unknown";
}

function isPinnable(text: string | undefined): text is string {
  return text !== undefined && text.trim() !== "" && text.trim() !== "*";
}

function isBelow(file: string, folder: string): boolean {
  return folder === "." || file === folder || file.startsWith(`${folder}/`);
}

function locate(manifest: Manifest, yamlPath: YamlPath): SourceLocation {
  return { file: manifest.location.file, line: manifest.lineOf(yamlPath) };
}

function valueAt(root: unknown, yamlPath: readonly string[]): unknown {
  let node = root;
  for (const key of yamlPath) node = isRecord(node) ? node[key] : undefined;
  return node;
}

/** A string, or a number YAML read from an unquoted version (`version: 1.18` is a float). */
function stringAt(root: unknown, yamlPath: readonly string[]): string | undefined {
  const value = valueAt(root, yamlPath);
  if (typeof value === "string") return value.trim();
  if (typeof value === "number") return String(value);
  return undefined;
}

function label(manifest: Manifest): string {
  return manifest.namespace ? `${manifest.namespace}/${manifest.name}` : manifest.name;
}

function at(location: SourceLocation): string {
  return `${location.file}:${location.line}`;
}
