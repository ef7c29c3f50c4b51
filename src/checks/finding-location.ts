// Where a finding points: the exact line of a value in the Helm values or in a manifest.
import type { InfraModel, Manifest, SourceLocation, YamlPath } from "../repo/infra-model.ts";
import { identifierText } from "../repo/quote-excerpt.ts";

export function atValue(model: InfraModel, path: string): SourceLocation {
  return model.values.locate(path);
}

export function atManifest(manifest: Manifest, path: YamlPath): SourceLocation {
  return { file: manifest.location.file, line: manifest.lineOf(path) };
}

/** `CiliumLoadBalancerIPPool home-compute-pool`, `Gateway web/homelab` for messages. */
export function describeManifest(manifest: Manifest): string {
  const name = manifest.namespace ? `${manifest.namespace}/${manifest.name}` : manifest.name;
  return `${identifierText(manifest.kind)} ${name ? identifierText(name) : "(unnamed)"}`;
}
