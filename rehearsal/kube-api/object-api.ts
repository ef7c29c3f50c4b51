// The API server's object semantics, transport aside: create, server-side apply, update, merge
// patch, status writes and reads of stored objects, in kube-apiserver's order — decode, field
// validation of unknown fields, admission (namespace lifecycle), defaulting, validation (422 with
// causes), field ownership (managedFields), generation, resourceVersion. Deletion: deletion.ts.

import { parse as parseYaml } from "yaml";
import type { ApiExtensions } from "./api-extensions.ts";
import {
  applyBuiltInDefaults,
  builtInErrors,
  hasGeneration,
  initialStatus,
} from "./builtins/builtin-kinds.ts";
import type { ServiceAllocator } from "./builtins/service-allocation.ts";
import { type CrdRegistry, crdName } from "./crd-registry.ts";
import { generatedName } from "./deletion.ts";
import { type FakeObjectStore, type Json, metadataOf, type ObjectKey } from "./object-store.ts";
import { dropFields, resourceType, unknownFields } from "./object-types.ts";
import { type FakeResource, groupVersionOf, splitApiVersion } from "./resources.ts";
import { evaluateRules } from "./schema/cel-rules.ts";
import { validateCrd } from "./schema/crd-validation.ts";
import { applyDefaults, prune } from "./schema/prune-and-default.ts";
import { type FieldError, isObject, type Schema } from "./schema/schema.ts";
import { validateValue } from "./schema/validate.ts";
import { apply, type ManagedEntry, trackUpdate, type WriteContext } from "./ssa/managed-fields.ts";
import { qualifiedResource, StatusError } from "./status.ts";
import { formatTime, normalizeTimes, TimeDecodeError } from "./time-format.ts";
import { annotationErrors, labelErrors, nameErrors, nameRuleFor } from "./validation/object-meta.ts";

export interface WriteRequest {
  resource: FakeResource;
  namespace: string | undefined;
  name?: string;
  body: string;
  query: URLSearchParams;
  /** The user agent's first word: the field manager of writes that name none. */
  userAgent?: string;
}

export interface WriteOutcome {
  status: number;
  object: Json;
  warnings: string[];
}

export interface ObjectApiDeps {
  store: FakeObjectStore;
  crds: CrdRegistry;
  services: ServiceAllocator;
  now: () => Date;
  nextUid: () => string;
  /** A host's admission (api-extensions.ts), after defaulting and before validation. */
  extensions?: ApiExtensions;
}

export class ObjectApi {
  private readonly deps: ObjectApiDeps;

  constructor(deps: ObjectApiDeps) {
    this.deps = deps;
  }

  key(resource: FakeResource, namespace: string | undefined, name: string): ObjectKey {
    return {
      group: resource.group,
      plural: resource.plural,
      namespace: resource.namespaced ? namespace : undefined,
      name,
    };
  }

  get(resource: FakeResource, namespace: string | undefined, name: string): Json {
    const object = this.deps.store.get(this.key(resource, namespace, name));
    if (!object) throw notFound(resource, name);
    return object;
  }

  // ---- create (POST) -----------------------------------------------------------------------

  create(request: WriteRequest): WriteOutcome {
    const { resource, namespace } = request;
    const object = decode(request.body, resource);
    checkTypeMeta(object, resource, "create");
    const meta = metadataOf(object);
    if (meta.name === undefined && typeof meta.generateName === "string") {
      meta.name = generatedName(meta.generateName);
    }
    checkNamespace(meta, resource, namespace);
    const name = String(meta.name ?? "");
    const key = this.key(resource, namespace, name);
    this.admitCreate(resource, namespace, name);
    if (this.deps.store.get(key)) throw alreadyExists(resource, name);
    const warnings = this.fieldValidation(object, resource, request.query, "create");
    const manager = request.query.get("fieldManager") ?? managerFrom(request.userAgent);
    const type = resourceType(resource, this.deps.crds).type;
    normalizeOrFail(object, type, resource);
    const created = this.prepareCreate(object, resource, namespace);
    metadataOf(created).managedFields = trackUpdate(
      undefined,
      created,
      this.context(resource, manager, type, undefined),
    );
    return { status: 201, object: this.deps.store.write(key, created), warnings };
  }

  // ---- server-side apply (PATCH application/apply-patch+yaml) -------------------------------

