// "Must be set / must be on" verdicts when some values could not be read (a SOPS-encrypted
// Secret, a SealedSecret/ExternalSecret-made Secret, an optional entry not in the repo): the key
// may be set there, so the verdict is a warning that says so — never an error, never a pass.
import type { InfraModel } from "../repo/infra-model.ts";
import type { Finding } from "./finding.ts";

/**
 * The finding as is when every layer that could set `paths` was read; otherwise a warning whose
 * message names the unread layers that could change the verdict.
 */
export function unlessSetInUnreadLayer(
  model: InfraModel,
  paths: readonly string[],
  finding: Finding,
): Finding {
  const layers = [...new Set(paths.flatMap((path) => model.values.unreadLayersFor(path)))];
  const unread = layers.flatMap((layer) => (layer.unread ? [layer.unread] : []));
  if (unread.length === 0) return finding;
  const where = unread
    .map((layer) => `${layer.label} at ${layer.entry.file}:${layer.entry.line}, ${layer.reason}`)
    .join("; ");
  const keys = paths.map((path) => `\`${path}\``).join(" / ");
  return {
    ...finding,
    severity: finding.severity === "error" ? "warning" : finding.severity,
    message: `${finding.message} Unless ${keys} ${paths.length === 1 ? "is" : "are"} set in a values layer that could not be read (${where}): its values are not checked, so confirm the key there.`,
  };
}
