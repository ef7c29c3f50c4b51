// GET one object (absent = undefined, not an error) and LIST a kind by selectors.

import { isNotFound, toKubeApiError } from "./kube-api-error.ts";
import type { KubeClient } from "./kube-client.ts";
import { describeRef, type KubeObject, type ListTarget, type ObjectRef } from "./kube-object.ts";

export async function getObject<T extends KubeObject = KubeObject>(
  client: KubeClient,
  ref: ObjectRef,
): Promise<T | undefined> {
  try {
    // The object API is typed with client-node's models; WireObjectApi returns the wire JSON.
    const object = await client.objects.read({
      apiVersion: ref.apiVersion,
      kind: ref.kind,
      metadata: { name: ref.name, ...(ref.namespace ? { namespace: ref.namespace } : {}) },
    });
    return object as unknown as T;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw toKubeApiError(error, "get", describeRef(ref));
  }
}

export interface ListResult<T> {
  items: T[];
  /** The list's resourceVersion: where a watch continues from. */
  resourceVersion: string;
}

/** `signal` aborts the request (and the discovery it may need). */
export async function listObjects<T extends KubeObject = KubeObject>(
  client: KubeClient,
  target: ListTarget,
  signal?: AbortSignal,
): Promise<ListResult<T>> {
  let list: { metadata?: { resourceVersion?: string }; items?: T[] };
  try {
    if (signal) await client.objects.collectionPath(target.apiVersion, target.kind, target.namespace, signal);
    list = (await client.objects.list(
      target.apiVersion,
      target.kind,
      target.namespace,
      undefined,
      undefined,
      undefined,
      target.fieldSelector,
      target.labelSelector,
      undefined,
      undefined,
      signal ? client.objects.withSignal(signal) : undefined,
    )) as unknown as typeof list;
  } catch (error) {
    throw toKubeApiError(error, "list", describeTarget(target));
  }
  // Built-in kinds come back without apiVersion/kind on each item; put them back.
  const items = (list.items ?? []).map((item) => ({
    ...item,
    apiVersion: item.apiVersion ?? target.apiVersion,
    kind: item.kind ?? target.kind,
  }));
  return { items, resourceVersion: list.metadata?.resourceVersion ?? "" };
}

export function describeTarget(target: ListTarget): string {
  const where = target.namespace ? ` in ${target.namespace}` : "";
  const selectors = [target.labelSelector, target.fieldSelector].filter(Boolean).join(",");
  return `${target.kind}${where}${selectors ? ` (${selectors})` : ""}`;
}
