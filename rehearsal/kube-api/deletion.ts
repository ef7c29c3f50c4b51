// DELETE as the generic registry store does it (k8s.io/apiserver pkg/registry/generic/registry
// store.go Delete, BeforeDelete): propagationPolicy Orphan / Foreground add the `orphan` /
// `foregroundDeletion` finalizer; an object with finalizers gets a deletionTimestamp and stays
// (the answer is the object), else it goes (the answer is a Success Status); a pod on a node is
// deleted gracefully (deletionGracePeriodSeconds, the kubelet finishes it). Namespaces
// (pkg/registry/core/namespace/storage): the first DELETE sets Terminating and keeps
// spec.finalizers [kubernetes]; another DELETE while that finalizer is there is 409; once the
// namespace controller has emptied it and removed the finalizer (PUT …/finalize), DELETE removes it.
// CRDs (apiextensions-apiserver pkg/registry/customresourcedefinition/etcd.go): Terminating, the
// instances are deleted, then the CRD.

import type { ServiceAllocator } from "./builtins/service-allocation.ts";
import type { CrdRegistry } from "./crd-registry.ts";
import { notFound } from "./object-api.ts";
import { type FakeObjectStore, type Json, metadataOf, type ObjectKey } from "./object-store.ts";
import type { FakeResource } from "./resources.ts";
import { qualifiedResource, StatusError } from "./status.ts";
import { formatTime } from "./time-format.ts";

export interface DeletionDeps {
  store: FakeObjectStore;
  crds: CrdRegistry;
  services: ServiceAllocator;
  now: () => Date;
  /** Runs after the answer is sent (the CRD finalizer's cleanup is a controller). */
  later: (action: () => void) => void;
  /** Namespaces kube-apiserver refuses to delete. */
  immortalNamespaces: ReadonlySet<string>;
  /** Told after an object is gone from the store (a host's registry releases what it held). */
  removed?: (resource: FakeResource, object: Json) => void;
}

export type DeleteOutcome = { status: number; body: Json };

const IMMORTAL = ["default", "kube-system", "kube-public"];
export const IMMORTAL_NAMESPACES: ReadonlySet<string> = new Set(IMMORTAL);

export function deleteObject(
  deps: DeletionDeps,
  resource: FakeResource,
  key: ObjectKey,
  query: URLSearchParams,
  body: string,
): DeleteOutcome {
  const options = deleteOptions(query, body);
  const live = deps.store.get(key);
  if (!live) throw notFound(resource, key.name);
  const meta = metadataOf(live);
  const uid = meta.uid;
  const preconditionUid = (options.preconditions as Json | undefined)?.uid;
  if (preconditionUid !== undefined && preconditionUid !== uid) {
    throw new StatusError(
      409,
      "Conflict",
      `Operation cannot be fulfilled on ${qualifiedResource(resource.plural, resource.group)} "${key.name}": Precondition failed: UID in precondition: ${String(preconditionUid)}, UID in object meta: ${String(uid)}`,
      { name: key.name, group: resource.group, kind: resource.plural },
    );
  }
  if (resource.group === "" && resource.kind === "Namespace")
    return deleteNamespace(deps, resource, key, live);
  if (resource.group === "apiextensions.k8s.io" && resource.kind === "CustomResourceDefinition") {
    return deleteCrd(deps, key, live);
  }
  const finalizers = new Set((meta.finalizers ?? []) as string[]);
  const policy = String(options.propagationPolicy ?? (options.orphanDependents === true ? "Orphan" : ""));
  if (policy === "Orphan") finalizers.add("orphan");
  if (policy === "Foreground") finalizers.add("foregroundDeletion");
  if (resource.group === "" && resource.kind === "Pod") {
    const graceful = gracefulPodDeletion(deps, key, live, options, finalizers);
    if (graceful) return graceful;
  }
  if (finalizers.size > 0) {
    if (meta.deletionTimestamp === undefined) {
      meta.deletionTimestamp = formatTime(deps.now());
      meta.deletionGracePeriodSeconds = 0;
    }
    meta.finalizers = [...finalizers];
    return { status: 200, body: deps.store.write(key, live) };
  }
  return removeNow(deps, resource, key, live);
}

