// An in-memory KubeObjects for the double's controller loops: objects keyed by kind/namespace/name,
// resourceVersions from one counter, optimistic concurrency on update, status writes that touch
// only status, JSON merge patches, JSON patches of /status, and watches that stream every change
// after the list's resourceVersion. Not a Kubernetes (no defaulting, no validation) — the API
// server double is tested on its own; this only drives the controllers' loops deterministically.

import type {
  JsonPatchOp,
  KubeObjects,
  ListQuery,
  Obj,
  ObjectList,
  ObjectRef,
  WatchEvent,
} from "../../../rehearsal/k8s/kube-objects.ts";
import { KubeApiError } from "../../../rehearsal/k8s/kube-rest-client.ts";

interface Change {
  rv: number;
  type: "ADDED" | "MODIFIED" | "DELETED";
  object: Obj;
}

export class MemoryObjects implements KubeObjects {
  readonly objects = new Map<string, Obj>();
  readonly changes: Change[] = [];
  readonly writes: { verb: string; key: string }[] = [];
  #rv = 1;
  #uid = 0;
  readonly #watchers = new Set<{ query: ListQuery; onEvent: (event: WatchEvent) => void }>();

  static key(ref: {
    apiVersion?: string;
    kind?: string;
    namespace?: string | undefined;
    name: string;
  }): string {
    return `${ref.kind}/${ref.namespace ?? ""}/${ref.name}`;
  }

  seed(...objects: Obj[]): void {
    for (const object of objects) this.#store(structuredClone(object), "ADDED");
  }

  #store(object: Obj, type: Change["type"]): Obj {
    this.#rv += 1;
    object.metadata.resourceVersion = String(this.#rv);
    object.metadata.uid ??= `uid-${++this.#uid}`;
    object.metadata.generation ??= 1;
    const key = MemoryObjects.key({ ...object, ...object.metadata });
    if (type === "DELETED") this.objects.delete(key);
    else this.objects.set(key, object);
    const change = { rv: this.#rv, type, object: structuredClone(object) };
    this.changes.push(change);
    for (const watcher of this.#watchers)
      if (matches(watcher.query, object)) watcher.onEvent({ type, object: structuredClone(object) });
    return structuredClone(object);
  }

  async get(ref: ObjectRef): Promise<Obj | undefined> {
    const object = this.objects.get(MemoryObjects.key(ref));
    return object ? structuredClone(object) : undefined;
  }

  async list(query: ListQuery): Promise<ObjectList> {
    return {
      items: [...this.objects.values()].filter((o) => matches(query, o)).map((o) => structuredClone(o)),
      resourceVersion: String(this.#rv),
    };
  }

  async create(object: Obj): Promise<Obj> {
    const key = MemoryObjects.key({ ...object, ...object.metadata });
    this.writes.push({ verb: "create", key });
    if (this.objects.has(key))
      throw new KubeApiError(409, "AlreadyExists", `${object.kind} "${object.metadata.name}" already exists`);
    return this.#store(structuredClone(object), "ADDED");
  }

  async apply(object: Obj): Promise<Obj> {
    const key = MemoryObjects.key({ ...object, ...object.metadata });
    const existing = this.objects.get(key);
    return this.#store(
      { ...structuredClone(existing ?? {}), ...structuredClone(object) } as Obj,
      existing ? "MODIFIED" : "ADDED",
    );
  }

  #existing(object: {
    kind?: string;
    metadata: { name: string; namespace?: string; resourceVersion?: string };
  }): Obj {
    const key = MemoryObjects.key({ ...object, ...object.metadata });
    const existing = this.objects.get(key);
    if (!existing)
      throw new KubeApiError(404, "NotFound", `${object.kind} "${object.metadata.name}" not found`);
    if (
      object.metadata.resourceVersion &&
      object.metadata.resourceVersion !== existing.metadata.resourceVersion
    ) {
      throw new KubeApiError(
        409,
        "Conflict",
        `Operation cannot be fulfilled on ${object.kind} "${object.metadata.name}": the object has been modified`,
      );
    }
    return existing;
  }

  async update(object: Obj): Promise<Obj> {
    this.writes.push({ verb: "update", key: MemoryObjects.key({ ...object, ...object.metadata }) });
    const existing = this.#existing(object);
    const next = structuredClone(object);
    next.metadata = {
      ...next.metadata,
      uid: existing.metadata.uid,
      generation:
        (existing.metadata.generation ?? 1) +
        (JSON.stringify(object.spec) === JSON.stringify(existing.spec) ? 0 : 1),
    };
    if ("status" in existing) next.status = existing.status;
    return this.#store(next, "MODIFIED");
  }

  async updateStatus(object: Obj): Promise<Obj> {
    this.writes.push({ verb: "updateStatus", key: MemoryObjects.key({ ...object, ...object.metadata }) });
    const existing = this.#existing(object);
    return this.#store({ ...structuredClone(existing), status: structuredClone(object.status) }, "MODIFIED");
  }

  async patchStatus(ref: ObjectRef, ops: JsonPatchOp[]): Promise<Obj> {
    this.writes.push({ verb: "patchStatus", key: MemoryObjects.key(ref) });
    const existing = this.#existing({
      ...ref,
      metadata: { name: ref.name, ...(ref.namespace ? { namespace: ref.namespace } : {}) },
    });
    const next = structuredClone(existing);
    for (const op of ops) {
      if (op.path !== "/status" || op.op !== "replace")
        throw new Error(`unsupported patch ${op.op} ${op.path}`);
      next.status = structuredClone(op.value);
    }
    return this.#store(next, "MODIFIED");
  }

  async mergePatch(ref: ObjectRef, patch: Record<string, unknown>): Promise<Obj> {
    this.writes.push({ verb: "mergePatch", key: MemoryObjects.key(ref) });
    const existing = this.#existing({
      ...ref,
      metadata: { name: ref.name, ...(ref.namespace ? { namespace: ref.namespace } : {}) },
    });
    return this.#store(mergePatch(existing, patch) as Obj, "MODIFIED");
  }

  async delete(ref: ObjectRef): Promise<boolean> {
    const existing = this.objects.get(MemoryObjects.key(ref));
    if (!existing) return false;
    this.writes.push({ verb: "delete", key: MemoryObjects.key(ref) });
    this.#store(structuredClone(existing), "DELETED");
    return true;
  }

  watch(
    query: ListQuery,
    resourceVersion: string,
    onEvent: (event: WatchEvent) => void,
    signal?: AbortSignal,
  ): Promise<void> {
    for (const change of this.changes)
      if (change.rv > Number(resourceVersion) && matches(query, change.object))
        onEvent({ type: change.type, object: structuredClone(change.object) });
    const watcher = { query, onEvent };
    this.#watchers.add(watcher);
    return new Promise((resolve) => {
      const end = () => {
        this.#watchers.delete(watcher);
        resolve();
      };
      if (signal?.aborted) end();
      signal?.addEventListener("abort", end, { once: true });
    });
  }
}

function matches(query: ListQuery, object: Obj): boolean {
  return (
    object.kind === query.kind &&
    (query.namespace === undefined || object.metadata.namespace === query.namespace)
  );
}

function mergePatch(target: unknown, patch: unknown): unknown {
  if (!patch || typeof patch !== "object" || Array.isArray(patch)) return structuredClone(patch);
  const out: Record<string, unknown> =
    target && typeof target === "object" && !Array.isArray(target)
      ? structuredClone(target as Record<string, unknown>)
      : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}

/** Waits until `check` holds, turning the event loop (for controller loops in tests). */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 3000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
