// Every Kubernetes object of the files the loader read (Services, Gateways…), for the checks that
// look beyond the typed model, e.g. which LB-IPAM annotation names the repo's Services use.

import { readFileSync } from "node:fs";
import path from "node:path";
import type { InfraModel, Manifest } from "../repo/infra-model.ts";
import { parseManifests } from "../repo/yaml-documents.ts";

export function repoManifests(model: InfraModel): Manifest[] {
  const out: Manifest[] = [];
  const valueFiles = new Set(model.values.layers.map((layer) => layer.file));
  for (const file of model.files) {
    if (valueFiles.has(file) || !/\.ya?ml$/.test(file)) continue;
    let text: string;
    try {
      text = readFileSync(path.join(model.root, file), "utf8");
    } catch {
      continue;
    }
    out.push(...parseManifests(text, file));
  }
  return out;
}