function removeNow(deps: DeletionDeps, resource: FakeResource, key: ObjectKey, live: Json): DeleteOutcome {
  deps.store.remove(key);
  if (resource.group === "" && resource.kind === "Service") deps.services.release(live);
  deps.removed?.(resource, live);
  return {
    status: 200,
    body: {
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Success",
      details: {
        name: key.name,
        ...(resource.group ? { group: resource.group } : {}),
        kind: resource.plural,
        uid: metadataOf(live).uid,
      },
    },
  };
}

function gracefulPodDeletion(
  deps: DeletionDeps,
  key: ObjectKey,
  live: Json,
  options: Json,
  finalizers: Set<string>,
): DeleteOutcome | undefined {
  const meta = metadataOf(live);
  const spec = (live.spec ?? {}) as Json;
  const phase = (live.status as Json | undefined)?.phase;
  // pkg/registry/core/pod/strategy.go CheckGracefulDelete: unscheduled or finished pods go at once.
  if (!spec.nodeName || phase === "Succeeded" || phase === "Failed") return undefined;
  let grace = Number(options.gracePeriodSeconds ?? spec.terminationGracePeriodSeconds ?? 30);
  // A later DELETE may shorten the grace period, never lengthen it (rest.BeforeDelete).
  const previous = meta.deletionGracePeriodSeconds;
  if (previous !== undefined && Number(previous) < grace) grace = Number(previous);
  if (grace === 0 && finalizers.size === 0) return undefined;
  if (meta.deletionTimestamp === undefined || Number(previous) !== grace) {
    meta.deletionTimestamp = formatTime(new Date(deps.now().getTime() + grace * 1000));
    meta.deletionGracePeriodSeconds = grace;
  }
  if (finalizers.size > 0) meta.finalizers = [...finalizers];
  return { status: 200, body: deps.store.write(key, live) };
}

function deleteNamespace(
  deps: DeletionDeps,
  resource: FakeResource,
  key: ObjectKey,
  live: Json,
): DeleteOutcome {
  if (deps.immortalNamespaces.has(key.name)) {
    throw new StatusError(
      403,
      "Forbidden",
      `namespaces "${key.name}" is forbidden: this namespace may not be deleted`,
      {
        name: key.name,
        kind: "namespaces",
      },
    );
  }
  const meta = metadataOf(live);
  if (meta.deletionTimestamp === undefined) {
    meta.deletionTimestamp = formatTime(deps.now());
    meta.deletionGracePeriodSeconds = 0;
    live.status = { ...((live.status ?? {}) as Json), phase: "Terminating" };
    return { status: 200, body: deps.store.write(key, live) };
  }
  const specFinalizers = ((live.spec as Json | undefined)?.finalizers ?? []) as string[];
  if (specFinalizers.length > 0) {
    throw new StatusError(
      409,
      "Conflict",
      `Operation cannot be fulfilled on namespaces "${key.name}": The system is ensuring all content is removed from this namespace.  Upon completion, this namespace will automatically be purged by the system.`,
      { name: key.name, kind: "namespaces" },
    );
  }
  if (((meta.finalizers ?? []) as string[]).length > 0) return { status: 200, body: live };
  return removeNow(deps, resource, key, live);
}

function deleteCrd(deps: DeletionDeps, key: ObjectKey, live: Json): DeleteOutcome {
  const meta = metadataOf(live);
  const cleanup = "customresourcecleanup.apiextensions.k8s.io";
  if (meta.deletionTimestamp === undefined) {
    meta.deletionTimestamp = formatTime(deps.now());
    meta.deletionGracePeriodSeconds = 0;
    meta.finalizers = [...new Set([...((meta.finalizers ?? []) as string[]), cleanup])];
    const status = (live.status ?? {}) as Json;
    const conditions = ((status.conditions ?? []) as Json[]).filter(
      (condition) => condition.type !== "Terminating",
    );
    conditions.push({
      type: "Terminating",
      status: "True",
      lastTransitionTime: formatTime(deps.now()),
      reason: "InstanceDeletionPending",
      message: "CustomResourceDefinition marked for deletion; CustomResource deletion will begin soon",
    });
    live.status = { ...status, conditions };
    const stored = deps.store.write(key, live);
    deps.later(() => finishCrdDeletion(deps, key, cleanup));
    return { status: 200, body: stored };
  }
  return { status: 200, body: live };
}