  apply(request: WriteRequest & { name: string }, subresource?: "status"): WriteOutcome {
    const { resource, namespace, name, query } = request;
    const manager = query.get("fieldManager");
    if (!manager) {
      throw new StatusError(
        422,
        "Invalid",
        'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
        {
          group: "meta.k8s.io",
          kind: "PatchOptions",
          causes: [
            {
              reason: "FieldValueRequired",
              message: "Required value: is required for apply patch",
              field: "fieldManager",
            },
          ],
        },
      );
    }
    const force = query.get("force") === "true";
    let applied: Json;
    try {
      applied = parseYaml(request.body) as Json;
    } catch (error) {
      throw new StatusError(400, "BadRequest", `error decoding patch: ${(error as Error).message}`);
    }
    if (!isObject(applied)) throw new StatusError(400, "BadRequest", "error decoding patch: not an object");
    const expected = groupVersionOf(resource);
    // fieldmanager/internal/structuredmerge.go Apply: the applied configuration's version must be the URL's.
    if (applied.apiVersion !== expected) {
      throw new StatusError(
        400,
        "BadRequest",
        `Incorrect version specified in apply patch. Specified patch version: ${String(applied.apiVersion ?? "")}, expected: ${expected}`,
      );
    }
    if (applied.kind !== resource.kind) {
      throw new StatusError(
        400,
        "BadRequest",
        `the kind in the apply patch (${String(applied.kind)}) does not match the URL (${resource.kind})`,
      );
    }
    const meta = metadataOf(applied);
    if (meta.managedFields !== undefined)
      throw new StatusError(400, "BadRequest", "metadata.managedFields must be nil");
    if (meta.name !== undefined && meta.name !== name) {
      throw new StatusError(
        400,
        "BadRequest",
        `the name of the object (${String(meta.name)}) does not match the name on the URL (${name})`,
      );
    }
    checkNamespace(meta, resource, namespace);
    const { type } = resourceType(resource, this.deps.crds);
    const unknown = unknownFields(applied, type);
    if (unknown.length > 0) {
      // Not a Status error in kube-apiserver: a plain error, answered 500 with reason "" (Unknown).
      const where = `${resource.namespaced ? `${namespace}/` : "/"}${name}; ${resource.group}/${resource.version}, Kind=${resource.kind}`;
      throw new StatusError(
        500,
        "",
        `failed to create typed patch object (${where}): ${unknown.map((path) => `${path}: field not declared in schema`).join("\n")}`,
      );
    }
    normalizeOrFail(applied, type, resource);
    const key = this.key(resource, namespace, name);
    const live = this.deps.store.get(key);
    if (!live && subresource) throw notFound(resource, name);
    // A resourceVersion in the applied configuration is a precondition, as on any update.
    if (
      meta.resourceVersion !== undefined &&
      meta.resourceVersion !== (live ? metadataOf(live).resourceVersion : undefined)
    ) {
      throw live ? modified(resource, name) : notFound(resource, name);
    }
    delete meta.resourceVersion;
    if (!live) this.admitCreate(resource, namespace, name);
    const ignoreTop =
      subresource === "status"
        ? nonStatusFields(applied)
        : resource.hasStatus || hasStatusSubresource(resource)
          ? ["status"]
          : [];
    const context = { ...this.context(resource, manager, type, subresource), ignoreTop };
    const result = apply(live, applied, force, context);
    if ("conflicts" in result) throw applyConflict(result.conflicts);
    let object = result.object;
    metadataOf(object).name = name;
    if (resource.namespaced) metadataOf(object).namespace = namespace;
    if (!live) {
      object = this.prepareCreate(object, resource, namespace);
      metadataOf(object).managedFields = result.entries;
      return { status: 201, object: this.deps.store.write(key, object), warnings: [] };
    }
    if (subresource !== "status" && live.status !== undefined && ignoreTop.includes("status"))
      object.status = live.status;
    if (!result.changed) return { status: 200, object: live, warnings: [] };
    return this.finishUpdate(resource, key, live, object, result.entries);
  }

  // ---- update (PUT), merge patch --------------------------------------------------------------

