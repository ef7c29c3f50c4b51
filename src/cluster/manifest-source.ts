// Loads the documents of a planned apply: a release URL (Gateway API CRDs) or a plan file.

import { readFile } from "node:fs/promises";
import { parseAllDocuments } from "yaml";
import { EnvironmentError, ProvisioningError } from "../errors.ts";
import type { KubeObject } from "./kube-access.ts";

export type ManifestLoader = (source: string) => Promise<KubeObject[]>;

export const MANIFEST_DOWNLOAD_TIMEOUT_MS = 60_000;

export const loadManifestSource: ManifestLoader = async (source) => {
  const text = /^https?:\/\//.test(source) ? await download(source) : await readFile(source, "utf8");
  return parseManifests(text, source);
};

async function download(url: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, {
      signal: AbortSignal.timeout(MANIFEST_DOWNLOAD_TIMEOUT_MS),
      redirect: "follow",
    });
  } catch (error) {
    throw new EnvironmentError(
      "CC_ENV_DOWNLOAD_FAILED",
      `cannot download ${url}: ${error instanceof Error ? error.message : String(error)}`,
      { hint: "the runner needs HTTPS access to github.com for the Gateway API CRDs" },
    );
  }
  if (!response.ok) {
    throw new EnvironmentError("CC_ENV_DOWNLOAD_FAILED", `cannot download ${url}: HTTP ${response.status}`, {
      hint: "check the Gateway API version in the plan (`cilium-conformance plan`)",
    });
  }
  return response.text();
}

/** Every non-empty YAML document, each checked to be a Kubernetes object. */
export function parseManifests(text: string, source: string): KubeObject[] {
  const objects: KubeObject[] = [];
  for (const document of parseAllDocuments(text)) {
    if (document.errors.length > 0) {
      throw new ProvisioningError(
        "manifests",
        `${source}: invalid YAML: ${document.errors[0]?.message ?? ""}`,
      );
    }
    const value = document.toJS() as unknown;
    if (value === null || value === undefined) continue;
    const object = value as Partial<KubeObject>;
    if (typeof object.apiVersion !== "string" || typeof object.kind !== "string" || !object.metadata?.name) {
      throw new ProvisioningError(
        "manifests",
        `${source}: a document without apiVersion, kind or metadata.name`,
      );
    }
    objects.push(object as KubeObject);
  }
  return objects;
}