/** The finalizing controller: delete every instance, then drop the finalizer (and the CRD). */
function finishCrdDeletion(deps: DeletionDeps, key: ObjectKey, cleanup: string): void {
  const crd = deps.store.get(key);
  if (!crd) return;
  const spec = (crd.spec ?? {}) as { group?: string; names?: { plural?: string } };
  const group = String(spec.group ?? "");
  const plural = String(spec.names?.plural ?? "");
  for (const item of deps.store.listKeys(group, plural)) deps.store.remove(item);
  deps.crds.remove(key.name);
  const meta = metadataOf(crd);
  meta.finalizers = ((meta.finalizers ?? []) as string[]).filter((finalizer) => finalizer !== cleanup);
  if ((meta.finalizers as string[]).length === 0) deps.store.remove(key);
  else deps.store.write(key, crd);
}

/** DeleteOptions from the body (client-node sends them there) or the query. */
function deleteOptions(query: URLSearchParams, body: string): Json {
  let options: Json = {};
  if (body.trim() !== "") {
    try {
      options = JSON.parse(body) as Json;
    } catch {
      throw new StatusError(400, "BadRequest", "the body of the request was in an unknown format");
    }
  }
  for (const name of ["propagationPolicy", "gracePeriodSeconds", "orphanDependents"]) {
    const value = query.get(name);
    if (value !== null)
      options[name] =
        name === "gracePeriodSeconds"
          ? Number(value)
          : name === "orphanDependents"
            ? value === "true"
            : value;
  }
  const policy = options.propagationPolicy;
  if (policy !== undefined && !["Orphan", "Background", "Foreground"].includes(String(policy))) {
    throw new StatusError(
      422,
      "Invalid",
      `DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "${String(policy)}": supported values: "Foreground", "Background", "Orphan", "nil"`,
    );
  }
  return options;
}

/** PUT …/namespaces/<name>/finalize: the namespace controller sets spec.finalizers. */
export function finalizeNamespace(deps: DeletionDeps, key: ObjectKey, body: string): Json {
  const live = deps.store.get(key);
  if (!live)
    throw new StatusError(404, "NotFound", `namespaces "${key.name}" not found`, {
      name: key.name,
      kind: "namespaces",
    });
  let incoming: Json;
  try {
    incoming = JSON.parse(body) as Json;
  } catch {
    throw new StatusError(400, "BadRequest", "the body of the request was in an unknown format");
  }
  const finalizers = ((incoming.spec as Json | undefined)?.finalizers ?? []) as string[];
  live.spec = { ...((live.spec ?? {}) as Json), finalizers };
  const meta = metadataOf(live);
  // The namespace store's ShouldDeleteDuringUpdate: a terminating namespace that nothing holds
  // any more goes with this update.
  if (
    meta.deletionTimestamp !== undefined &&
    finalizers.length === 0 &&
    ((meta.finalizers ?? []) as string[]).length === 0
  ) {
    deps.store.remove(key);
    return live;
  }
  return deps.store.write(key, live);
}

/** metadata.generateName + 5 characters from the API server's alphabet (apiserver/pkg/storage/names). */
export function generatedName(prefix: string, random: () => number = Math.random): string {
  const alphabet = "bcdfghjklmnpqrstvwxz2456789";
  let suffix = "";
  for (let i = 0; i < 5; i += 1) suffix += alphabet[Math.floor(random() * alphabet.length)];
  return `${prefix}${suffix}`;
}