  update(request: WriteRequest & { name: string }, subresource?: "status"): WriteOutcome {
    const { resource, namespace, name } = request;
    const object = decode(request.body, resource);
    checkTypeMeta(object, resource, "update");
    const meta = metadataOf(object);
    if (meta.name !== undefined && meta.name !== name) {
      throw new StatusError(
        400,
        "BadRequest",
        `the name of the object (${String(meta.name)}) does not match the name on the URL (${name})`,
      );
    }
    checkNamespace(meta, resource, namespace);
    const key = this.key(resource, namespace, name);
    const live = this.deps.store.get(key);
    if (!live) throw notFound(resource, name);
    const wanted = meta.resourceVersion;
    if (wanted !== undefined && wanted !== metadataOf(live).resourceVersion) throw modified(resource, name);
    return this.replaceWith(request, live, object, subresource);
  }

  mergePatch(request: WriteRequest & { name: string }, subresource?: "status"): WriteOutcome {
    const { resource, namespace, name } = request;
    const live = this.deps.store.get(this.key(resource, namespace, name));
    if (!live) throw notFound(resource, name);
    let patch: unknown;
    try {
      patch = JSON.parse(request.body);
    } catch (error) {
      throw new StatusError(400, "BadRequest", `error decoding patch: ${(error as Error).message}`);
    }
    const patched = mergePatch(live, patch) as Json;
    const wanted = metadataOf(patched).resourceVersion;
    if (wanted !== metadataOf(live).resourceVersion) throw modified(resource, name);
    return this.replaceWith(request, live, patched, subresource);
  }

  private replaceWith(
    request: WriteRequest & { name: string },
    live: Json,
    incoming: Json,
    subresource?: "status",
  ): WriteOutcome {
    const { resource, namespace, name } = request;
    const warnings = this.fieldValidation(incoming, resource, request.query, "update");
    const { type } = resourceType(resource, this.deps.crds);
    normalizeOrFail(incoming, type, resource);
    let next: Json;
    if (subresource === "status") {
      next = structuredClone(live);
      next.status = incoming.status;
    } else {
      next = incoming;
      const meta = metadataOf(next);
      const liveMeta = metadataOf(live);
      meta.uid = liveMeta.uid;
      meta.creationTimestamp = liveMeta.creationTimestamp;
      meta.name = name;
      if (resource.namespaced) meta.namespace = namespace;
      if (liveMeta.deletionTimestamp !== undefined) meta.deletionTimestamp = liveMeta.deletionTimestamp;
      if (hasStatusSubresource(resource)) {
        if (live.status === undefined) delete next.status;
        else next.status = live.status;
      }
    }
    delete metadataOf(next).managedFields;
    const manager = request.query.get("fieldManager") ?? managerFrom(request.userAgent);
    const ignoreTop =
      subresource === "status" ? nonStatusFields(next) : hasStatusSubresource(resource) ? ["status"] : [];
    const entries = trackUpdate(live, next, {
      ...this.context(resource, manager, type, subresource),
      ignoreTop,
    });
    const outcome = this.finishUpdate(resource, this.key(resource, namespace, name), live, next, entries);
    return { ...outcome, warnings };
  }

  /** Defaults, validation, generation, then the write (or the deletion a last finalizer releases). */
  private finishUpdate(
    resource: FakeResource,
    key: ObjectKey,
    live: Json,
    next: Json,
    entries: ManagedEntry[],
  ): WriteOutcome {
    this.defaultAndValidate(next, resource, live);
    const meta = metadataOf(next);
    const liveMeta = metadataOf(live);
    const finalizers = (meta.finalizers ?? []) as string[];
    if (liveMeta.deletionTimestamp !== undefined) {
      const added = finalizers.filter(
        (finalizer) => !((liveMeta.finalizers ?? []) as string[]).includes(finalizer),
      );
      if (added.length > 0) {
        throw invalid(resource, String(meta.name), [
          {
            field: "metadata.finalizers",
            reason: "FieldValueForbidden",
            message:
              "metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted",
          },
        ]);
      }
    }
    meta.generation = liveMeta.generation;
    if (generationTracked(resource) && changedOutside(live, next, resource)) {
      meta.generation = Number(liveMeta.generation ?? 1) + 1;
    }
    if (meta.generation === undefined) delete meta.generation;
    meta.managedFields = entries.map(toWire);
    if (resource.group === "" && resource.kind === "Service") {
      const errors = this.deps.services.allocate(next, live);
      if (errors.length > 0) throw invalid(resource, String(meta.name), errors);
    }
    const namespaceHeld =
      resource.group === "" &&
      resource.kind === "Namespace" &&
      ((next.spec as Json | undefined)?.finalizers as unknown[] | undefined)?.length;
    const graceful = Number(meta.deletionGracePeriodSeconds ?? 0) > 0;
    if (liveMeta.deletionTimestamp !== undefined && finalizers.length === 0 && !namespaceHeld && !graceful) {
      // The last finalizer is gone: the store's update deletes the object (ShouldDeleteDuringUpdate).
      this.deps.store.remove(key);
      this.deps.extensions?.removed?.(resource, next);
      return { status: 200, object: next, warnings: [] };
    }
    if (sameObject(live, next)) return { status: 200, object: live, warnings: [] };
    return { status: 200, object: this.deps.store.write(key, next), warnings: [] };
  }

