// A list+watch cache of one kind, as client-go's reflector keeps one: list, then watch from the
// list's resourceVersion, re-watch when the server ends a stream, relist on 410 Gone. Handlers see
// upserts and deletes in order; `synced` resolves after the first list was delivered.

import type { KubeObjects, ListQuery, Obj } from "./kube-objects.ts";
import { keyOf } from "./kube-objects.ts";

export interface InformerHandlers {
  upsert?(object: Obj, previous: Obj | undefined): void;
  delete?(object: Obj): void;
  /** After the initial list (and after every relist) has been delivered. */
  synced?(): void;
}

export interface InformerOptions {
  /** Pause before retrying after a failed list or watch (default 1 s). */
  retryMs?: number;
  onError?(error: unknown): void;
}

export class Informer {
  readonly query: ListQuery;
  readonly #objects: KubeObjects;
  readonly #handlers: InformerHandlers[] = [];
  readonly #cache = new Map<string, Obj>();
  readonly #options: InformerOptions;
  readonly #abort = new AbortController();
  #syncedResolve!: () => void;
  readonly synced: Promise<void> = new Promise((resolve) => {
    this.#syncedResolve = resolve;
  });
  #running: Promise<void> | undefined;

  constructor(objects: KubeObjects, query: ListQuery, options: InformerOptions = {}) {
    this.#objects = objects;
    this.query = query;
    this.#options = options;
  }

  on(handlers: InformerHandlers): this {
    this.#handlers.push(handlers);
    return this;
  }

  get(key: string): Obj | undefined {
    return this.#cache.get(key);
  }

  list(): Obj[] {
    return [...this.#cache.values()];
  }

  start(): this {
    this.#running ??= this.#run();
    return this;
  }

  async stop(): Promise<void> {
    this.#abort.abort();
    await this.#running;
  }

  async #run(): Promise<void> {
    const signal = this.#abort.signal;
    while (!signal.aborted) {
      let resourceVersion: string;
      try {
        resourceVersion = await this.#relist();
      } catch (error) {
        this.#options.onError?.(error);
        await pause(this.#options.retryMs ?? 1000, signal);
        continue;
      }
      // Watch until the history is gone (410) or the informer stops.
      while (!signal.aborted) {
        let expired = false;
        try {
          await this.#objects.watch(
            this.query,
            resourceVersion,
            (event) => {
              const version = (event.object.metadata as { resourceVersion?: string } | undefined)
                ?.resourceVersion;
              if (event.type === "ERROR") {
                if ((event.object as { code?: number }).code === 410) expired = true;
                return;
              }
              if (version) resourceVersion = version;
              if (event.type === "BOOKMARK") return;
              const object = event.object as Obj;
              if (event.type === "DELETED") this.#remove(object);
              else this.#upsert(object);
            },
            signal,
          );
        } catch (error) {
          if (signal.aborted) return;
          this.#options.onError?.(error);
          if ((error as { status?: number }).status === 410) expired = true;
          else await pause(this.#options.retryMs ?? 1000, signal);
        }
        if (expired) break;
      }
    }
  }

  async #relist(): Promise<string> {
    const list = await this.#objects.list(this.query);
    const seen = new Set<string>();
    for (const item of list.items) {
      seen.add(keyOf(item));
      this.#upsert(item);
    }
    for (const [key, object] of [...this.#cache]) if (!seen.has(key)) this.#remove(object);
    for (const handler of this.#handlers) handler.synced?.();
    this.#syncedResolve();
    return list.resourceVersion;
  }

  #upsert(object: Obj): void {
    const key = keyOf(object);
    const previous = this.#cache.get(key);
    if (previous && previous.metadata.resourceVersion === object.metadata.resourceVersion) return;
    this.#cache.set(key, object);
    for (const handler of this.#handlers) handler.upsert?.(object, previous);
  }

  #remove(object: Obj): void {
    const key = keyOf(object);
    const cached = this.#cache.get(key);
    this.#cache.delete(key);
    for (const handler of this.#handlers) handler.delete?.(cached ?? object);
  }
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
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
