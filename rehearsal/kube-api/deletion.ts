// What a DELETE does to a stored object (kubernetes/kubernetes staging/src/k8s.io/apiserver/pkg/
// registry/rest/delete.go BeforeDelete, pkg/registry/core/pod/strategy.go CheckGracefulDelete,
// pkg/registry/core/namespace/storage): DeleteOptions from the body or the query (gracePeriodSeconds,
// propagationPolicy, preconditions); an object with finalizers — or asked for Foreground/Orphan
// propagation, which add foregroundDeletion/orphan — is only marked (deletionTimestamp); a pod on a
// node is deleted gracefully (deletionTimestamp = now + grace, deletionGracePeriodSeconds) and
// goes when the kubelet deletes it with grace 0; a namespace turns Terminating until its
// spec.finalizers are emptied through /finalize and its metadata.finalizers are gone.

import type { Json } from "./object-store.ts";
import { metadataOf } from "./object-store.ts";

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: "Foreground" | "Background" | "Orphan";
  preconditions?: { uid?: string; resourceVersion?: string };
}

export function parseDeleteOptions(body: string, query: URLSearchParams): DeleteOptions {
  let options: DeleteOptions = {};
  if (body.trim() !== "") {
    try {
      options = JSON.parse(body) as DeleteOptions;
    } catch {
      options = {};
    }
  }
  const grace = query.get("gracePeriodSeconds");
  if (grace !== null) options.gracePeriodSeconds = Number(grace);
  const policy = query.get("propagationPolicy");
  if (policy) options.propagationPolicy = policy as DeleteOptions["propagationPolicy"];
  return options;
}

export type DeletionDecision = { action: "remove" } | { action: "mark"; object: Json };

function finalizersOf(object: Json): string[] {
  return (metadataOf(object).finalizers as string[] | undefined) ?? [];
}

/** Whether a marked object can go now: no finalizers left (and, for a namespace, none in spec). */
export function readyToRemove(plural: string, group: string, object: Json): boolean {
  const meta = metadataOf(object);
  if (meta.deletionTimestamp === undefined) return false;
  if (finalizersOf(object).length > 0) return false;
  if (group === "" && plural === "namespaces") {
    const specFinalizers = ((object.spec as Json | undefined)?.finalizers as string[] | undefined) ?? [];
    return specFinalizers.length === 0;
  }
  if (group === "" && plural === "pods") {
    return Number(meta.deletionGracePeriodSeconds ?? 0) === 0;
  }
  return true;
}

export function decideDeletion(
  plural: string,
  group: string,
  existing: Json,
  options: DeleteOptions,
  now: Date,
): DeletionDecision {
  const object = structuredClone(existing);
  const meta = metadataOf(object);
  const finalizers = finalizersOf(object);
  if (options.propagationPolicy === "Foreground" && !finalizers.includes("foregroundDeletion"))
    finalizers.push("foregroundDeletion");
  if (options.propagationPolicy === "Orphan" && !finalizers.includes("orphan")) finalizers.push("orphan");
  if (finalizers.length > 0) meta.finalizers = finalizers;
  const isPod = group === "" && plural === "pods";
  const isNamespace = group === "" && plural === "namespaces";
  if (isPod) {
    const spec = (object.spec ?? {}) as Json;
    const bound = typeof spec.nodeName === "string" && spec.nodeName !== "";
    const phase = (object.status as Json | undefined)?.phase;
    const terminal = phase === "Succeeded" || phase === "Failed";
    let grace = options.gracePeriodSeconds ?? Number(spec.terminationGracePeriodSeconds ?? 30);
    if (!bound || terminal) grace = 0;
    const previous = meta.deletionGracePeriodSeconds;
    if (previous !== undefined && Number(previous) < grace) grace = Number(previous);
    if (grace > 0 || finalizers.length > 0) {
      if (meta.deletionTimestamp === undefined || Number(previous ?? grace) !== grace) {
        meta.deletionTimestamp = new Date(now.getTime() + grace * 1000).toISOString().replace(/\.\d+Z$/, "Z");
      }
      meta.deletionGracePeriodSeconds = grace;
      return { action: "mark", object };
    }
    return { action: "remove" };
  }
  if (isNamespace) {
    meta.deletionTimestamp ??= now.toISOString().replace(/\.\d+Z$/, "Z");
    meta.deletionGracePeriodSeconds = 0;
    object.status = { ...((object.status ?? {}) as Json), phase: "Terminating" };
    return readyToRemove(plural, group, object) ? { action: "remove" } : { action: "mark", object };
  }
  if (finalizers.length > 0) {
    meta.deletionTimestamp ??= now.toISOString().replace(/\.\d+Z$/, "Z");
    meta.deletionGracePeriodSeconds = 0;
    return { action: "mark", object };
  }
  return { action: "remove" };
}

/** metadata.generateName + 5 characters from the API server's alphabet (apiserver/pkg/storage/names). */
export function generatedName(prefix: string, random: () => number = Math.random): string {
  const alphabet = "bcdfghjklmnpqrstvwxz2456789";
  let suffix = "";
  for (let i = 0; i < 5; i += 1) suffix += alphabet[Math.floor(random() * alphabet.length)];
  return `${prefix}${suffix}`;
}
