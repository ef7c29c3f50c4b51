// Loads a GitOps repo into the InfraModel: config, the Cilium HelmRelease and its merged
// values, and every LB-IPAM pool, L2 policy and Gateway API object of the scanned folders.
// Pure apart from reading files; every user mistake is a RepoError naming file, line and fix.
import { findCiliumHelmRelease } from "./cilium-helm-release.ts";
import { loadConformanceConfig } from "./conformance-config.ts";
import { renderRepo } from "./flux/render-repo.ts";
import type { InfraModel, Manifest } from "./infra-model.ts";
import type { ReadLimits } from "./read-limits.ts";
import { RepoFiles, resolveRepoRoot } from "./repo-files.ts";
import { indexRepo } from "./repo-index.ts";
import { helmReleaseValueLayers } from "./values-from.ts";
import { valuesModelFromLayers } from "./values-model.ts";
import { isRecord } from "./yaml-documents.ts";

/** Gateway API routes besides HTTPRoute: kept so the repo-contracts suite can name them as not proven. */
const OTHER_ROUTE_KINDS = ["GRPCRoute", "TLSRoute", "TCPRoute", "UDPRoute"];

export interface LoadOptions {
  /** Folders to scan instead of the config's `paths.scan` (repo-relative). */
  scan?: readonly string[];
  /** Byte and entry caps (default DEFAULT_READ_LIMITS). */
  limits?: ReadLimits;
  /** Environment for finding kustomize (PATH, CILIUM_CONFORMANCE_KUSTOMIZE); default process.env. */
  env?: Record<string, string | undefined>;
}

export function loadInfraRepo(root: string, options: LoadOptions = {}): InfraModel {
  const files = new RepoFiles(resolveRepoRoot(root), options.limits);
  const { config, explicitPaths, pathLocations } = loadConformanceConfig(files);
  const scan = options.scan ?? config.paths.scan;
  // Files the config names explicitly are read even when they lie outside the scanned folders.
  const named = (["pool", "l2Policy"] as const)
    .filter((key) => explicitPaths.has(key))
    .map((key) => config.paths[key]);
  const yamlFiles = [...new Set([...files.listYamlFiles(scan), ...named])].sort();
  const raw = indexRepo(files, yamlFiles);
  // Only what Flux's builds produce is checked: the raw scan only finds the Flux Kustomizations.
  const rendered = renderRepo({ files, scan, raw: raw.manifests, env: options.env ?? process.env });
  const index = { manifests: rendered.manifests, kustomizations: rendered.kustomizations };

  const helmRelease = findCiliumHelmRelease(index.manifests, {
    path: config.paths.ciliumRelease,
    explicit: explicitPaths.has("ciliumRelease"),
  });
  const valuesLocation = pathLocations.values;
  const layers = helmReleaseValueLayers(helmRelease, {
    files,
    ...index,
    ...(valuesLocation ? { valuesFile: { path: config.paths.values, location: valuesLocation } } : {}),
  });
  const values = valuesModelFromLayers(layers, helmRelease.manifest.location);

  const manifests = index.manifests.map((entry) => entry.manifest);
  const ofKind = (kind: string, group: string): Manifest[] =>
    manifests.filter((m) => m.kind === kind && m.apiVersion.startsWith(group));
  const valueFiles = layers.map((layer) => layer.layer.file);
  const allServices = manifests.filter((m) => m.kind === "Service" && m.apiVersion === "v1");
  return {
    root: files.root,
    config,
    helmRelease,
    values,
    pools: ofKind("CiliumLoadBalancerIPPool", "cilium.io/"),
    l2Policies: ofKind("CiliumL2AnnouncementPolicy", "cilium.io/"),
    gatewayClasses: ofKind("GatewayClass", "gateway.networking.k8s.io/"),
    gateways: ofKind("Gateway", "gateway.networking.k8s.io/"),
    httpRoutes: ofKind("HTTPRoute", "gateway.networking.k8s.io/"),
    services: allServices.filter((m) => isRecord(m.body.spec) && m.body.spec.type === "LoadBalancer"),
    allServices,
    otherRoutes: OTHER_ROUTE_KINDS.flatMap((kind) => ofKind(kind, "gateway.networking.k8s.io/")),
    manifests,
    files: [
      ...new Set([...(config.file ? [config.file] : []), ...yamlFiles, ...rendered.files, ...valueFiles]),
    ].sort(),
    renderNotes: rendered.notes,
    rendering: { mode: rendered.mode, renderer: rendered.renderer },
  };
}
