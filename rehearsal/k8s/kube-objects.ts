// Object-level calls (get, list, create, server-side apply, update, status writes, delete, watch)
// on top of the wire, named by apiVersion/kind/namespace/name. Controllers depend on the
// `KubeObjects` interface, so their loops can be driven by an in-memory store in tests.

import {
  isNotFound,
  type KubeObject,
  type KubeRestClient,
  type WatchEvent as TypedWatchEvent,
} from "./kube-rest-client.ts";
import { kindPath as resourcePath } from "./resource-path.ts";

/** An object as JSON on the wire, named by apiVersion/kind/metadata. */
export type Obj = KubeObject;
export type { KubeMetadata as Metadata } from "./kube-rest-client.ts";

export type WatchEvent = TypedWatchEvent<Obj>;

export interface ObjectRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string | undefined;
}

export interface ListQuery {
  apiVersion: string;
  kind: string;
  namespace?: string | undefined;
  labelSelector?: string | undefined;
  fieldSelector?: string | undefined;
}

export interface ObjectList {
  items: Obj[];
  resourceVersion: string;
}

export interface JsonPatchOp {
  op: "add" | "replace" | "remove" | "test";
  path: string;
  value?: unknown;
}

export interface KubeObjects {
  get(ref: ObjectRef): Promise<Obj | undefined>;
  list(query: ListQuery): Promise<ObjectList>;
  create(object: Obj, fieldManager?: string): Promise<Obj>;
  /** Server-side apply (`application/apply-patch+yaml` with a JSON body, which is YAML). */
  apply(object: Obj, fieldManager: string, force?: boolean): Promise<Obj>;
  /** PUT of the whole object (optimistic concurrency through metadata.resourceVersion). */
  update(object: Obj): Promise<Obj>;
  /** PUT of the status subresource (controller-runtime's Status().Update). */
  updateStatus(object: Obj): Promise<Obj>;
  /** JSON patch of the status subresource (what LB-IPAM sends: `replace /status`). */
  patchStatus(ref: ObjectRef, ops: JsonPatchOp[], fieldManager: string): Promise<Obj>;
  mergePatch(ref: ObjectRef, patch: Record<string, unknown>): Promise<Obj>;
  /** Resolves false when the object was already gone. */
  delete(
    ref: ObjectRef,
    options?: { propagationPolicy?: "Foreground" | "Background" | "Orphan" },
  ): Promise<boolean>;
  /** One watch connection from `resourceVersion`; resolves when it ends. */
  watch(
    query: ListQuery,
    resourceVersion: string,
    onEvent: (event: WatchEvent) => void,
    signal?: AbortSignal,
  ): Promise<void>;
}

export class RestKubeObjects implements KubeObjects {
  readonly client: KubeRestClient;

  constructor(client: KubeRestClient) {
    this.client = client;
  }

  async get(ref: ObjectRef): Promise<Obj | undefined> {
    const found = await this.client.get<Obj>(pathOf(ref));
    return found && withKind(found, ref.apiVersion, ref.kind);
  }

  async list(query: ListQuery): Promise<ObjectList> {
    const body = await this.client.list<Obj>(
      resourcePath(query.apiVersion, query.kind, { namespace: query.namespace }),
      { query: { labelSelector: query.labelSelector, fieldSelector: query.fieldSelector } },
    );
    return {
      // List items of built-in groups carry no apiVersion/kind on the wire.
      items: (body.items ?? []).map((item) => withKind(item, query.apiVersion, query.kind)),
      resourceVersion: body.metadata?.resourceVersion ?? "",
    };
  }

  async create(object: Obj, fieldManager?: string): Promise<Obj> {
    const { apiVersion, kind } = kindOf(object);
    const path = resourcePath(apiVersion, kind, { namespace: object.metadata.namespace });
    return withKind(
      await this.client.create<Obj>(path, object, { query: { fieldManager } }),
      apiVersion,
      kind,
    );
  }

