import type { RenderNote } from "./flux/render-notes.ts";

// The typed model of a homelab's GitOps repo. Every value keeps the file and line it came from
// so that findings and errors can point at it.

/** A place in the infra repo. `file` is repo-relative with forward slashes; `line` is 1-based. */
export interface SourceLocation {
  file: string;
  line: number;
}

export type YamlPath = readonly (string | number)[];

/** One Kubernetes object read from a (possibly multi-document) YAML file. */
export interface Manifest {
  apiVersion: string;
  kind: string;
  name: string;
  namespace: string | undefined;
  /** The whole document as parsed, verbatim, so it can be applied unchanged. */
  body: Record<string, unknown>;
  /** Where the document starts. */
  location: SourceLocation;
  /** Line of a path inside the document, e.g. ["spec","blocks",0,"start"]; nearest existing ancestor otherwise. */
  lineOf(path: YamlPath): number;
}

export type ChartSourceKind = "HelmRepository" | "OCIRepository" | "GitRepository" | "unknown";

export interface ChartSource {
  kind: ChartSourceKind;
  /** The repository URL (https://helm.cilium.io/ or oci://…) when the source object is in the repo. */
  url: string | undefined;
  name: string;
  namespace: string | undefined;
  location: SourceLocation | undefined;
}

export interface HelmReleaseModel {
  manifest: Manifest;
  /** `helm.toolkit.fluxcd.io/v2` or `helm.toolkit.fluxcd.io/v2beta2`. */
  apiVersion: string;
  chart: string;
  /** The pinned chart version, e.g. "1.18.11". A release without one is a load error. */
  version: string;
  versionLocation: SourceLocation;
  source: ChartSource;
  /** Namespace the chart is installed into (spec.targetNamespace or the release's namespace). */
  targetNamespace: string;
}

/** One layer of Helm values, in the order Flux merges them (later wins). */
export interface ValuesLayer {
  /** How the layer got there, e.g. `valuesFrom ConfigMap cilium-values (key values.yaml)` or `spec.values`. */
  description: string;
  file: string;
  /** Set when the layer is only part of a key (valuesFrom targetPath). */
  targetPath?: string;
  /**
   * Set when the layer exists but its values cannot be read here (a SOPS-encrypted Secret, a
   * Secret a SealedSecret/ExternalSecret makes in the cluster, an optional entry not in the repo):
   * the model holds nothing for it, and any key may be set there.
   */
  unread?: UnreadLayer;
}

export interface UnreadLayer {
  /** Why it cannot be read, e.g. `SOPS-encrypted` or `made in the cluster by SealedSecret kube-system/x`. */
  reason: string;
  /** The valuesFrom entry in the HelmRelease that reads it. */
  entry: SourceLocation;
  /** `valuesFrom[1] (Secret cilium-secret, key values.yaml)`. */
  label: string;
}

export interface ValuesModel {
  /** The merged values, as Helm will see them. */
  merged: Record<string, unknown>;
  layers: readonly ValuesLayer[];
  /** Value at a dotted path (`hubble.relay.enabled`), or undefined. */
  get(path: string): unknown;
  /** Whether the path is set by any layer (even to null/false). */
  has(path: string): boolean;
  /**
   * Layers that could not be read and that could set or override this path: those after the
   * layer that sets it (all of them when no layer does), limited by their targetPath.
   */
  unreadLayersFor(path: string): readonly ValuesLayer[];
  /** Where the winning value of a dotted path was written; the nearest set ancestor otherwise. */
  locate(path: string): SourceLocation;
  /** Every leaf path set by the repo, dotted, with where it was written (for key comparisons). */
  leafPaths(): readonly { path: string; location: SourceLocation }[];
}

export interface Located<T> {
  value: T;
  location: SourceLocation;
}

/** Capabilities the homelab promises; each one a check and a suite make good on. */
export interface Promises {
  kubeProxyReplacement: boolean;
  l2Announcements: boolean;
  lbIpam: boolean;
  gatewayApi: boolean;
  hubble: boolean;
  hubbleRelay: boolean;
  hubbleUi: boolean;
}

export interface LanFacts {
  /** The LAN enclosing the pool, e.g. 192.168.5.0/24. Derived from the pool when not declared. */
  cidr: Located<string> | undefined;
  gateway: Located<string> | undefined;
  /** The homelab nodes' real NIC names (e.g. eno1, enp3s0), which L2 interface regexes must match. */
  nics: Located<readonly string[]> | undefined;
  dhcpRange: Located<{ start: string; stop: string }> | undefined;
  /** The nodes' own LAN addresses (`lan.nodes`), which no pool may hand out. */
  nodes?: readonly Located<string>[];
}

export interface RepoPaths {
  /** Folder with the HelmRelease (and kustomization) of Cilium. */
  ciliumRelease: string;
  values: string;
  pool: string;
  l2Policy: string;
  /** Folders scanned for manifests (every *.yaml/*.yml below them). */
  scan: readonly string[];
}

/** `.cilium-conformance.yaml` in the infra repo, with defaults filled from the seed's layout. */
export interface ConformanceConfig {
  /** Repo-relative path of the config file when one exists. */
  file: string | undefined;
  paths: RepoPaths;
  lan: LanFacts;
  promises: Promises;
}

export interface InfraModel {
  /** Absolute path of the repo's root folder. */
  root: string;
  config: ConformanceConfig;
  helmRelease: HelmReleaseModel;
  values: ValuesModel;
  pools: readonly Manifest[];
  l2Policies: readonly Manifest[];
  gatewayClasses: readonly Manifest[];
  gateways: readonly Manifest[];
  httpRoutes: readonly Manifest[];
  /**
   * The repo's `type: LoadBalancer` Services (LB-IPAM hands them addresses; L2 announces them).
   * The loader always sets it; optional only so models built by hand elsewhere stay valid.
   */
  services?: readonly Manifest[];
  /**
   * Every v1 Service the repo applies, of any type: the routes' backends the repo-contracts suite
   * stands in for. Optional so models built by hand elsewhere stay valid.
   */
  allServices?: readonly Manifest[];
  /**
   * The repo's GRPCRoutes, TLSRoutes, TCPRoutes and UDPRoutes: the repo-contracts suite names them
   * as not proven (it derives requests from HTTPRoutes only). Optional, as above.
   */
  otherRoutes?: readonly Manifest[];
  /**
   * Every object the repo applies (what Flux's builds render), of any kind: Namespaces,
   * HelmReleases, Flux Kustomizations. Optional, as above.
   */
  manifests?: readonly Manifest[];
  /** Every YAML file read, repo-relative. */
  files: readonly string[];
  /**
   * What rendering the repo the way Flux builds it could not do, or found Flux would refuse
   * (reported by the `flux-build` rule). Optional so models built by hand stay valid.
   */
  renderNotes?: readonly RenderNote[];
  /** How the repo was rendered: Flux Kustomizations or scanned folders, and by which kustomize. */
  rendering?: { mode: "flux" | "scan"; renderer: string };
}
