// The Cilium HelmRelease as tests write it: Flux's spec.chart.spec form (chart cilium, a version,
// sourceRef to the HelmRepository "cilium") in kube-system, with its version on line 10.

import type { HelmReleaseModel } from "../../src/repo/infra-model.ts";
import { parseManifests } from "../../src/repo/yaml-documents.ts";

export interface CiliumReleaseYaml {
  /** The version exactly as written in the YAML (quotes included if wanted); default 1.18.11. */
  version?: string;
  apiVersion?: string;
  /** YAML appended after the chart, indented as children of `spec` (valuesFrom, values, ...). */
  spec?: string;
}

export function ciliumReleaseYaml(options: CiliumReleaseYaml = {}): string {
  return `apiVersion: ${options.apiVersion ?? "helm.toolkit.fluxcd.io/v2"}
kind: HelmRelease
metadata:
  name: cilium
  namespace: kube-system
spec:
  chart:
    spec:
      chart: cilium
      version: ${options.version ?? "1.18.11"}
      sourceRef:
        kind: HelmRepository
        name: cilium
${options.spec ?? ""}`;
}

/**
 * ciliumReleaseYaml (version quoted) parsed as `file`, and the HelmReleaseModel the loader makes
 * of it, for builders that assemble an InfraModel without a repo on disk.
 */
export function ciliumReleaseModel(version: string, file: string): HelmReleaseModel {
  const manifest = parseManifests(ciliumReleaseYaml({ version: `"${version}"` }), file)[0]!;
  return {
    manifest,
    apiVersion: manifest.apiVersion,
    chart: "cilium",
    version,
    versionLocation: { file, line: manifest.lineOf(["spec", "chart", "spec", "version"]) },
    source: {
      kind: "HelmRepository",
      url: "https://helm.cilium.io/",
      name: "cilium",
      namespace: "kube-system",
      location: undefined,
    },
    targetNamespace: "kube-system",
  };
}
