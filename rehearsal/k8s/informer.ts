// A cache of one resource kept current by LIST then WATCH, as client-go's reflector does
// (k8s.io/client-go/tools/cache/reflector.go): watch from the list's resourceVersion, follow
// bookmarks, re-watch from the last seen version when a stream ends, relist on 410 Gone, back off
// on errors. Handlers get every change once; a relist emits deletes for objects that vanished
// meanwhile and upserts for those that changed. What it lists and watches is a ListerWatcher
// (client-go's tools/cache ListerWatcher): a REST path, or a kind through KubeObjects (which a
// test drives from memory).

import type { KubeObjects, ListQuery } from "./kube-objects.ts";
import type { KubeObject, KubeRestClient, WatchEvent } from "./kube-rest-client.ts";
import { isGone } from "./watch-errors.ts";

export interface InformerHandlers<T extends KubeObject> {
  upsert?: (object: T, previous: T | undefined) => void;
  delete?: (object: T) => void;
}

export interface ListerWatcher<T> {
  list(signal: AbortSignal): Promise<{ items: T[]; resourceVersion: string }>;
  /** One watch from `resourceVersion`; resolves when the stream ends. */
  watch(
    resourceVersion: string,
    onEvent: (event: WatchEvent<T>) => void,
    signal: AbortSignal,
    timeoutSeconds: number,
  ): Promise<void>;
}

export interface InformerOptions {
  /** Shortest and longest pause after a failed list or watch. */
  backoffMs?: { min: number; max: number };
  /** Server-side watch timeout, as client-go picks one (5–10 min); shorter in tests. */
  watchTimeoutSeconds?: number;
  onError?: (error: unknown) => void;
}

export interface Selectors {
  labelSelector?: string;
  fieldSelector?: string;
}

/** LIST and WATCH of a collection path (`/api/v1/pods`, `/apis/…/namespaces/x/leases`). */
export function pathListerWatcher<T extends KubeObject>(
  client: KubeRestClient,
  path: string,
  selectors: Selectors = {},
): ListerWatcher<T> {
  return {
    async list(signal) {
      const list = await client.list<T>(path, { query: { ...selectors }, signal });
      return { items: list.items, resourceVersion: list.metadata.resourceVersion ?? "" };
    },
    watch: (resourceVersion, onEvent, signal, timeoutSeconds) =>
      client.watch<T>(
        path,
        {
          resourceVersion,
          allowWatchBookmarks: "true",
          ...selectors,
          timeoutSeconds: String(timeoutSeconds),
        },
        onEvent,
        signal,
      ),
  };
}

/** LIST and WATCH of a kind through KubeObjects (the objects carry apiVersion/kind). */
export function queryListerWatcher(objects: KubeObjects, query: ListQuery): ListerWatcher<KubeObject> {
  return {
    list: () => objects.list(query),
    watch: (resourceVersion, onEvent, signal) =>
      objects.watch(
        query,
        resourceVersion,
        onEvent as (event: WatchEvent<Record<string, unknown>>) => void,
        signal,
      ),
  };
}

/** An informer of a collection path; `labelSelector`/`fieldSelector` narrow its LIST and WATCH. */
export function pathInformer<T extends KubeObject>(
  client: KubeRestClient,
  path: string,
  options: InformerOptions & Selectors = {},
): Informer<T> {
  const { labelSelector, fieldSelector, ...rest } = options;
  const selectors = {
    ...(labelSelector === undefined ? {} : { labelSelector }),
    ...(fieldSelector === undefined ? {} : { fieldSelector }),
  };
  return new Informer<T>(pathListerWatcher<T>(client, path, selectors), rest);
}

/** An informer of a kind (a query: apiVersion, kind, namespace, selectors) through KubeObjects. */
export function kindInformer(
  objects: KubeObjects,
  query: ListQuery,
  options: InformerOptions = {},
): Informer<KubeObject> {
  return new Informer(queryListerWatcher(objects, query), options);
}

