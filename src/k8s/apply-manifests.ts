// Server-side apply (field manager `cilium-conformance`, force) of objects or multi-document
// YAML, in the order given: put Namespaces and CRDs before what lives in them. An object whose
// kind a CRD of the same batch defines waits until that CRD is Established: the API server serves
// a CRD's kinds only once its controllers have accepted its names and established it
// (apiextensions-apiserver pkg/controller/establish), which a server-side apply does not wait for.

import type { KubernetesObject } from "@kubernetes/client-node";
import { LineCounter, parseAllDocuments } from "yaml";
import { crdEstablished, type WireCrd } from "../decisions/crd-established.ts";
import { RepoError } from "../errors.ts";
import type { Clock } from "../wait/clock.ts";
import { toKubeApiError } from "./kube-api-error.ts";
import type { KubeClient } from "./kube-client.ts";
import { describeRef, type KubeObject, refOf } from "./kube-object.ts";
import { waitForObject } from "./wait-for-objects.ts";

export const FIELD_MANAGER = "cilium-conformance";

export interface ApplyOptions {
  fieldManager?: string;
  /** Take over fields other managers own (default true: the harness owns what it applies). */
  force?: boolean;
  /** Budget of the wait for a CRD to be Established before its kinds are applied (default 60s). */
  crdEstablishedBudgetMs?: number;
  /** The clock of that wait (default: real time; tests pass a manual one). */
  clock?: Clock;
  signal?: AbortSignal;
}

/** As the budget table's gatewayApiCrdsEstablished (src/plan/wait-budgets.ts). */
const CRD_ESTABLISHED_BUDGET_MS = 60_000;

interface PendingCrd {
  name: string;
  group: string;
  kind: string;
  established: boolean;
}

/** Applies each object; returns what the server stored (with status, resourceVersion, uid). */
export async function applyObjects(
  client: KubeClient,
  objects: readonly KubeObject[],
  options: ApplyOptions = {},
): Promise<KubeObject[]> {
  const applied: KubeObject[] = [];
  const crds: PendingCrd[] = [];
  for (const object of objects) {
    const group = object.apiVersion.includes("/") ? object.apiVersion.split("/")[0] : "";
    const definedHere = crds.find(
      (crd) => crd.group === group && crd.kind === object.kind && !crd.established,
    );
    if (definedHere) {
      await waitForObject<KubeObject & WireCrd, unknown>(client, {
        name: "crdEstablished",
        budgetMs: options.crdEstablishedBudgetMs ?? CRD_ESTABLISHED_BUDGET_MS,
        expectation: `not Established (needed for ${describeRef(refOf(object))})`,
        ref: {
          apiVersion: "apiextensions.k8s.io/v1",
          kind: "CustomResourceDefinition",
          name: definedHere.name,
        },
        judge: (crd) => crdEstablished(crd),
        ...(options.clock ? { clock: options.clock } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
      definedHere.established = true;
    }
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
    if (object.kind === "CustomResourceDefinition" && object.apiVersion.startsWith("apiextensions.k8s.io/")) {
      const spec = (object.spec ?? {}) as { group?: string; names?: { kind?: string } };
      crds.push({
        name: object.metadata.name,
        group: String(spec.group ?? ""),
        kind: String(spec.names?.kind ?? ""),
        established: false,
      });
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