  // ---- direct writes (a controller of the test, or the rehearsal's own controllers) -----------

  /** Stores an object as a controller's update would (defaults, validation, ownership by `manager`). */
  put(resource: FakeResource, object: Json, manager = "test-controller"): Json {
    const meta = metadataOf(object);
    const namespace = resource.namespaced ? String(meta.namespace ?? "default") : undefined;
    const key = this.key(resource, namespace, String(meta.name));
    const live = this.deps.store.get(key);
    const copy = structuredClone(object);
    copy.apiVersion = groupVersionOf(resource);
    copy.kind = resource.kind;
    const { type } = resourceType(resource, this.deps.crds);
    normalizeOrFail(copy, type, resource);
    const given = metadataOf(copy).managedFields;
    if (!live) {
      this.admitCreate(resource, namespace, String(meta.name));
      const status = copy.status;
      const created = this.prepareCreate(copy, resource, namespace, { keepStatus: true, keepMeta: true });
      if (status !== undefined) created.status = status;
      created.metadata = { ...metadataOf(created) };
      metadataOf(created).managedFields = managedFor(
        given,
        created,
        this.context(resource, manager, type, undefined),
      );
      if (resource.group === "" && resource.kind === "Service") this.deps.services.reserve(created);
      return this.deps.store.write(key, created);
    }
    const next = copy;
    const nextMeta = metadataOf(next);
    const liveMeta = metadataOf(live);
    nextMeta.uid ??= liveMeta.uid;
    nextMeta.creationTimestamp ??= liveMeta.creationTimestamp;
    if (resource.namespaced) nextMeta.namespace = namespace;
    this.defaultAndValidate(next, resource, live);
    if (nextMeta.generation === undefined && generationTracked(resource)) {
      nextMeta.generation = changedOutside(live, next, resource)
        ? Number(liveMeta.generation ?? 1) + 1
        : liveMeta.generation;
    }
    // Managed fields as the caller states them, or (unchanged from the live object) as this write makes them.
    const stated = given !== undefined && JSON.stringify(given) !== JSON.stringify(liveMeta.managedFields);
    delete nextMeta.managedFields;
    nextMeta.managedFields = stated
      ? managedFor(given, next, this.context(resource, manager, type, undefined))
      : trackUpdate(live, next, this.context(resource, manager, type, undefined)).map(toWire);
    if (resource.group === "" && resource.kind === "Service") this.deps.services.reserve(next);
    return this.deps.store.write(key, next);
  }

  // ---- shared steps ---------------------------------------------------------------------------

  private context(
    resource: FakeResource,
    manager: string,
    type: WriteContext["type"],
    subresource: string | undefined,
  ): WriteContext {
    return {
      manager,
      apiVersion: groupVersionOf(resource),
      type,
      now: formatTime(this.deps.now()),
      ...(subresource ? { subresource } : {}),
      ignoreTop: hasStatusSubresource(resource) ? ["status"] : [],
    };
  }

  /** Namespace lifecycle admission (plugin/pkg/admission/namespace/lifecycle) for creates. */
  admitCreate(resource: FakeResource, namespace: string | undefined, name: string): void {
    if (!resource.namespaced || namespace === undefined) return;
    const ns = this.deps.store.get({
      group: "",
      plural: "namespaces",
      namespace: undefined,
      name: namespace,
    });
    if (!ns) {
      throw new StatusError(404, "NotFound", `namespaces "${namespace}" not found`, {
        name: namespace,
        kind: "namespaces",
      });
    }
    if (
      metadataOf(ns).deletionTimestamp !== undefined ||
      (ns.status as Json | undefined)?.phase === "Terminating"
    ) {
      throw new StatusError(
        403,
        "Forbidden",
        `${qualifiedResource(resource.plural, resource.group)} "${name}" is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`,
        {
          name,
          group: resource.group,
          kind: resource.plural,
          causes: [
            {
              reason: "NamespaceTerminating",
              message: `namespace ${namespace} is being terminated`,
              field: "metadata.namespace",
            },
          ],
        },
      );
    }
  }

