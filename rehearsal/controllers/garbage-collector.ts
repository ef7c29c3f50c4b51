// The garbage collector (kubernetes/kubernetes pkg/controller/garbagecollector), by periodic scan
// instead of a dependency graph: an object whose owners (by uid) all no longer exist is deleted in
// the background; an owner marked with the foregroundDeletion finalizer has its dependents deleted
// first and the finalizer removed once none is left; `orphan` removes the owner references from its
// dependents, then the finalizer.

import type { KubeRestClient } from "../k8s/kube-rest-client.ts";
import { servedResources } from "./api-discovery.ts";
import type { Json, Obj } from "./controller-kit.ts";

const objectPath = (resource: { path: string; plural: string }, object: Obj) =>
  `${resource.path}${object.metadata.namespace ? `/namespaces/${object.metadata.namespace}` : ""}/${resource.plural}/${object.metadata.name}`;

export async function collectGarbage(client: KubeRestClient, log: (line: string) => void): Promise<void> {
  const all: { resource: { path: string; plural: string }; object: Obj }[] = [];
  for (const resource of await servedResources(client)) {
    if (resource.plural === "events") continue;
    const list = await client
      .list<Obj>(`${resource.path}/${resource.plural}`)
      .catch(() => ({ items: [] as Obj[] }));
    for (const object of list.items) all.push({ resource, object });
  }
  const byUid = new Map(all.map((entry) => [String(entry.object.metadata.uid), entry]));
  const dependentsOf = (uid: string) =>
    all.filter((entry) =>
      ((entry.object.metadata.ownerReferences ?? []) as Json[]).some((ref) => ref.uid === uid),
    );
  for (const { resource, object } of all) {
    const owners = (object.metadata.ownerReferences ?? []) as Json[];
    if (
      owners.length > 0 &&
      !object.metadata.deletionTimestamp &&
      owners.every((ref) => !byUid.has(String(ref.uid)))
    ) {
      await client.delete(objectPath(resource, object)).catch(() => undefined);
      log(
        `garbage-collector: deleted ${resource.plural} ${object.metadata.namespace ?? ""}/${object.metadata.name} (owner gone)`,
      );
    }
    const finalizers = (object.metadata as { finalizers?: string[] }).finalizers ?? [];
    if (!object.metadata.deletionTimestamp) continue;
    if (finalizers.includes("foregroundDeletion")) {
      const dependents = dependentsOf(String(object.metadata.uid));
      for (const dependent of dependents) {
        if (!dependent.object.metadata.deletionTimestamp) {
          await client
            .delete(objectPath(dependent.resource, dependent.object), {
              query: { propagationPolicy: "Foreground" },
            })
            .catch(() => undefined);
        }
      }
      if (dependents.length === 0) {
        await client
          .patch(
            objectPath(resource, object),
            { metadata: { finalizers: finalizers.filter((f) => f !== "foregroundDeletion") } },
            "application/merge-patch+json",
          )
          .catch(() => undefined);
      }
    }
    if (finalizers.includes("orphan")) {
      for (const dependent of dependentsOf(String(object.metadata.uid))) {
        const kept = ((dependent.object.metadata.ownerReferences ?? []) as Json[]).filter(
          (ref) => ref.uid !== object.metadata.uid,
        );
        await client
          .patch(
            objectPath(dependent.resource, dependent.object),
            { metadata: { ownerReferences: kept } },
            "application/merge-patch+json",
          )
          .catch(() => undefined);
      }
      await client
        .patch(
          objectPath(resource, object),
          { metadata: { finalizers: finalizers.filter((f) => f !== "orphan") } },
          "application/merge-patch+json",
        )
        .catch(() => undefined);
    }
  }
}
