// LB-IPAM annotation names in the repo's manifests against the names the candidate reads:
// `io.cilium/lb-ipam-ips` (1.15) became `lbipam.cilium.io/ips` (1.16+, the old one still read),
// the sharing key likewise, and the cross-namespace sharing annotation exists from 1.16.

import { describeManifest } from "../checks/finding-location.ts";
import { compatTable } from "../compat/compat-table.ts";
import type { CiliumCompat } from "../compat/compat-types.ts";
import type { Manifest } from "../repo/infra-model.ts";
import { isRecord } from "../repo/yaml-documents.ts";
import { repoManifests } from "./repo-manifests.ts";
import type { UpgradeSides } from "./upgrade-facts.ts";
import type { UpgradeFinding } from "./upgrade-finding.ts";

type Role = "ips" | "sharing-key" | "sharing-cross-namespace";

interface AnnotationUse {
  manifest: Manifest;
  name: string;
  role: Role;
  path: (string | number)[];
}

export function annotationFindings(sides: UpgradeSides): UpgradeFinding[] {
  const to = sides.candidate.compat;
  const version = sides.candidate.version.text;
  const findings: UpgradeFinding[] = [];
  for (const use of annotationUses(repoManifests(sides.model))) {
    const read = namesRead(to, use.role);
    const current = currentName(to, use.role);
    const at = { file: use.manifest.location.file, line: use.manifest.lineOf(use.path) };
    const base = { id: "upgrade-lbipam-annotation", category: "annotations" as const, ...at };
    const who = describeManifest(use.manifest);
    if (read.includes(use.name)) {
      if (current !== undefined && use.name !== current) {
        findings.push({
          ...base,
          severity: "info",
          message: `${who} uses ${use.name}; chart ${version} still reads it, but its name now is ${current}. Rename it when convenient.`,
        });
      }
      continue;
    }
    findings.push({
      ...base,
      severity: use.role === "ips" || current === undefined ? "error" : "warning",
      message:
        current === undefined
          ? `${who} uses ${use.name}, which chart ${version} does not know: ${use.role === "sharing-cross-namespace" ? "the Services stop sharing across namespaces and each gets its own IP" : "it is ignored"}. Remove it or stay on a version that has it.`
          : `${who} uses ${use.name}, which chart ${version} does not read (it reads ${read.join(", ")}): ${use.role === "ips" ? "the Service gets a random pool IP instead of the one it asks for" : "the Service stops sharing its IP"}. Rename the annotation to ${current}.`,
    });
  }
  return findings;
}

function namesRead(compat: CiliumCompat, role: Role): string[] {
  if (role === "ips") return [compat.ipsAnnotation.value, ...compat.ipsAnnotationLegacy.value];
  if (role === "sharing-key") return [compat.sharingKeyAnnotation.value];
  const name = compat.sharingCrossNamespaceAnnotation.value;
  return name === undefined ? [] : [name];
}

function currentName(compat: CiliumCompat, role: Role): string | undefined {
  if (role === "ips") return compat.ipsAnnotation.value;
  if (role === "sharing-key") return compat.sharingKeyAnnotation.value;
  return compat.sharingCrossNamespaceAnnotation.value;
}

/** Every LB-IPAM annotation name any known Cilium minor reads, with its role. */
function knownNames(): Map<string, Role> {
  const names = new Map<string, Role>();
  for (const compat of compatTable) {
    for (const name of [compat.ipsAnnotation.value, ...compat.ipsAnnotationLegacy.value])
      names.set(name, "ips");
    names.set(compat.sharingKeyAnnotation.value, "sharing-key");
    const cross = compat.sharingCrossNamespaceAnnotation.value;
    if (cross !== undefined) names.set(cross, "sharing-cross-namespace");
  }
  return names;
}

/** Annotations on objects' metadata, and on what a Gateway puts on its Service (spec.infrastructure). */
function annotationUses(manifests: readonly Manifest[]): AnnotationUse[] {
  const known = knownNames();
  const uses: AnnotationUse[] = [];
  for (const manifest of manifests) {
    const places: (string | number)[][] = [
      ["metadata", "annotations"],
      ["spec", "infrastructure", "annotations"],
    ];
    for (const place of places) {
      const annotations = dig(manifest.body, place);
      if (!isRecord(annotations)) continue;
      for (const name of Object.keys(annotations)) {
        const role = known.get(name);
        if (role) uses.push({ manifest, name, role, path: [...place, name] });
      }
    }
  }
  return uses;
}

function dig(root: unknown, path: readonly (string | number)[]): unknown {
  let node = root;
  for (const key of path) node = isRecord(node) ? node[String(key)] : undefined;
  return node;
}
