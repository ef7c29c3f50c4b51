/** A CiliumL2AnnouncementPolicy with the given spec lines (indented under `spec:`). */
export function l2PolicyYaml(specLines: string, apiVersion = "cilium.io/v2alpha1"): string {
  return `apiVersion: ${apiVersion}
kind: CiliumL2AnnouncementPolicy
metadata:
  name: home-l2
spec:
${specLines}`;
}
