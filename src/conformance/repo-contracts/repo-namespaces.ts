// The repo's objects live in the namespaces the repo names (a route in `monitoring` attaches to a
// Gateway in `gateway`), not in the suite's own namespace. The suite creates the ones the cluster
// lacks, labelled as its own so leftovers are found by label, applies the objects into them, and at
// the end deletes what it made: the namespaces it created (with everything in them) and, in a
// namespace that was there before (default, kube-system), only the objects it applied.

import { RUN_ID_LABEL } from "../../cluster/harness-labels.ts";
import { applyObjects } from "../../k8s/apply-manifests.ts";
import { deleteAndWaitGone, deleteObject } from "../../k8s/delete-object.ts";
import type { KubeClient } from "../../k8s/kube-client.ts";
import { describeRef, type KubeObject, type ObjectRef, refOf } from "../../k8s/kube-object.ts";
import { getObject } from "../../k8s/read-objects.ts";

export interface RepoNamespacesRemoval {
  /** What was deleted, e.g. `Namespace monitoring`, `Service default/dns`. */
  removed: string[];
  /** One line per deletion that failed. */
  errors: string[];
}

export class RepoNamespaces {
  readonly #client: KubeClient;
  /** Namespaces this run created (or created on an earlier attempt of the same run). */
  readonly created: readonly string[];
  readonly #applied: ObjectRef[] = [];

  private constructor(client: KubeClient, created: string[]) {
    this.#client = client;
    this.created = created;
  }

  /** Creates each namespace the cluster lacks, with `labels` (which must carry the run id). */
  static async prepare(
    client: KubeClient,
    namespaces: readonly string[],
    labels: Record<string, string>,
  ): Promise<RepoNamespaces> {
    const created: string[] = [];
    for (const name of [...new Set(namespaces)].sort()) {
      const existing = await getObject(client, { apiVersion: "v1", kind: "Namespace", name });
      const ours = existing?.metadata.labels?.[RUN_ID_LABEL] === labels[RUN_ID_LABEL];
      if (existing && !ours) continue;
      await applyObjects(client, [{ apiVersion: "v1", kind: "Namespace", metadata: { name, labels } }]);
      created.push(name);
    }
    return new RepoNamespaces(client, created);
  }

  /** Applies the objects in order; returns what the server stored. */
  async apply(objects: readonly KubeObject[]): Promise<KubeObject[]> {
    const applied = await applyObjects(this.#client, objects);
    for (const object of applied) this.#applied.push(refOf(object));
    return applied;
  }

  /** Every object applied so far, in order. */
  get applied(): readonly ObjectRef[] {
    return this.#applied;
  }

  /** Deletes what the suite made; one failure never stops the other deletions. */
  async remove(namespaceGoneBudgetMs: number): Promise<RepoNamespacesRemoval> {
    const removed: string[] = [];
    const errors: string[] = [];
    const inOthers = this.#applied.filter((ref) => !ref.namespace || !this.created.includes(ref.namespace));
    for (const ref of [...inOthers].reverse()) {
      try {
        if (await deleteObject(this.#client, ref)) removed.push(describeRef(ref));
      } catch (error) {
        errors.push(`${describeRef(ref)}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    for (const name of this.created) {
      const ref = { apiVersion: "v1", kind: "Namespace", name };
      try {
        await deleteAndWaitGone(this.#client, ref, {
          name: "namespaceGone",
          budgetMs: namespaceGoneBudgetMs,
        });
        removed.push(describeRef(ref));
      } catch (error) {
        errors.push(`${describeRef(ref)}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return { removed, errors };
  }
}
