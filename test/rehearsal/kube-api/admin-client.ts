// Raw requests to the API server as the admin (kind's client certificate), for tests of the
// server's own rules: JSON in, status + JSON + headers out; and watch streams read line by line.

import { request } from "node:https";
import type { FakeKubeApi } from "../../support/fake-kube-api.ts";
import { httpsRequest, type RawResponse } from "./https-request.ts";

export interface AdminClient {
  get(path: string, accept?: string): Promise<RawResponse>;
  post(path: string, body: unknown): Promise<RawResponse>;
  put(path: string, body: unknown): Promise<RawResponse>;
  apply(path: string, body: unknown, manager: string, force?: boolean): Promise<RawResponse>;
  mergePatch(path: string, body: unknown): Promise<RawResponse>;
  delete(path: string, body?: unknown): Promise<RawResponse>;
  watch(path: string): Promise<WatchStream>;
}

export interface WatchEvent {
  type: string;
  object: Record<string, unknown>;
}

export interface WatchStream {
  /** The next event, or undefined when the stream ends first. */
  next(): Promise<WatchEvent | undefined>;
  /** Whether the server has ended the stream. */
  ended(): Promise<void>;
  close(): void;
}

export function adminClient(api: FakeKubeApi): AdminClient {
  const credentials = { ca: api.pki.ca.cert, cert: api.pki.admin.cert, key: api.pki.admin.key };
  const send = (
    method: string,
    path: string,
    body?: unknown,
    contentType = "application/json",
    accept?: string,
  ) =>
    httpsRequest(`${api.url}${path}`, credentials, {
      method,
      ...(body !== undefined
        ? { body: typeof body === "string" ? body : JSON.stringify(body), contentType }
        : {}),
      ...(accept ? { accept } : {}),
    });
  return {
    get: (path, accept) => send("GET", path, undefined, undefined, accept),
    post: (path, body) => send("POST", path, body),
    put: (path, body) => send("PUT", path, body),
    apply: (path, body, manager, force = false) =>
      send(
        "PATCH",
        `${path}?fieldManager=${manager}${force ? "&force=true" : ""}`,
        body,
        "application/apply-patch+yaml",
      ),
    mergePatch: (path, body) => send("PATCH", path, body, "application/merge-patch+json"),
    delete: (path, body) => send("DELETE", path, body),
    watch: (path) => openWatch(`${api.url}${path}`, credentials),
  };
}

function openWatch(
  url: string,
  credentials: { ca: string; cert: string; key: string },
): Promise<WatchStream> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { ...credentials, agent: false }, (incoming) => {
      const events: WatchEvent[] = [];
      const waiters: ((event: WatchEvent | undefined) => void)[] = [];
      let done = false;
      let buffer = "";
      const finish = () => {
        done = true;
        for (const waiter of waiters.splice(0)) waiter(undefined);
        for (const waiter of endWaiters.splice(0)) waiter();
      };
      const endWaiters: (() => void)[] = [];
      incoming.on("data", (chunk: Buffer) => {
        buffer += chunk.toString("utf8");
        for (let newline = buffer.indexOf("\n"); newline >= 0; newline = buffer.indexOf("\n")) {
          const line = buffer.slice(0, newline);
          buffer = buffer.slice(newline + 1);
          if (line.trim() === "") continue;
          const event = JSON.parse(line) as WatchEvent;
          const waiter = waiters.shift();
          if (waiter) waiter(event);
          else events.push(event);
        }
      });
      incoming.on("end", finish);
      incoming.on("close", finish);
      incoming.on("error", finish);
      resolve({
        next: () => {
          const event = events.shift();
          if (event || done) return Promise.resolve(event);
          return new Promise((settle) => waiters.push(settle));
        },
        ended: () => (done ? Promise.resolve() : new Promise((settle) => endWaiters.push(settle))),
        close: () => outgoing.destroy(),
      });
    });
    outgoing.on("error", reject);
    outgoing.end();
  });
}
