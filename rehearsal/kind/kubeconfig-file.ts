// kind's kubeconfig handling (kubernetes-sigs/kind v0.31.0 pkg/cluster/internal/kubeconfig):
// the cluster's admin.conf (from the control-plane node) renamed to `kind-<cluster>` for its
// cluster, user and context, with the host's endpoint as server; merged into a kubeconfig file by
// replacing same-named entries and setting current-context; removed again on delete (the entries
// named `kind-<cluster>`, and current-context when it pointed there).

import { parse, stringify } from "yaml";

type Json = Record<string, unknown>;
interface Named {
  name: string;
  [key: string]: unknown;
}

export interface KubeconfigDoc {
  apiVersion?: string;
  kind?: string;
  clusters: Named[];
  users: Named[];
  contexts: Named[];
  "current-context"?: string;
  [key: string]: unknown;
}

export function kindContext(cluster: string): string {
  return `kind-${cluster}`;
}

export function parseKubeconfig(text: string): KubeconfigDoc {
  const raw = (text.trim() === "" ? {} : parse(text)) as Json | null;
  const doc = (raw ?? {}) as KubeconfigDoc;
  doc.clusters = Array.isArray(doc.clusters) ? doc.clusters : [];
  doc.users = Array.isArray(doc.users) ? doc.users : [];
  doc.contexts = Array.isArray(doc.contexts) ? doc.contexts : [];
  return doc;
}

/** KINDFromRawKubeadm: one cluster/user/context, all renamed kind-<cluster>; server replaced when given. */
export function kindFromKubeadm(adminConf: string, cluster: string, server?: string): KubeconfigDoc {
  const doc = parseKubeconfig(adminConf);
  if (doc.clusters.length !== 1 || doc.users.length !== 1 || doc.contexts.length !== 1) {
    throw new Error(
      `kubeadm KUBECONFIG should have one cluster, user and context, but read ${doc.clusters.length}/${doc.users.length}/${doc.contexts.length}`,
    );
  }
  const key = kindContext(cluster);
  const clusterEntry = structuredClone(doc.clusters[0]) as Named & { cluster: Json };
  clusterEntry.name = key;
  if (server !== undefined) clusterEntry.cluster = { ...clusterEntry.cluster, server };
  const user = { ...(structuredClone(doc.users[0]) as Named), name: key };
  const context = {
    name: key,
    context: { ...((doc.contexts[0] as Named).context as Json), cluster: key, user: key },
  };
  return {
    apiVersion: "v1",
    kind: "Config",
    clusters: [clusterEntry],
    users: [user],
    contexts: [context],
    "current-context": key,
  };
}

function upsert(list: Named[], entry: Named): Named[] {
  const index = list.findIndex((item) => item.name === entry.name);
  if (index < 0) return [...list, entry];
  const copy = [...list];
  copy[index] = entry;
  return copy;
}

export function mergeKind(existing: KubeconfigDoc, kind: KubeconfigDoc): KubeconfigDoc {
  const [cluster, user, context] = [kind.clusters[0], kind.users[0], kind.contexts[0]];
  if (!cluster || !user || !context) throw new Error("a kind kubeconfig has one cluster, user and context");
  const merged: KubeconfigDoc = {
    ...existing,
    clusters: upsert(existing.clusters, cluster),
    users: upsert(existing.users, user),
    contexts: upsert(existing.contexts, context),
    "current-context": kind["current-context"] ?? "",
  };
  // kind fills apiVersion/kind only when the file had no other fields (kind #1242).
  if (existing.apiVersion === undefined) merged.apiVersion = "v1";
  if (existing.kind === undefined) merged.kind = "Config";
  return merged;
}

export function removeKind(
  existing: KubeconfigDoc,
  cluster: string,
): { doc: KubeconfigDoc; changed: boolean } {
  const key = kindContext(cluster);
  const keep = (list: Named[]) => list.filter((item) => item.name !== key);
  const doc: KubeconfigDoc = {
    ...existing,
    clusters: keep(existing.clusters),
    users: keep(existing.users),
    contexts: keep(existing.contexts),
  };
  let changed =
    doc.clusters.length !== existing.clusters.length ||
    doc.users.length !== existing.users.length ||
    doc.contexts.length !== existing.contexts.length;
  if (existing["current-context"] === key) {
    doc["current-context"] = "";
    changed = true;
  }
  return { doc, changed };
}

export function serializeKubeconfig(doc: KubeconfigDoc): string {
  return stringify(doc);
}

/** kind's pathForMerge: --kubeconfig, else the first $KUBECONFIG entry, else ~/.kube/config. */
export function kubeconfigPathFor(
  explicit: string | undefined,
  env: Record<string, string | undefined>,
): string {
  if (explicit) return explicit;
  const first = (env.KUBECONFIG ?? "").split(":").find((part) => part !== "");
  if (first) return first;
  return `${env.HOME ?? "/root"}/.kube/config`;
}
