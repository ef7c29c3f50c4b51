// CustomResourceDefinitions as the apiextensions-apiserver inside kube-apiserver treats them:
// a stored CRD is served only once its controllers have accepted its names (NamesAccepted) and
// established it (Established) — kubernetes/kubernetes staging/src/k8s.io/apiextensions-apiserver
// pkg/controller/status/naming_controller.go and pkg/controller/establish. Until then its
// group/version answers 404 and discovery does not list it. The registry turns Established CRDs
// into served resources (one per served version) with their schema and selectable fields.

import type { Json } from "./object-store.ts";
import { BUILT_IN_RESOURCES, type FakeResource } from "./resources.ts";
import type { Schema } from "./schema/schema.ts";

export interface CrdVersionInfo {
  resource: FakeResource;
  schema: Schema | undefined;
  storage: boolean;
}

interface CrdEntry {
  name: string;
  group: string;
  versions: CrdVersionInfo[];
}

export function crdName(crd: Json): string {
  return String((crd.metadata as Json | undefined)?.name ?? "");
}

interface CrdSpec {
  group?: string;
  scope?: string;
  names?: { kind?: string; plural?: string; singular?: string; shortNames?: string[]; listKind?: string };
  versions?: {
    name?: string;
    served?: boolean;
    storage?: boolean;
    schema?: { openAPIV3Schema?: Schema };
    subresources?: { status?: unknown; scale?: unknown };
    selectableFields?: { jsonPath?: string }[];
  }[];
}

export function specOf(crd: Json): CrdSpec {
  return (crd.spec ?? {}) as CrdSpec;
}

function conditionTrue(crd: Json, type: string): boolean {
  const conditions = ((crd.status as Json | undefined)?.conditions ?? []) as {
    type?: string;
    status?: string;
  }[];
  return conditions.some((condition) => condition.type === type && condition.status === "True");
}

export class CrdRegistry {
  private readonly established = new Map<string, CrdEntry>();
  private readonly builtIns: FakeResource[];
  private readonly extra: FakeResource[] = [];

  /** `builtIns`: the built-in table, extended by a host's own entries (theirs add, ours win). */
  constructor(builtIns: readonly FakeResource[] = []) {
    this.builtIns = [...BUILT_IN_RESOURCES];
    for (const resource of builtIns) {
      const known = this.builtIns.findIndex((r) => same(r, resource));
      if (known < 0) this.builtIns.push(resource);
    }
  }

  /** Built-ins first, then resources a host added, then every served version of every Established CRD. */
  resources(): FakeResource[] {
    const custom = [...this.established.values()].flatMap((entry) => entry.versions.map((v) => v.resource));
    const all = [...this.builtIns];
    for (const resource of [...this.extra, ...custom])
      if (!all.some((known) => same(known, resource))) all.push(resource);
    return all;
  }

  /** A host serves another resource from now on (no-op when served). */
  addExtra(resource: FakeResource): void {
    if (!this.extra.some((known) => same(known, resource))) this.extra.push(resource);
  }

  removeExtra(group: string, plural: string): void {
    for (let index = this.extra.length - 1; index >= 0; index -= 1) {
      const resource = this.extra[index];
      if (resource && resource.group === group && resource.plural === plural) this.extra.splice(index, 1);
    }
  }

  /** The CRD serving `group` + `plural` (any version), if Established. */
  entryFor(group: string, plural: string): CrdEntry | undefined {
    for (const entry of this.established.values()) {
      if (entry.group === group && entry.versions.some((version) => version.resource.plural === plural)) {
        return entry;
      }
    }
    return undefined;
  }

  versionInfo(group: string, plural: string, version: string): CrdVersionInfo | undefined {
    return this.entryFor(group, plural)?.versions.find((info) => info.resource.version === version);
  }