  /** `fieldValidation`: Strict refuses unknown fields (400); Warn (the default) and Ignore drop them. */
  private fieldValidation(
    object: Json,
    resource: FakeResource,
    query: URLSearchParams,
    verb: string,
  ): string[] {
    const { type, schema, custom } = resourceType(resource, this.deps.crds);
    const mode = query.get("fieldValidation") ?? "Warn";
    let unknown: string[];
    if (custom) {
      // Custom resources are pruned (schema/pruning): undeclared fields are dropped.
      const copy = structuredClone(object);
      unknown = prune(copy, schema).map((path) => `.${path}`);
      unknown.push(...unknownFields(copy, type).filter((path) => path.startsWith(".metadata")));
    } else {
      unknown = unknownFields(object, type);
    }
    if (unknown.length === 0) return [];
    if (mode === "Strict") {
      throw new StatusError(
        400,
        "BadRequest",
        `strict decoding error: ${unknown.map((path) => `unknown field "${path.slice(1)}"`).join(", ")}`,
      );
    }
    if (custom) prune(object, schema);
    dropFields(
      object,
      unknown.filter((path) => !custom || path.startsWith(".metadata")),
    );
    void verb;
    return mode === "Warn" ? unknown.map((path) => `unknown field "${path.slice(1)}"`) : [];
  }

  private prepareCreate(
    object: Json,
    resource: FakeResource,
    namespace: string | undefined,
    options: { keepStatus?: boolean; keepMeta?: boolean } = {},
  ): Json {
    const created = structuredClone(object);
    created.apiVersion = groupVersionOf(resource);
    created.kind = resource.kind;
    const meta = metadataOf(created);
    if (resource.namespaced) meta.namespace = namespace;
    else delete meta.namespace;
    if (!options.keepMeta || meta.uid === undefined) meta.uid = this.deps.nextUid();
    if (!options.keepMeta || meta.creationTimestamp === undefined)
      meta.creationTimestamp = formatTime(this.deps.now());
    delete meta.resourceVersion;
    if (!options.keepMeta) {
      delete meta.deletionTimestamp;
      delete meta.generation;
    }
    if (!options.keepStatus && hasStatusSubresource(resource)) delete created.status;
    if (resource.crd === undefined && !options.keepStatus)
      initialStatus(resource.group, resource.kind, created);
    if (
      resource.group === "apiextensions.k8s.io" &&
      resource.kind === "CustomResourceDefinition" &&
      !options.keepStatus
    ) {
      // The CRD strategy's PrepareForCreate: no names accepted yet, the storage version stored.
      const versions = ((created.spec as Json | undefined)?.versions ?? []) as Json[];
      const storage = versions.find((version) => version.storage === true)?.name;
      created.status = { acceptedNames: { kind: "", plural: "" }, storedVersions: storage ? [storage] : [] };
    }
    if (generationTracked(resource)) meta.generation ??= 1;
    this.defaultAndValidate(created, resource, undefined);
    if (resource.group === "" && resource.kind === "Service" && !options.keepMeta) {
      const errors = this.deps.services.allocate(created, undefined);
      if (errors.length > 0) throw invalid(resource, String(meta.name), errors);
    }
    return created;
  }

  /** Scheme/schema defaults, then every validation rule; 422 with all causes. */
  private defaultAndValidate(object: Json, resource: FakeResource, live: Json | undefined): void {
    const { schema, custom } = resourceType(resource, this.deps.crds);
    if (custom) applyDefaults(object, schema);
    else applyBuiltInDefaults(resource.group, resource.kind, object);
    const meta = metadataOf(object);
    this.deps.extensions?.admit?.({
      operation: live ? "UPDATE" : "CREATE",
      resource,
      key: this.key(resource, meta.namespace as string | undefined, String(meta.name ?? "")),
      object,
      old: live,
    });
    const errors: FieldError[] = [
      ...nameErrors(meta.name, nameRuleFor(resource.group, resource.kind)),
      ...labelErrors(meta.labels),
      ...annotationErrors(meta.annotations),
    ];
    if (custom) {
      errors.push(...validateValue(object, withoutMetadataSchema(schema), ""));
      if (errors.length === 0) errors.push(...evaluateRules(object, withoutMetadataSchema(schema), "", live));
    } else {
      errors.push(...builtInErrors(resource.group, resource.kind, object));
      if (resource.group === "apiextensions.k8s.io" && resource.kind === "CustomResourceDefinition") {
        errors.push(...validateCrd(object));
        if (live && crdName(live) !== crdName(object))
          errors.push({
            field: "metadata.name",
            reason: "FieldValueInvalid",
            message: "metadata.name: Invalid value: field is immutable",
          });
      }
    }
    if (errors.length > 0) throw invalid(resource, String(meta.name ?? ""), errors);
  }
}

