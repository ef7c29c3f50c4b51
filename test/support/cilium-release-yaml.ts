// The Cilium HelmRelease as tests write it: Flux's spec.chart.spec form (chart cilium, a version,
// sourceRef to the HelmRepository "cilium") in kube-system, with its version on line 10.

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
