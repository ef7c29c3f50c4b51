// CreateCustomResourceDefinitions (pkg/k8s/apis/cilium.io/client/register.go): every Cilium CRD
// of this version is created, or updated when the stored one carries an older schema version
// label (needsUpdateV1), then waited for until Established (waitForV1CRD).

import type { KubeObjects, Obj } from "../../../k8s/kube-objects.ts";
import { KubeApiError } from "../../../k8s/kube-rest-client.ts";
import { CILIUM_CRDS, CRD_SCHEMA_VERSION, type CrdRow } from "./cilium-crds.ts";

export const SCHEMA_VERSION_LABEL = "io.cilium.k8s.crd.schema.version";
const CRD = { apiVersion: "apiextensions.k8s.io/v1", kind: "CustomResourceDefinition" };

export function crdObjects(minor: number): Obj[] {
  const rows = CILIUM_CRDS[Math.min(Math.max(minor, 16), 19)] ?? [];
  const schemaVersion = CRD_SCHEMA_VERSION[Math.min(Math.max(minor, 16), 19)] ?? "";
  return rows.map((row) => crdObject(row, schemaVersion));
}

function crdObject(
  [plural, kind, scope, shortNames, categories, versions]: CrdRow,
  schemaVersion: string,
): Obj {
  return {
    ...CRD,
    metadata: { name: `${plural}.cilium.io`, labels: { [SCHEMA_VERSION_LABEL]: schemaVersion } },
    spec: {
      group: "cilium.io",
      names: {
        ...(categories ? { categories: categories.split(",") } : {}),
        kind,
        listKind: `${kind}List`,
        plural,
        ...(shortNames ? { shortNames: shortNames.split(",") } : {}),
        singular: kind.toLowerCase(),
      },
      scope,
      versions: versions.split(" ").map((entry) => {
        const [name = entry, flags = ""] = entry.split(":");
        return {
          name,
          served: !flags.includes("!"),
          storage: flags.includes("*"),
          ...(flags.includes("~") ? { deprecated: true } : {}),
          schema: { openAPIV3Schema: { type: "object", "x-kubernetes-preserve-unknown-fields": true } },
          ...(flags.includes("s") ? { subresources: { status: {} } } : {}),
        };
      }),
    },
  };
}

/** semver-ish comparison of "1.31.11" labels; a missing label is older than any. */
function olderSchema(stored: string | undefined, ours: string): boolean {
  if (!stored) return true;
  const a = stored.split(".").map(Number);
  const b = ours.split(".").map(Number);
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) < (b[i] ?? 0);
  }
  return false;
}

export async function registerCrds(
  objects: KubeObjects,
  minor: number,
  log: (message: string, fields?: Record<string, unknown>) => void,
  sleep: (ms: number) => Promise<void>,
): Promise<void> {
  for (const crd of crdObjects(minor)) {
    const name = crd.metadata.name;
    const ours = crd.metadata.labels?.[SCHEMA_VERSION_LABEL] ?? "";
    log("Creating CRD (CustomResourceDefinition)...", { name });
    try {
      await objects.create(crd);
    } catch (error) {
      if (!(error instanceof KubeApiError && error.code === 409)) throw error;
      const stored = await objects.get({ ...CRD, name });
      if (stored && olderSchema(stored.metadata.labels?.[SCHEMA_VERSION_LABEL], ours)) {
        log("Updating CRD (CustomResourceDefinition)...", { name });
        await objects.update({
          ...crd,
          metadata: { ...crd.metadata, resourceVersion: stored.metadata.resourceVersion },
        });
      }
    }
    // waitForV1CRD: poll until Established (or NamesAccepted=False, an error).
    for (let attempt = 0; ; attempt += 1) {
      const stored = (await objects.get({ ...CRD, name })) as
        | (Obj & { status?: { conditions?: { type: string; status: string }[] } })
        | undefined;
      const conditions = stored?.status?.conditions ?? [];
      if (conditions.some((c) => c.type === "Established" && c.status === "True")) break;
      if (conditions.some((c) => c.type === "NamesAccepted" && c.status === "False"))
        throw new Error(`CRD ${name} names not accepted`);
      if (attempt > 600) throw new Error(`timed out waiting for CRD ${name} to be established`);
      await sleep(500);
    }
    log("CRD (CustomResourceDefinition) is installed and up-to-date", { name });
  }
}