export function objectKey(object: KubeObject): string {
  return object.metadata.namespace
    ? `${object.metadata.namespace}/${object.metadata.name}`
    : object.metadata.name;
}

export class Informer<T extends KubeObject> {
  private readonly store = new Map<string, T>();
  private readonly handlers: InformerHandlers<T>[] = [];
  private readonly abort = new AbortController();
  private resourceVersion: string | undefined;
  private syncedResolve!: () => void;
  /** Resolves once the first LIST is in the cache and its handlers ran. */
  readonly synced = new Promise<void>((resolve) => {
    this.syncedResolve = resolve;
  });
  private running: Promise<void> | undefined;
  private readonly source: ListerWatcher<T>;
  private readonly options: InformerOptions;

  constructor(source: ListerWatcher<T>, options: InformerOptions = {}) {
    this.source = source;
    this.options = options;
  }

  /**
   * Adds handlers; objects already in the cache are replayed to them as upserts, as client-go's
   * sharedIndexInformer.AddEventHandler does for a running informer (tools/cache/
   * shared_informer.go: an addNotification per item of the indexer), so a handler added after
   * the sync misses nothing.
   */
  on(handlers: InformerHandlers<T>): this {
    this.handlers.push(handlers);
    for (const object of this.store.values()) handlers.upsert?.(object, undefined);
    return this;
  }

  list(): T[] {
    return [...this.store.values()];
  }

  get(key: string): T | undefined {
    return this.store.get(key);
  }

  start(): this {
    this.running ??= this.loop();
    return this;
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
  }

  private async loop(): Promise<void> {
    const { min, max } = this.options.backoffMs ?? { min: 800, max: 30_000 };
    let pause = min;
    while (!this.abort.signal.aborted) {
      try {
        if (this.resourceVersion === undefined) await this.relist();
        await this.watchOnce();
        pause = min;
      } catch (error) {
        if (this.abort.signal.aborted) return;
        if (isGone(error)) {
          this.resourceVersion = undefined;
          continue;
        }
        this.options.onError?.(error);
        await sleep(pause, this.abort.signal);
        pause = Math.min(max, pause * 2);
      }
    }
  }

  private async relist(): Promise<void> {
    const list = await this.source.list(this.abort.signal);
    const seen = new Set<string>();
    for (const item of list.items) {
      const key = objectKey(item);
      seen.add(key);
      const previous = this.store.get(key);
      this.store.set(key, item);
      if (previous?.metadata.resourceVersion !== item.metadata.resourceVersion || previous === undefined) {
        for (const h of this.handlers) h.upsert?.(item, previous);
      }
    }
    for (const [key, object] of [...this.store]) {
      if (seen.has(key)) continue;
      this.store.delete(key);
      for (const h of this.handlers) h.delete?.(object);
    }
    this.resourceVersion = list.resourceVersion;
    this.syncedResolve();
  }

  private async watchOnce(): Promise<void> {
    await this.source.watch(
      this.resourceVersion ?? "",
      (event) => this.apply(event),
      this.abort.signal,
      this.options.watchTimeoutSeconds ?? 300 + Math.floor(Math.random() * 300),
    );
  }

  private apply(event: WatchEvent<T>): void {
    if (event.type === "ERROR")
      throw watchError(event.object as unknown as { code?: number; message?: string });
    const version = event.object.metadata?.resourceVersion;
    if (version) this.resourceVersion = version;
    if (event.type === "BOOKMARK") return;
    const key = objectKey(event.object);
    if (event.type === "DELETED") {
      const previous = this.store.get(key) ?? event.object;
      this.store.delete(key);
      for (const h of this.handlers) h.delete?.(previous);
      return;
    }
    const previous = this.store.get(key);
    this.store.set(key, event.object);
    for (const h of this.handlers) h.upsert?.(event.object, previous);
  }
}

function watchError(status: { code?: number; message?: string }): Error {
  const error = new Error(`watch error ${status.code ?? "?"}: ${status.message ?? ""}`) as Error & {
    code?: number;
  };
  error.code = status.code;
  return error;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}
