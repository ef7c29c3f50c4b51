// Server-side apply (field manager `cilium-conformance`, force) of objects or multi-document
// YAML, in the order given: put Namespaces and CRDs before what lives in them.

import type { KubernetesObject } from "@kubernetes/client-node";
import { LineCounter, parseAllDocuments } from "yaml";
import { RepoError } from "../errors.ts";
import { toKubeApiError } from "./kube-api-error.ts";
import type { KubeClient } from "./kube-client.ts";
import { describeRef, type KubeObject, refOf } from "./kube-object.ts";

export const FIELD_MANAGER = "cilium-conformance";

export interface ApplyOptions {
  fieldManager?: string;
  /** Take over fields other managers own (default true: the harness owns what it applies). */
  force?: boolean;
}

/** Applies each object; returns what the server stored (with status, resourceVersion, uid). */
export async function applyObjects(
  client: KubeClient,
  objects: readonly KubeObject[],
  options: ApplyOptions = {},
): Promise<KubeObject[]> {
  const applied: KubeObject[] = [];
  for (const object of objects) {
    try {
      // The manifest as written (wire-object-api.ts: client-node's own patch drops fields).
      const stored = await client.objects.apply(object as unknown as KubernetesObject, {
        fieldManager: options.fieldManager ?? FIELD_MANAGER,
        force: options.force ?? true,
      });
      applied.push(stored as unknown as KubeObject);
    } catch (error) {
      throw toKubeApiError(error, "apply", describeRef(refOf(object)));
    }
  }
  return applied;
}

/** Parses multi-document YAML into objects; `source` names the file in error messages. */
export function parseManifests(text: string, source: string): KubeObject[] {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter });
  if (!Array.isArray(documents)) return [];
  const objects: KubeObject[] = [];
  for (const document of documents) {
    const line = lineCounter.linePos(document.contents?.range?.[0] ?? document.range[0]).line;
    const firstError = document.errors[0];
    if (firstError) {
      throw new RepoError("CC_REPO_YAML_INVALID", `invalid YAML in ${source}: ${firstError.message}`, {
        file: source,
        line: lineCounter.linePos(firstError.pos[0]).line,
        hint: "fix the YAML syntax at that line",
      });
    }
    const value: unknown = document.toJS();
    if (value === null || value === undefined) continue;
    const object = value as Partial<KubeObject>;
    if (typeof object !== "object" || !object.apiVersion || !object.kind || !object.metadata?.name) {
      throw new RepoError(
        "CC_REPO_MANIFEST_INVALID",
        `document at ${source}:${line} is not a Kubernetes object (needs apiVersion, kind and metadata.name)`,
        { file: source, line, hint: "every YAML document must be one complete object" },
      );
    }
    objects.push(object as KubeObject);
  }
  return objects;
}

export async function applyManifestText(
  client: KubeClient,
  text: string,
  source: string,
  options: ApplyOptions = {},
): Promise<KubeObject[]> {
  return applyObjects(client, parseManifests(text, source), options);
}