  /** Reflects a stored CRD: served (with its schemas) when Established, else not at all. */
  update(crd: Json): void {
    const name = crdName(crd);
    if (!conditionTrue(crd, "Established") || (crd.metadata as Json | undefined)?.deletionTimestamp) {
      this.established.delete(name);
      return;
    }
    const spec = specOf(crd);
    const group = String(spec.group ?? "");
    const names = spec.names ?? {};
    const versions: CrdVersionInfo[] = (spec.versions ?? [])
      .filter((version) => version.served)
      .map((version) => ({
        resource: {
          group,
          version: String(version.name),
          kind: String(names.kind),
          plural: String(names.plural),
          namespaced: spec.scope === "Namespaced",
          singular: String(names.singular ?? String(names.kind).toLowerCase()),
          ...(names.shortNames ? { shortNames: names.shortNames } : {}),
          subresources: [
            ...(version.subresources?.status !== undefined ? ["status"] : []),
            ...(version.subresources?.scale !== undefined ? ["scale"] : []),
          ],
          fieldSelectors: (version.selectableFields ?? []).map((field) =>
            String(field.jsonPath ?? "").replace(/^\./, ""),
          ),
          crd: name,
          hasStatus: version.subresources?.status !== undefined,
        },
        schema: version.schema?.openAPIV3Schema,
        storage: version.storage === true,
      }));
    this.established.set(name, { name, group, versions });
  }

  remove(name: string): void {
    this.established.delete(name);
  }

  /** A name another CRD (or a built-in) already serves in the group: the naming controller's conflict. */
  conflictFor(crd: Json): string | undefined {
    const spec = specOf(crd);
    const group = String(spec.group ?? "");
    const plural = spec.names?.plural;
    const kind = spec.names?.kind;
    for (const resource of this.resources()) {
      if (resource.group !== group || resource.crd === crdName(crd)) continue;
      if (resource.plural === plural) return `"${plural}" is already in use`;
      if (resource.kind === kind) return `"${kind}" is already in use`;
    }
    return undefined;
  }
}

/**
 * The status the naming and establishing controllers write: acceptedNames = spec.names, and the
 * conditions NamesAccepted (NoConflicts / NameConflict) and Established (InitialNamesAccepted).
 */
export function acceptedStatus(crd: Json, conflict: string | undefined, now: string): Json {
  const spec = specOf(crd);
  const previous = (crd.status ?? {}) as Json;
  const storedVersions = new Set<string>((previous.storedVersions as string[] | undefined) ?? []);
  for (const version of spec.versions ?? []) if (version.storage) storedVersions.add(String(version.name));
  const transition = (type: string, status: string) => {
    const old = ((previous.conditions ?? []) as Json[]).find((condition) => condition.type === type);
    return old && old.status === status ? String(old.lastTransitionTime) : now;
  };
  const names = { ...spec.names, listKind: spec.names?.listKind ?? `${spec.names?.kind}List` };
  if (conflict) {
    return {
      acceptedNames: previous.acceptedNames ?? { kind: "", plural: "" },
      conditions: [
        {
          type: "NamesAccepted",
          status: "False",
          lastTransitionTime: transition("NamesAccepted", "False"),
          reason: "NameConflict",
          message: conflict,
        },
        {
          type: "Established",
          status: "False",
          lastTransitionTime: transition("Established", "False"),
          reason: "NotAccepted",
          message: "not all names are accepted",
        },
      ],
      storedVersions: [...storedVersions],
    };
  }
  return {
    acceptedNames: names,
    conditions: [
      {
        type: "NamesAccepted",
        status: "True",
        lastTransitionTime: transition("NamesAccepted", "True"),
        reason: "NoConflicts",
        message: "no conflicts found",
      },
      {
        type: "Established",
        status: "True",
        lastTransitionTime: transition("Established", "True"),
        reason: "InitialNamesAccepted",
        message: "the initial names have been accepted",
      },
    ],
    storedVersions: [...storedVersions],
  };
}

function same(a: FakeResource, b: FakeResource): boolean {
  return a.group === b.group && a.version === b.version && a.plural === b.plural;
}
