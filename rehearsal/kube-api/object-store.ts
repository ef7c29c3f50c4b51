// The fake API server's storage: objects keyed by group, plural, namespace and name (so one
// object is visible under every served version, like etcd), a global resourceVersion counter,
// and the event history watches replay from.

import type { FakeResource } from "./resources.ts";

export type Json = Record<string, unknown>;

export type WatchEventType = "ADDED" | "MODIFIED" | "DELETED";

export interface StoredEvent {
  resourceVersion: number;
  type: WatchEventType;
  group: string;
  plural: string;
  object: Json;
  /** MODIFIED: the object before the change (watches with selectors need it). */
  previous?: Json;
}

export interface ObjectKey {
  group: string;
  plural: string;
  namespace: string | undefined;
  name: string;
}

export function keyText(key: ObjectKey): string {
  return `${key.group}|${key.plural}|${key.namespace ?? ""}|${key.name}`;
}

export class FakeObjectStore {
  private readonly objects = new Map<string, Json>();
  private readonly history: StoredEvent[] = [];
  private readonly listeners = new Set<(event: StoredEvent) => void>();
  private counter = 100;
  /** Watches from a resourceVersion below this get 410 Gone. */
  compactedBefore = 0;
  /**
   * How many events watches can replay (the API server's watch cache window); older ones are
   * compacted away, and a watch from before them gets 410 Gone. Unbounded unless set.
   */
  maxHistory = Number.POSITIVE_INFINITY;

  get currentVersion(): number {
    return this.counter;
  }

  get(key: ObjectKey): Json | undefined {
    const found = this.objects.get(keyText(key));
    return found ? structuredClone(found) : undefined;
  }

  list(resource: FakeResource, namespace: string | undefined): Json[] {
    const prefix = `${resource.group}|${resource.plural}|`;
    const result: Json[] = [];
    for (const [text, object] of this.objects) {
      if (!text.startsWith(prefix)) continue;
      if (namespace !== undefined && metadataOf(object).namespace !== namespace) continue;
      result.push(structuredClone(object));
    }
    return result.sort((a, b) => String(metadataOf(a).name).localeCompare(String(metadataOf(b).name)));
  }

  /** The keys of every stored object of a resource (all namespaces). */
  listKeys(group: string, plural: string): ObjectKey[] {
    const prefix = `${group}|${plural}|`;
    const keys: ObjectKey[] = [];
    for (const [text, object] of this.objects) {
      if (!text.startsWith(prefix)) continue;
      const meta = metadataOf(object);
      keys.push({ group, plural, namespace: meta.namespace as string | undefined, name: String(meta.name) });
    }
    return keys;
  }

  /** Writes an object (stamping resourceVersion) and records ADDED or MODIFIED. */
  write(key: ObjectKey, object: Json): Json {
    const before = this.objects.get(keyText(key));
    const type: WatchEventType = before ? "MODIFIED" : "ADDED";
    this.counter += 1;
    const stored = structuredClone(object);
    metadataOf(stored).resourceVersion = String(this.counter);
    this.objects.set(keyText(key), stored);
    this.record({
      resourceVersion: this.counter,
      type,
      group: key.group,
      plural: key.plural,
      object: stored,
      ...(before ? { previous: before } : {}),
    });
    return structuredClone(stored);
  }

  remove(key: ObjectKey): Json | undefined {
    const existing = this.objects.get(keyText(key));
    if (!existing) return undefined;
    this.objects.delete(keyText(key));
    this.counter += 1;
    const last = structuredClone(existing);
    metadataOf(last).resourceVersion = String(this.counter);
    this.record({
      resourceVersion: this.counter,
      type: "DELETED",
      group: key.group,
      plural: key.plural,
      object: last,
    });
    return structuredClone(last);
  }

  eventsSince(resourceVersion: number): StoredEvent[] {
    return this.history.filter((event) => event.resourceVersion > resourceVersion);
  }

  subscribe(listener: (event: StoredEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Forgets history: any watch from an older resourceVersion now gets 410 Gone. */
  compact(): void {
    this.compactedBefore = this.counter;
    this.history.length = 0;
  }

  private record(event: StoredEvent): void {
    this.history.push(event);
    // etcd compacts its history (kube-apiserver asks every 5 minutes); a bounded history here:
    // a watch from a resourceVersion older than what is kept gets 410 Gone, as after compaction.
    if (this.history.length > this.maxHistory) {
      const dropped = this.history.splice(0, this.history.length - this.maxHistory);
      this.compactedBefore = Math.max(this.compactedBefore, dropped.at(-1)?.resourceVersion ?? 0);
    }
    for (const listener of this.listeners) listener(event);
  }
}

export function metadataOf(object: Json): Json {
  if (typeof object.metadata !== "object" || object.metadata === null) object.metadata = {};
  return object.metadata as Json;
}