// ---- helpers ------------------------------------------------------------------------------------

function decode(body: string, resource: FakeResource): Json {
  let object: unknown;
  try {
    object = body.trim().startsWith("{") ? JSON.parse(body) : parseYaml(body);
  } catch (error) {
    throw new StatusError(
      400,
      "BadRequest",
      `${resource.kind} in version "${resource.version}" cannot be handled as a ${resource.kind}: ${(error as Error).message}`,
    );
  }
  if (!isObject(object)) throw new StatusError(400, "BadRequest", "the body of the request is not an object");
  return object;
}

function checkTypeMeta(object: Json, resource: FakeResource, verb: string): void {
  const expected = groupVersionOf(resource);
  if (object.apiVersion !== undefined && object.apiVersion !== expected) {
    const { group } = splitApiVersion(String(object.apiVersion));
    if (group !== resource.group) {
      throw new StatusError(
        400,
        "BadRequest",
        `the API version in the data (${String(object.apiVersion)}) does not match the expected API version (${expected})`,
      );
    }
  }
  if (object.kind !== undefined && object.kind !== resource.kind) {
    throw new StatusError(
      400,
      "BadRequest",
      `the kind in the data (${String(object.kind)}) does not match the expected kind (${resource.kind}) for ${verb}`,
    );
  }
}

function checkNamespace(meta: Json, resource: FakeResource, namespace: string | undefined): void {
  if (resource.namespaced && meta.namespace !== undefined && meta.namespace !== namespace) {
    throw new StatusError(
      400,
      "BadRequest",
      "the namespace of the provided object does not match the namespace sent on the request",
    );
  }
}

function normalizeOrFail(object: Json, type: WriteContext["type"], resource: FakeResource): void {
  try {
    normalizeTimes(object, type);
  } catch (error) {
    if (error instanceof TimeDecodeError) {
      throw new StatusError(
        400,
        "BadRequest",
        `${resource.kind} in version "${resource.version}" cannot be handled as a ${resource.kind}: ${error.message}`,
      );
    }
    throw error;
  }
}

/** Kinds whose /status is a subresource: writes to the main resource leave status alone. */
export function hasStatusSubresource(resource: FakeResource): boolean {
  if (resource.crd !== undefined) return resource.hasStatus === true;
  return (resource.subresources ?? []).includes("status");
}

function generationTracked(resource: FakeResource): boolean {
  return resource.crd !== undefined || hasGeneration(resource.group, resource.kind);
}

/**
 * Whether a write changed what generation counts: the spec for built-ins (their strategies),
 * anything but metadata and status for custom resources (status too when it is not a subresource).
 */
function changedOutside(before: Json, after: Json, resource: FakeResource): boolean {
  if (resource.crd === undefined) return JSON.stringify(before.spec) !== JSON.stringify(after.spec);
  const strip = (object: Json) => {
    const copy: Json = { ...object };
    delete copy.metadata;
    if (resource.hasStatus) delete copy.status;
    return JSON.stringify(copy);
  };
  return strip(before) !== strip(after);
}

function sameObject(a: Json, b: Json): boolean {
  const strip = (object: Json) => {
    const copy = structuredClone(object);
    delete metadataOf(copy).resourceVersion;
    return JSON.stringify(sortKeys(copy));
  };
  return strip(a) === strip(b);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys(value[key])]),
  );
}

/** ObjectMeta is validated as ObjectMeta, not by the CRD schema (which may only name name/generateName). */
function withoutMetadataSchema(schema: Schema | undefined): Schema | undefined {
  if (!schema?.properties?.metadata) return schema;
  const properties = { ...schema.properties };
  delete properties.metadata;
  return { ...schema, properties };
}

