// Object-level calls (get, list, create, server-side apply, update, status writes, delete, watch)
// on top of the wire, named by apiVersion/kind/namespace/name. Controllers depend on the
// `KubeObjects` interface, so their loops can be driven by an in-memory store in tests.

import { KubeApiError, type KubeRest, type WatchEvent } from "./kube-rest.ts";
import { resourcePath } from "./resource-table.ts";

export type Obj = Record<string, unknown> & {
  apiVersion?: string;
  kind?: string;
  metadata: Metadata;
};

export interface Metadata {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: Record<string, unknown>[];
  finalizers?: string[];
  [key: string]: unknown;
}

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
  readonly rest: KubeRest;

  constructor(rest: KubeRest) {
    this.rest = rest;
  }

  async get(ref: ObjectRef): Promise<Obj | undefined> {
    try {
      return withKind(await this.rest.request<Obj>("GET", pathOf(ref)), ref.apiVersion, ref.kind);
    } catch (error) {
      if (error instanceof KubeApiError && error.status === 404) return undefined;
      throw error;
    }
  }

  async list(query: ListQuery): Promise<ObjectList> {
    const body = await this.rest.request<{ items?: Obj[]; metadata?: { resourceVersion?: string } }>(
      "GET",
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
    return withKind(
      await this.rest.request<Obj>(
        "POST",
        resourcePath(apiVersion, kind, { namespace: object.metadata.namespace }),
        { body: object, query: { fieldManager } },
      ),
      apiVersion,
      kind,
    );
  }

  async apply(object: Obj, fieldManager: string, force = true): Promise<Obj> {
    const { apiVersion, kind } = kindOf(object);
    return withKind(
      await this.rest.request<Obj>(
        "PATCH",
        pathOf({ apiVersion, kind, name: object.metadata.name, namespace: object.metadata.namespace }),
        {
          body: object,
          contentType: "application/apply-patch+yaml",
          query: { fieldManager, force },
        },
      ),
      apiVersion,
      kind,
    );
  }

  async update(object: Obj): Promise<Obj> {
    const { apiVersion, kind } = kindOf(object);
    return withKind(
      await this.rest.request<Obj>(
        "PUT",
        pathOf({ apiVersion, kind, name: object.metadata.name, namespace: object.metadata.namespace }),
        {
          body: object,
        },
      ),
      apiVersion,
      kind,
    );
  }

  async updateStatus(object: Obj): Promise<Obj> {
    const { apiVersion, kind } = kindOf(object);
    return withKind(
      await this.rest.request<Obj>(
        "PUT",
        resourcePath(apiVersion, kind, {
          namespace: object.metadata.namespace,
          name: object.metadata.name,
          subresource: "status",
        }),
        { body: object },
      ),
      apiVersion,
      kind,
    );
  }

  async patchStatus(ref: ObjectRef, ops: JsonPatchOp[], fieldManager: string): Promise<Obj> {
    return withKind(
      await this.rest.request<Obj>(
        "PATCH",
        resourcePath(ref.apiVersion, ref.kind, {
          namespace: ref.namespace,
          name: ref.name,
          subresource: "status",
        }),
        { body: ops, contentType: "application/json-patch+json", query: { fieldManager } },
      ),
      ref.apiVersion,
      ref.kind,
    );
  }

  async mergePatch(ref: ObjectRef, patch: Record<string, unknown>): Promise<Obj> {
    return withKind(
      await this.rest.request<Obj>("PATCH", pathOf(ref), {
        body: patch,
        contentType: "application/merge-patch+json",
      }),
      ref.apiVersion,
      ref.kind,
    );
  }

  async delete(
    ref: ObjectRef,
    options: { propagationPolicy?: "Foreground" | "Background" | "Orphan" } = {},
  ): Promise<boolean> {
    try {
      await this.rest.request("DELETE", pathOf(ref), {
        ...(options.propagationPolicy
          ? {
              body: { kind: "DeleteOptions", apiVersion: "v1", propagationPolicy: options.propagationPolicy },
            }
          : {}),
      });
      return true;
    } catch (error) {
      if (error instanceof KubeApiError && error.status === 404) return false;
      throw error;
    }
  }

  watch(
    query: ListQuery,
    resourceVersion: string,
    onEvent: (event: WatchEvent) => void,
    signal?: AbortSignal,
  ): Promise<void> {
    return this.rest.watch(
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
          withKind(event.object as Obj, query.apiVersion, query.kind);
        onEvent(event);
      },
      signal,
    );
  }
}

function pathOf(ref: ObjectRef): string {
  return resourcePath(ref.apiVersion, ref.kind, { namespace: ref.namespace, name: ref.name });
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
