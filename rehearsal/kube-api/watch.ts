// WATCH streams as kube-apiserver's watch cache serves them (k8s.io/apiserver
// pkg/storage/cacher): newline-delimited events; no resourceVersion (or "0") starts with ADDED for
// what exists; `sendInitialEvents=true` (with resourceVersionMatch=NotOlderThan and bookmarks)
// ends those with a BOOKMARK annotated `k8s.io/initial-events-end`; a resourceVersion older than
// the kept history is an ERROR event (HTTP 200) carrying a 410 Expired Status; one newer than the
// server's is an ERROR 504 ResourceVersionTooLarge after the cacher's 3 s wait; an object that
// stops matching the selectors arrives as DELETED (its previous content), one that starts
// matching as ADDED; BOOKMARKs about every minute and 2 s before `timeoutSeconds` ends the
// stream; without a timeout the server ends it after a random 30-60 minutes (minRequestTimeout).

import type { ServerResponse } from "node:http";
import type { Selectors } from "./list-query.ts";
import type { FakeObjectStore, Json, StoredEvent } from "./object-store.ts";
import { type FakeResource, groupVersionOf } from "./resources.ts";
import { StatusError, statusBody } from "./status.ts";

export interface WatchTiming {
  /** Between periodic BOOKMARKs (cacher: 1 minute). */
  bookmarkIntervalMs: number;
  /** How long a too-new resourceVersion is waited for before the 504 (cacher: 3 s). */
  tooLargeWaitMs: number;
}

export const REAL_WATCH_TIMING: WatchTiming = { bookmarkIntervalMs: 60_000, tooLargeWaitMs: 3_000 };

export interface ServedWatch {
  response: ServerResponse;
  resource: FakeResource;
  bookmarks: boolean;
  /** Sends a BOOKMARK now (if the client allowed them). */
  bookmark(): void;
}

export interface WatchRequest {
  resource: FakeResource;
  namespace: string | undefined;
  query: URLSearchParams;
  selectors: Selectors;
  present: (object: Json) => Json;
}

/** ListOptions validation of watch-list parameters (422 as metainternalversion validation does). */
export function checkWatchOptions(query: URLSearchParams): void {
  if (query.get("sendInitialEvents") === null) return;
  const causes: { reason: string; message: string; field: string }[] = [];
  if (query.get("resourceVersionMatch") !== "NotOlderThan") {
    causes.push({
      reason: "FieldValueForbidden",
      message: "Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan",
      field: "resourceVersionMatch",
    });
  }
  if (query.get("sendInitialEvents") === "true" && query.get("allowWatchBookmarks") !== "true") {
    causes.push({
      reason: "FieldValueForbidden",
      message: "Forbidden: sendInitialEvents requires setting allowWatchBookmarks to true",
      field: "allowWatchBookmarks",
    });
  }
  if (causes.length === 0) return;
  const lines = causes.map((cause) => `${cause.field}: ${cause.message}`);
  throw new StatusError(
    422,
    "Invalid",
    `ListOptions.meta.k8s.io "" is invalid: ${lines.length === 1 ? lines[0] : `[${lines.join(", ")}]`}`,
    {
      group: "meta.k8s.io",
      kind: "ListOptions",
      causes,
    },
  );
}

export function serveWatch(
  store: FakeObjectStore,
  request: WatchRequest,
  response: ServerResponse,
  timing: WatchTiming,
  onOpen: (watch: ServedWatch) => () => void,
): void {
  const { resource, namespace, query, selectors, present } = request;
  response.writeHead(200, { "content-type": "application/json", "transfer-encoding": "chunked" });
  response.flushHeaders();
  const send = (type: string, object: unknown) => {
    if (!response.writableEnded && !response.destroyed)
      response.write(`${JSON.stringify({ type, object })}\n`);
  };
  const inScope = (event: StoredEvent) =>
    event.group === resource.group &&
    event.plural === resource.plural &&
    (namespace === undefined || (event.object.metadata as Json | undefined)?.namespace === namespace);
  const bookmarks = query.get("allowWatchBookmarks") === "true";
  const bookmarkObject = (annotations?: Record<string, string>) => ({
    kind: resource.kind,
    apiVersion: groupVersionOf(resource),
    metadata: { resourceVersion: String(store.currentVersion), ...(annotations ? { annotations } : {}) },
  });
  const bookmark = () => {
    if (bookmarks) send("BOOKMARK", bookmarkObject());
  };
  const fromText = query.get("resourceVersion") ?? "";
  const from = Number(fromText);
  const sendInitial = query.get("sendInitialEvents") === "true";
  const timers: NodeJS.Timeout[] = [];
  const end = () => {
    for (const timer of timers) clearTimeout(timer);
    if (!response.writableEnded) response.end();
  };

  if (fromText !== "" && fromText !== "0" && !sendInitial) {
    if (!Number.isInteger(from)) {
      send("ERROR", statusBody(400, "BadRequest", `invalid resource version: ${fromText}`));
      end();
      return;
    }
    if (from < store.compactedBefore) {
      send(
        "ERROR",
        statusBody(410, "Expired", `too old resource version: ${from} (${store.compactedBefore})`),
      );
      end();
      return;
    }
    if (from > store.currentVersion) {
      const timer = setTimeout(() => {
        if (from <= store.currentVersion) return;
        send("ERROR", {
          ...statusBody(
            504,
            "Timeout",
            `Too large resource version: ${from}, current: ${store.currentVersion}`,
            {
              causes: [{ reason: "ResourceVersionTooLarge", message: "Too large resource version" }],
              retryAfterSeconds: 1,
            },
          ),
        });
        end();
      }, timing.tooLargeWaitMs);
      timers.push(timer);
      response.on("close", () => clearTimeout(timer));
      return;
    }
  }

  const deliver = (event: StoredEvent) => {
    if (!inScope(event)) return;
    const now = selectors.matches(event.object);
    if (event.type === "MODIFIED" && event.previous) {
      const before = selectors.matches(event.previous);
      if (now && !before) return send("ADDED", present(event.object));
      if (!now && before) {
        const previous = structuredClone(event.previous);
        (previous.metadata as Json).resourceVersion = String(event.resourceVersion);
        return send("DELETED", present(previous));
      }
    }
    if (now) send(event.type, present(event.object));
  };

  if (fromText === "" || fromText === "0" || sendInitial) {
    for (const item of store.list(resource, namespace))
      if (selectors.matches(item)) send("ADDED", present(item));
    if (sendInitial) send("BOOKMARK", bookmarkObject({ "k8s.io/initial-events-end": "true" }));
  } else {
    for (const event of store.eventsSince(from)) deliver(event);
  }
  const unsubscribe = store.subscribe(deliver);
  const timeoutSeconds = Number(query.get("timeoutSeconds") ?? "0");
  // Without timeoutSeconds: minRequestTimeout (1800 s) times a random factor in [1, 2).
  const timeoutMs = timeoutSeconds > 0 ? timeoutSeconds * 1000 : 1800_000 * (1 + Math.random());
  timers.push(setTimeout(end, timeoutMs));
  if (bookmarks) {
    const periodic = setInterval(bookmark, timing.bookmarkIntervalMs);
    timers.push(periodic);
    if (timeoutMs > 2000) timers.push(setTimeout(bookmark, timeoutMs - 2000));
  }
  const unregister = onOpen({ response, resource, bookmarks, bookmark });
  response.on("close", () => {
    unsubscribe();
    for (const timer of timers) clearTimeout(timer);
    unregister();
  });
}