function nonStatusFields(object: Json): string[] {
  return Object.keys(object).filter((key) => key !== "status" && key !== "metadata");
}

function toWire(entry: ManagedEntry): Json {
  return { ...entry };
}

function managedFor(given: unknown, created: Json, context: WriteContext): Json[] {
  // A test may state who owns what (`managedFields: [{ manager: "flux", operation: "Update" }]`):
  // an entry without fieldsV1 is taken to own every field of the object.
  if (Array.isArray(given) && given.length > 0) {
    const all = trackUpdate(undefined, created, context)[0]?.fieldsV1 ?? {};
    return given.filter(isObject).map((entry) => ({
      manager: String(entry.manager),
      operation: entry.operation === "Apply" ? "Apply" : "Update",
      apiVersion: String(entry.apiVersion ?? context.apiVersion),
      time: String(entry.time ?? context.now),
      fieldsType: "FieldsV1",
      fieldsV1: isObject(entry.fieldsV1) ? entry.fieldsV1 : all,
    }));
  }
  return trackUpdate(undefined, created, context).map(toWire);
}

/** kube-apiserver names the manager of a write without fieldManager after the user agent. */
function managerFrom(userAgent: string | undefined): string {
  const first = (userAgent ?? "").split("/")[0]?.trim();
  return first || "unknown";
}

/** RFC 7386 JSON merge patch: null deletes. */
export function mergePatch(base: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return structuredClone(patch);
  const result: Json = isObject(base) ? structuredClone(base) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

/** A Status about one object: details name it by its resource plural (NotFound, AlreadyExists, Conflict). */
function aboutObject(
  code: number,
  reason: string,
  resource: FakeResource,
  name: string,
  what: (named: string) => string,
): StatusError {
  const named = `${qualifiedResource(resource.plural, resource.group)} "${name}"`;
  return new StatusError(code, reason, what(named), { name, group: resource.group, kind: resource.plural });
}

export function notFound(resource: FakeResource, name: string): StatusError {
  return aboutObject(404, "NotFound", resource, name, (named) => `${named} not found`);
}

function alreadyExists(resource: FakeResource, name: string): StatusError {
  return aboutObject(409, "AlreadyExists", resource, name, (named) => `${named} already exists`);
}

function modified(resource: FakeResource, name: string): StatusError {
  return aboutObject(
    409,
    "Conflict",
    resource,
    name,
    (named) =>
      `Operation cannot be fulfilled on ${named}: the object has been modified; please apply your changes to the latest version and try again`,
  );
}

/** 422 Invalid: `Widget.example.io "w" is invalid: [a, b]`; details.kind is the Kind here. */
export function invalid(resource: FakeResource, name: string, errors: FieldError[]): StatusError {
  const qualifiedKind = resource.group === "" ? resource.kind : `${resource.kind}.${resource.group}`;
  const list = errors.map((error) => error.message);
  const text = list.length === 1 ? list[0] : `[${list.join(", ")}]`;
  return new StatusError(422, "Invalid", `${qualifiedKind} "${name}" is invalid: ${text}`, {
    name,
    group: resource.group,
    kind: resource.kind,
    causes: errors.map((error) => ({
      reason: error.reason,
      message: error.message.slice(error.field.length + 2),
      field: error.field,
    })),
  });
}

function applyConflict(conflicts: { manager: string; path: string }[]): StatusError {
  let message: string;
  if (conflicts.length === 1) {
    const [only] = conflicts;
    message = `Apply failed with 1 conflict: conflict with ${only?.manager}: ${only?.path}`;
  } else {
    const byManager = new Map<string, string[]>();
    for (const conflict of conflicts)
      byManager.set(conflict.manager, [...(byManager.get(conflict.manager) ?? []), conflict.path]);
    const lines = [...byManager.keys()]
      .sort()
      .flatMap((manager) => [
        `conflicts with ${manager}:`,
        ...(byManager.get(manager) ?? []).map((path) => `- ${path}`),
      ]);
    message = `Apply failed with ${conflicts.length} conflicts: ${lines.join("\n")}`;
  }
  return new StatusError(409, "Conflict", message, {
    causes: conflicts.map((conflict) => ({
      reason: "FieldManagerConflict",
      message: `conflict with ${conflict.manager}`,
      field: conflict.path,
    })),
  });
}