  async apply(object: Obj, fieldManager: string, force = true): Promise<Obj> {
    const { apiVersion, kind } = kindOf(object);
    const path = pathOf(refOf(object));
    const applied = await this.client.patch<Obj>(path, object, "application/apply-patch+yaml", {
      query: { fieldManager, force },
    });
    return withKind(applied, apiVersion, kind);
  }

  async update(object: Obj): Promise<Obj> {
    const { apiVersion, kind } = kindOf(object);
    const path = pathOf(refOf(object));
    return withKind(await this.client.replace<Obj>(path, object), apiVersion, kind);
  }

  async updateStatus(object: Obj): Promise<Obj> {
    const { apiVersion, kind } = kindOf(object);
    const path = pathOf(refOf(object), "status");
    return withKind(await this.client.replace<Obj>(path, object), apiVersion, kind);
  }

  async patchStatus(ref: ObjectRef, ops: JsonPatchOp[], fieldManager: string): Promise<Obj> {
    const path = pathOf(ref, "status");
    const patched = await this.client.patch<Obj>(path, ops, "application/json-patch+json", {
      query: { fieldManager },
    });
    return withKind(patched, ref.apiVersion, ref.kind);
  }

  async mergePatch(ref: ObjectRef, patch: Record<string, unknown>): Promise<Obj> {
    const patched = await this.client.patch<Obj>(pathOf(ref), patch, "application/merge-patch+json");
    return withKind(patched, ref.apiVersion, ref.kind);
  }

  async delete(
    ref: ObjectRef,
    options: { propagationPolicy?: "Foreground" | "Background" | "Orphan" } = {},
  ): Promise<boolean> {
    try {
      await this.client.delete(
        pathOf(ref),
        options.propagationPolicy
          ? {
              body: { kind: "DeleteOptions", apiVersion: "v1", propagationPolicy: options.propagationPolicy },
            }
          : {},
      );
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  watch(
    query: ListQuery,
    resourceVersion: string,
    onEvent: (event: WatchEvent) => void,
    signal?: AbortSignal,
  ): Promise<void> {
    return this.client.watch<Obj>(
      resourcePath(query.apiVersion, query.kind, { namespace: query.namespace }),
      {
        resourceVersion,
        allowWatchBookmarks: true,
        timeoutSeconds: 25,
        labelSelector: query.labelSelector,
        fieldSelector: query.fieldSelector,
      },
      (event) => {
        if (event.type !== "ERROR" && event.type !== "BOOKMARK")
          withKind(event.object, query.apiVersion, query.kind);
        onEvent(event);
      },
      signal,
    );
  }
}

function pathOf(ref: ObjectRef, subresource?: string): string {
  return resourcePath(ref.apiVersion, ref.kind, { namespace: ref.namespace, name: ref.name, subresource });
}

function kindOf(object: Obj): { apiVersion: string; kind: string } {
  if (!object.apiVersion || !object.kind)
    throw new Error(`object ${object.metadata?.name} has no apiVersion/kind`);
  return { apiVersion: object.apiVersion, kind: object.kind };
}

function withKind(object: Obj, apiVersion: string, kind: string): Obj {
  object.apiVersion ??= apiVersion;
  object.kind ??= kind;
  return object;
}

/** The reference of an object as it stands (an object without apiVersion/kind names neither). */
export function refOf(object: Obj): ObjectRef {
  return {
    apiVersion: object.apiVersion ?? "",
    kind: object.kind ?? "",
    namespace: object.metadata.namespace,
    name: object.metadata.name,
  };
}

/** `ns/name` or `name`: the key controllers and informers index objects by. */
export function keyOf(object: { metadata: { name: string; namespace?: string | undefined } }): string {
  return object.metadata.namespace
    ? `${object.metadata.namespace}/${object.metadata.name}`
    : object.metadata.name;
}
