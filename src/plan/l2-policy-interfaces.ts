// The repo's L2 policies are applied verbatim unless their `interfaces` cannot match the kind
// nodes' eth0. Cilium compiles each entry as a Go regexp and matches device names with
// MatchString (unanchored, OR-ed), as goMatches does.

import { checkGoRegex, goMatches } from "../go/go-regex.ts";
import type { Manifest } from "../repo/infra-model.ts";
import { isRecord } from "../repo/yaml-documents.ts";
import { KIND_NIC } from "./device-names.ts";
import type { Deviation, JsonObject } from "./run-plan.ts";

export const KIND_INTERFACE_PATTERN = `^${KIND_NIC}$`;

/** Whether a Go regexp matches a device name; an invalid pattern matches nothing (Cilium flags it). */
export function interfacePatternMatches(pattern: string, device: string): boolean {
  const compiled = checkGoRegex(pattern);
  return compiled.ok && goMatches(compiled.regex, device);
}

export function planL2PolicyBody(policy: Manifest): { body: JsonObject; deviations: Deviation[] } {
  const body = structuredClone(policy.body) as JsonObject;
  const spec = isRecord(body.spec) ? body.spec : undefined;
  const interfaces = spec?.interfaces;
  // No list (or an empty one) means every Cilium device: eth0 included.
  if (!spec || !Array.isArray(interfaces) || interfaces.length === 0) return { body, deviations: [] };
  const patterns = interfaces.filter((entry): entry is string => typeof entry === "string");
  if (patterns.some((pattern) => interfacePatternMatches(pattern, KIND_NIC))) return { body, deviations: [] };
  spec.interfaces = [KIND_INTERFACE_PATTERN];
  return {
    body,
    deviations: [
      {
        target: "manifest",
        key: `CiliumL2AnnouncementPolicy/${policy.name} spec.interfaces`,
        repoValue: interfaces as JsonObject[keyof JsonObject],
        kindValue: [KIND_INTERFACE_PATTERN],
        reason: `no pattern matches ${KIND_NIC}, the kind nodes' only LAN interface (the homelab's NIC names do not exist on kind)`,
        source: { file: policy.location.file, line: policy.lineOf(["spec", "interfaces"]) },
      },
    ],
  };
}
