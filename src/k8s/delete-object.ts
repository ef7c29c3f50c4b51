// DELETE an object, and wait until it is really gone (finalizers done), through the watch wait.

import { fail, pass, type Verdict } from "../decisions/verdict.ts";
import type { ExitCode } from "../errors.ts";
import type { Clock } from "../wait/clock.ts";
import { isNotFound, toKubeApiError } from "./kube-api-error.ts";
import type { KubeClient } from "./kube-client.ts";
import { describeRef, type KubeObject, type ObjectRef } from "./kube-object.ts";
import { waitForObject } from "./wait-for-objects.ts";

/**
 * Deletes the object; false when it was already gone. Dependents are removed in the background.
 * A namespace already being deleted answers a second DELETE with 409 (kubernetes/kubernetes
 * pkg/registry/core/namespace/storage/storage.go: "The system is ensuring all content is removed
 * from this namespace"): that is the deletion in progress, not a failure.
 */
export async function deleteObject(client: KubeClient, ref: ObjectRef): Promise<boolean> {
  try {
    await client.objects.delete(
      {
        apiVersion: ref.apiVersion,
        kind: ref.kind,
        metadata: { name: ref.name, ...(ref.namespace ? { namespace: ref.namespace } : {}) },
      },
      undefined,
      undefined,
      undefined,
      undefined,
      "Background",
    );
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    const failure = toKubeApiError(error, "delete", describeRef(ref));
    if (ref.kind === "Namespace" && ref.apiVersion === "v1" && failure.status === 409) return true;
    throw failure;
  }
}

export function objectGone(object: KubeObject | undefined): Verdict {
  if (!object) return pass("gone");
  const deleting = object.metadata.deletionTimestamp;
  // A namespace is held by spec.finalizers (`kubernetes`: the namespace controller empties it first).
  const specFinalizers =
    object.kind === "Namespace"
      ? ((object.spec as { finalizers?: string[] } | undefined)?.finalizers ?? [])
      : [];
  const finalizers = [...(object.metadata.finalizers ?? []), ...specFinalizers];
  if (!deleting) return fail("still present, not being deleted");
  return fail(
    `being deleted since ${deleting}${finalizers.length > 0 ? `, finalizers ${finalizers.join(",")}` : ""}`,
  );
}

export interface DeleteAndWaitOptions {
  /** Wait name from the budget table, e.g. `namespaceGone`. */
  name: string;
  budgetMs: number;
  signal?: AbortSignal;
  exitCode?: ExitCode;
  /** The budget runs on this clock (default: real time). */
  clock?: Clock;
}

export async function deleteAndWaitGone(
  client: KubeClient,
  ref: ObjectRef,
  options: DeleteAndWaitOptions,
): Promise<{ elapsedMs: number; existed: boolean }> {
  const existed = await deleteObject(client, ref);
  const result = await waitForObject(client, {
    ...options,
    expectation: `${describeRef(ref)} not gone`,
    ref,
    judge: objectGone,
  });
  return { elapsedMs: result.elapsedMs, existed };
}
