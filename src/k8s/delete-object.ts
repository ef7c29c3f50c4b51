// DELETE an object, and wait until it is really gone (finalizers done), through the watch wait.

import { fail, pass, type Verdict } from "../decisions/verdict.ts";
import type { ExitCode } from "../errors.ts";
import type { Clock } from "../wait/clock.ts";
import { isNotFound, toKubeApiError } from "./kube-api-error.ts";
import type { KubeClient } from "./kube-client.ts";
import { describeRef, type KubeObject, type ObjectRef } from "./kube-object.ts";
import { waitForObject } from "./wait-for-objects.ts";

/** Deletes the object; false when it was already gone. Dependents are removed in the background. */
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
    throw toKubeApiError(error, "delete", describeRef(ref));
  }
}

export function objectGone(object: KubeObject | undefined): Verdict {
  if (!object) return pass("gone");
  const deleting = object.metadata.deletionTimestamp;
  const finalizers = object.metadata.finalizers ?? [];
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
