// A Kubernetes API server in one process: HTTPS with client certificates and bearer tokens,
// speaking the real wire format to real clients (@kubernetes/client-node, kubectl, the cilium
// CLI): discovery, GET, LIST with selectors, server-side apply, create, replace, DELETE, Status
// bodies for 4xx, watch streams, pod logs, exec and port-forward (streams from a pluggable
// PodStreams backend). The tests' API server (test/support/fake-kube-api.ts) and the rehearsal's
// (main.ts, in the control-plane node). Behaviour and its sources: README.md here.

import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer, type Server } from "node:https";
import type { Duplex } from "node:stream";
import { parse as parseYaml } from "yaml";
import type { ApiExtensions } from "./api-extensions.ts";
import { type AuthenticationOptions, authenticate, type TokenAuthenticator } from "./authentication.ts";
import { isAllowed } from "./authorization.ts";
import type { KeyPair } from "./certificates.ts";
import { decideDeletion, generatedName, parseDeleteOptions, readyToRemove } from "./deletion.ts";
import { kindKubeconfig } from "./kubeconfig.ts";
import { FakeObjectStore, type Json, metadataOf, type ObjectKey, type StoredEvent } from "./object-store.ts";
import { NO_POD_STREAMS, type PodStreams } from "./pod-streams.ts";
import {
  execProtocol,
  portForwardProtocol,
  prepareExec,
  preparePortForward,
  serveExec,
  serveLog,
  servePortForward,
} from "./pod-subresources.ts";
import { DEFAULT_RESOURCES, type FakeResource, groupVersionOf, splitApiVersion } from "./resources.ts";
import { matchesFields, matchesLabels, parseLabelSelector } from "./selectors.ts";
import { qualifiedResource, StatusError, statusBody } from "./status.ts";

export interface KubeApiServerOptions {
  /** The serving certificate and key, and the CA that client certificates must chain to. */
  tls: { cert: string; key: string; clientCa: string };
  /** Bearer token authenticators (static token file, ServiceAccount tokens). */
  tokens?: readonly TokenAuthenticator[];
  /** --anonymous-auth (default true, as kind runs it). */
  anonymous?: boolean;
  resources?: readonly FakeResource[];
  /** Where exec, logs and port-forward go (default: nowhere, every stream fails saying so). */
  podStreams?: PodStreams;
  /** Registry strategies and admission a host plugs in (the rehearsal's control plane). */
  extensions?: ApiExtensions;
  /** Keep every request in `requests` (tests read them; a long-running server would only grow). */
  recordRequests?: boolean;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  contentType: string | undefined;
  body: string;
}

export interface InjectedFailure {
  method?: string;
  /** Matched against the path (substring or RegExp). */
  path?: string | RegExp;
  code: number;
  reason: string;
  message: string;
  /** How many matching requests fail (default 1). */
  times?: number;
  /** Only WATCH requests (true) or only the others (false). */
  watch?: boolean;
}

export interface ObjectRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

/** The groups whose list items come back without apiVersion/kind (built-ins, as real servers do). */
const BUILT_IN_GROUPS = new Set(["", "apps", "coordination.k8s.io", "apiextensions.k8s.io"]);

interface ActiveWatch {
  response: ServerResponse;
  resource: FakeResource;
  bookmarks: boolean;
}

export class KubeApiServer {
  readonly store = new FakeObjectStore();
  readonly requests: RecordedRequest[] = [];
  private readonly resources: FakeResource[];
  private readonly server: Server;
  private readonly watches = new Set<ActiveWatch>();
  private readonly failures: InjectedFailure[] = [];
  private readonly hangs: { method?: string; path?: string; watch?: boolean; times: number }[] = [];
  private readonly hung = new Set<ServerResponse>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly sockets = new Set<Duplex>();
  private readonly upgradeSockets = new Set<Duplex>();
  private readonly heldUpgrades: (() => void)[] = [];
  private readonly authentication: AuthenticationOptions;
  private readonly caCert: string;
  podStreams: PodStreams;
  private readonly extensions: ApiExtensions;
  private readonly recordRequests: boolean;
  private readonly watchStartListeners: ((query: Record<string, string>) => void)[] = [];
  private watchWaiters: { count: number; resolve: () => void }[] = [];
  private uidCounter = 0;
  /** Milliseconds a DELETE keeps the object (with deletionTimestamp) before it is gone. */
  deletionDelayMs = 0;
  url = "";

  constructor(options: KubeApiServerOptions) {
    this.resources = [...(options.resources ?? DEFAULT_RESOURCES)];
    this.podStreams = options.podStreams ?? NO_POD_STREAMS;
    this.extensions = options.extensions ?? {};
    this.recordRequests = options.recordRequests ?? true;
    this.caCert = options.tls.clientCa;
    this.authentication = { tokens: options.tokens ?? [], anonymous: options.anonymous ?? true };
    // Client certificates are asked for, not required: a request without one may still carry a
    // bearer token or be anonymous; authenticate() decides (as kube-apiserver's RequestClientCert).
    this.server = createServer(
      {
        cert: options.tls.cert,
        key: options.tls.key,
        ca: options.tls.clientCa,
        requestCert: true,
        rejectUnauthorized: false,
      },
      (request, response) => {
        this.handle(request, response).catch((error: unknown) => {
          if (error instanceof StatusError) {
            return sendJson(response, error.code, error.body);
          }
          this.sendStatus(response, 500, "InternalError", String(error));
        });
      },
    );
    this.server.on("upgrade", (request, socket) => this.handleUpgrade(request, socket));
    this.server.on("secureConnection", (socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
  }

  /** Listens on `host:port` (port 0 picks a free one); `url` is set when the promise resolves. */
  async listen(port = 0, host = "127.0.0.1"): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, host, () => resolve());
    });
    const address = this.server.address();
    if (address === null || typeof address === "string") throw new Error("API server has no port");
    const shown = address.family === "IPv6" ? `[${address.address}]` : address.address;
    this.url = `https://${shown}:${address.port}`;
    return this.url;
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** A kubeconfig as kind writes it, for a client presenting `client` (e.g. the admin's pair). */
  kubeconfig(client: KeyPair, options: { contexts?: string[]; current?: string } = {}): string {
    return kindKubeconfig({
      contexts: options.contexts ?? ["kind-cc-test"],
      ...(options.current ? { current: options.current } : {}),
      server: this.url,
      caCert: this.caCert,
      client,
    });
  }

  /** Serves another resource from now on (a CRD's kinds once it exists); no-op when served. */
  addResource(resource: FakeResource): void {
    const known = this.resources.some(
      (r) => r.group === resource.group && r.version === resource.version && r.plural === resource.plural,
    );
    if (!known) this.resources.push(resource);
  }

  /** Stops serving a resource (its CRD went away). */
  removeResource(group: string, plural: string): void {
    for (let i = this.resources.length - 1; i >= 0; i -= 1) {
      const r = this.resources[i];
      if (r && r.group === group && r.plural === plural) this.resources.splice(i, 1);
    }
  }

  // ---- test controls -------------------------------------------------------------------------

  /** Creates or replaces an object as a controller would (no apply semantics); emits ADDED/MODIFIED. */
  put(object: Json): Json {
    const { key } = this.keyOfObject(object);
    const existing = this.store.get(key);
    const copy = structuredClone(object);
    const meta = metadataOf(copy);
    meta.uid ??= existing ? metadataOf(existing).uid : this.nextUid();
    meta.creationTimestamp ??= existing ? metadataOf(existing).creationTimestamp : new Date().toISOString();
    meta.generation ??= existing ? metadataOf(existing).generation : 1;
    return this.store.write(key, copy);
  }

  get(ref: ObjectRef): Json | undefined {
    return this.store.get(this.keyOfRef(ref));
  }

  /** Changes a stored object in place (e.g. its status); emits MODIFIED. */
  mutate(ref: ObjectRef, change: (object: Json) => void): Json {
    const key = this.keyOfRef(ref);
    const object = this.store.get(key);
    if (!object) throw new Error(`fake API server: ${ref.kind} ${ref.name} does not exist`);
    change(object);
    return this.store.write(key, object);
  }

  /** mutate() after `ms` milliseconds (a controller acting later). */
  mutateLater(ms: number, ref: ObjectRef, change: (object: Json) => void): void {
    this.later(ms, () => this.mutate(ref, change));
  }

  remove(ref: ObjectRef): void {
    this.store.remove(this.keyOfRef(ref));
  }

  later(ms: number, action: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      action();
    }, ms);
    this.timers.add(timer);
  }

  /** The next matching request(s) fail with this status. */
  failNext(failure: InjectedFailure): void {
    this.failures.push({ times: 1, ...failure });
  }

  /**
   * The next matching request(s) get no answer at all (a stuck API server): the response stays
   * open until the client gives up. `watch` tells a WATCH (true) from a LIST/GET (false).
   */
  hangNext(hang: { method?: string; path?: string; watch?: boolean; times?: number }): void {
    this.hangs.push({ times: 1, ...hang });
  }

  /** Requests held by `hangNext` that the client has not closed yet. */
  get hangingRequests(): number {
    return this.hung.size;
  }

  /** Old resourceVersions expire: a watch from one gets an ERROR event with code 410. */
  compactHistory(): void {
    this.store.compact();
  }

  /** Cuts every open watch: `abrupt` destroys the socket mid-stream, else the server ends it cleanly. */
  dropWatches(options: { abrupt?: boolean } = {}): number {
    const count = this.watches.size;
    for (const watch of this.watches) {
      if (options.abrupt) watch.response.socket?.destroy();
      else watch.response.end();
    }
    this.watches.clear();
    return count;
  }

  /** Called when a watch request arrives, before it is served (e.g. to compact history first). */
  onWatchStart(listener: (query: Record<string, string>) => void): void {
    this.watchStartListeners.push(listener);
  }

  /** Resolves once `count` watches are open and served (their initial events sent): events, not sleeps. */
  whenWatching(count = 1): Promise<void> {
    if (this.watches.size >= count) return Promise.resolve();
    return new Promise((resolve) => this.watchWaiters.push({ count, resolve }));
  }

  get openWatches(): number {
    return this.watches.size;
  }

  /** Sends a BOOKMARK with the current resourceVersion to watches that allowed bookmarks. */
  sendBookmarks(): void {
    for (const watch of this.watches) {
      if (!watch.bookmarks) continue;
      const object = {
        kind: watch.resource.kind,
        apiVersion: groupVersionOf(watch.resource),
        metadata: { resourceVersion: String(this.store.currentVersion) },
      };
      watch.response.write(`${JSON.stringify({ type: "BOOKMARK", object })}\n`);
    }
  }

  requestsMatching(method: string, pathPart: string): RecordedRequest[] {
    return this.requests.filter((request) => request.method === method && request.path.includes(pathPart));
  }

  // ---- HTTP ----------------------------------------------------------------------------------

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://fake");
    const body = await readBody(request);
    const method = request.method ?? "GET";
    if (this.recordRequests)
      this.requests.push({
        method,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        contentType: request.headers["content-type"],
        body,
      });
    const refusal = this.refusal(request, method, url.pathname);
    if (refusal) return sendJson(response, refusal.code, refusal.body);
    const hang = this.hangs.find(
      (entry) =>
        entry.times > 0 &&
        (entry.method === undefined || entry.method === method) &&
        (entry.path === undefined || url.pathname.includes(entry.path)) &&
        (entry.watch === undefined || entry.watch === (url.searchParams.get("watch") === "true")),
    );
    if (hang) {
      hang.times -= 1;
      this.hung.add(response);
      response.on("close", () => this.hung.delete(response));
      return;
    }
    const injected = this.takeFailure(method, url.pathname, url.searchParams.get("watch") === "true");
    if (injected) return this.sendStatus(response, injected.code, injected.reason, injected.message);

    const segments = url.pathname.split("/").filter(Boolean);
    if (method === "GET" && segments.length === 1 && segments[0] === "api") {
      return sendJson(response, 200, {
        kind: "APIVersions",
        versions: ["v1"],
        serverAddressByClientCIDRs: [],
      });
    }
    if (method === "GET" && segments.length === 1 && segments[0] === "apis") return this.sendGroups(response);
    if (method === "GET" && segments[0] === "version") {
      return sendJson(response, 200, { major: "1", minor: "35", gitVersion: "v1.35.0-fake" });
    }
    if (method === "GET" && ["/healthz", "/livez", "/readyz"].includes(url.pathname)) {
      response.writeHead(200, { "content-type": "text/plain; charset=utf-8" });
      response.end("ok");
      return;
    }
    const target = this.parseResourcePath(segments);
    if (!target)
      return this.sendStatus(response, 404, "NotFound", "the server could not find the requested resource");
    if ("resourceList" in target) {
      if (target.resourceList.length === 0) {
        return this.sendStatus(response, 404, "NotFound", "the server could not find the requested resource");
      }
      return sendJson(response, 200, {
        kind: "APIResourceList",
        apiVersion: "v1",
        groupVersion: target.groupVersion,
        resources: target.resourceList.map((resource) => ({
          name: resource.plural,
          singularName: resource.kind.toLowerCase(),
          namespaced: resource.namespaced,
          kind: resource.kind,
          verbs: ["create", "delete", "get", "list", "patch", "update", "watch"],
        })),
      });
    }
    const { resource, namespace, name, subresource } = target;
    if (name === undefined) {
      if (method === "GET" && url.searchParams.get("watch") === "true") {
        return this.watch(response, resource, namespace, url.searchParams);
      }
      if (method === "GET") return this.list(response, resource, namespace, url.searchParams);
      if (method === "POST") return this.create(response, resource, namespace, body, url.searchParams);
      return this.sendStatus(response, 405, "MethodNotAllowed", `${method} is not supported on collections`);
    }
    const key: ObjectKey = { group: resource.group, plural: resource.plural, namespace, name };
    if (subresource === "log" && resource.plural === "pods" && method === "GET") {
      const pod = this.store.get(key);
      if (!pod) return this.sendNotFound(response, resource, key.name);
      return serveLog(
        response,
        { namespace: key.namespace ?? "", pod: key.name, object: pod },
        url.searchParams,
        this.podStreams,
      );
    }
    if ((subresource === "exec" || subresource === "portforward") && resource.plural === "pods") {
      // Without the upgrade: the same checks, then the kubelet's refusal of a plain request.
      const pod = this.store.get(key);
      if (!pod) return this.sendNotFound(response, resource, key.name);
      const target = { namespace: key.namespace ?? "", pod: key.name, object: pod };
      if (subresource === "exec") prepareExec(target, url.searchParams);
      else preparePortForward(target, url.searchParams);
      return this.sendStatus(response, 400, "BadRequest", "Upgrade request required");
    }
    if (subresource !== undefined) {
      return this.serveSubresource(request, response, resource, key, subresource, body, url.searchParams);
    }
    if (method === "GET") {
      const object = this.store.get(key);
      if (!object) return this.sendNotFound(response, resource, name);
      return sendJson(response, 200, this.present(object, resource));
    }
    if (method === "PATCH") return this.patch(request, response, resource, key, body, url.searchParams);
    if (method === "PUT") return this.replace(response, resource, key, body);
    if (method === "DELETE") return this.delete(response, resource, key, body, url.searchParams);
    return this.sendStatus(response, 405, "MethodNotAllowed", `${method} is not supported`);
  }

  private sendGroups(response: ServerResponse): undefined {
    const groups = new Map<string, string[]>();
    for (const resource of this.resources) {
      if (resource.group === "") continue;
      const versions = groups.get(resource.group) ?? [];
      if (!versions.includes(resource.version)) versions.push(resource.version);
      groups.set(resource.group, versions);
    }
    sendJson(response, 200, {
      kind: "APIGroupList",
      apiVersion: "v1",
      groups: [...groups].map(([name, versions]) => ({
        name,
        versions: versions.map((version) => ({ groupVersion: `${name}/${version}`, version })),
        preferredVersion: { groupVersion: `${name}/${versions[0]}`, version: versions[0] },
      })),
    });
  }

  private parseResourcePath(segments: string[]):
    | { groupVersion: string; resourceList: FakeResource[] }
    | {
        resource: FakeResource;
        namespace: string | undefined;
        name: string | undefined;
        subresource: string | undefined;
      }
    | undefined {
    let group: string;
    let version: string;
    let rest: string[];
    if (segments[0] === "api" && segments[1] !== undefined) {
      group = "";
      version = segments[1];
      rest = segments.slice(2);
    } else if (segments[0] === "apis" && segments[1] !== undefined && segments[2] !== undefined) {
      group = segments[1];
      version = segments[2];
      rest = segments.slice(3);
    } else {
      return undefined;
    }
    const served = this.resources.filter(
      (resource) => resource.group === group && resource.version === version,
    );
    if (rest.length === 0) {
      return { groupVersion: group === "" ? version : `${group}/${version}`, resourceList: served };
    }
    let namespace: string | undefined;
    let plural: string | undefined;
    let name: string | undefined;
    let subresource: string | undefined;
    if (rest[0] === "namespaces" && rest.length === 3 && (rest[2] === "status" || rest[2] === "finalize")) {
      // A namespace's own subresources: /api/v1/namespaces/<name>/status|finalize.
      [plural, name, subresource] = rest;
    } else if (rest[0] === "namespaces" && rest.length >= 3) {
      [, namespace, plural, name, subresource] = rest;
    } else {
      [plural, name, subresource] = rest;
    }
    const resource = served.find((candidate) => candidate.plural === plural);
    if (!resource) return undefined;
    if (!resource.namespaced && namespace !== undefined) return undefined;
    if (resource.namespaced && namespace === undefined && name !== undefined) return undefined;
    return { resource, namespace, name, subresource };
  }

  private list(
    response: ServerResponse,
    resource: FakeResource,
    namespace: string | undefined,
    query: URLSearchParams,
  ): undefined {
    let items: Json[];
    try {
      items = this.filtered(resource, namespace, query);
    } catch (error) {
      return this.sendStatus(response, 400, "BadRequest", (error as Error).message);
    }
    const strip = BUILT_IN_GROUPS.has(resource.group);
    sendJson(response, 200, {
      apiVersion: groupVersionOf(resource),
      kind: `${resource.kind}List`,
      metadata: { resourceVersion: String(this.store.currentVersion) },
      items: items.map((item) => {
        const shown = this.present(item, resource);
        if (strip) {
          delete shown.apiVersion;
          delete shown.kind;
        }
        return shown;
      }),
    });
  }

  private filtered(resource: FakeResource, namespace: string | undefined, query: URLSearchParams): Json[] {
    const labels = parseLabelSelector(query.get("labelSelector") ?? "");
    const fields = query.get("fieldSelector");
    return this.store
      .list(resource, namespace)
      .filter(
        (item) =>
          matchesLabels(labels, metadataOf(item).labels as Record<string, string> | undefined) &&
          matchesFields(fields, item),
      );
  }

  private watch(
    response: ServerResponse,
    resource: FakeResource,
    namespace: string | undefined,
    query: URLSearchParams,
  ): undefined {
    const labels = parseLabelSelector(query.get("labelSelector") ?? "");
    const fields = query.get("fieldSelector");
    const matches = (event: StoredEvent) =>
      event.group === resource.group &&
      event.plural === resource.plural &&
      (namespace === undefined || metadataOf(event.object).namespace === namespace) &&
      matchesLabels(labels, metadataOf(event.object).labels as Record<string, string> | undefined) &&
      matchesFields(fields, event.object);
    response.writeHead(200, { "content-type": "application/json", "transfer-encoding": "chunked" });
    // A real API server answers the watch at once; headers wait for no event.
    response.flushHeaders();
    const send = (type: string, object: unknown) => {
      // A watch the test ended may still get a store event before its "close" fires.
      if (!response.writableEnded) response.write(`${JSON.stringify({ type, object })}\n`);
    };
    for (const listener of this.watchStartListeners) listener(Object.fromEntries(query));
    const from = query.get("resourceVersion");
    if (from && from !== "0" && Number(from) < this.store.compactedBefore) {
      send(
        "ERROR",
        statusBody(410, "Expired", `too old resource version: ${from} (${this.store.compactedBefore})`),
      );
      response.end();
      return;
    }
    const watch: ActiveWatch = { response, resource, bookmarks: query.get("allowWatchBookmarks") === "true" };
    this.watches.add(watch);
    if (!from || from === "0") {
      for (const item of this.filtered(resource, namespace, query))
        send("ADDED", this.present(item, resource));
    } else {
      for (const event of this.store.eventsSince(Number(from))) {
        if (matches(event)) send(event.type, this.present(event.object, resource));
      }
    }
    const unsubscribe = this.store.subscribe((event) => {
      if (matches(event)) send(event.type, this.present(event.object, resource));
    });
    const timeoutSeconds = Number(query.get("timeoutSeconds") ?? "0");
    const timer = timeoutSeconds > 0 ? setTimeout(() => response.end(), timeoutSeconds * 1000) : undefined;
    response.on("close", () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
      this.watches.delete(watch);
    });
    const ready = this.watchWaiters.filter((waiter) => this.watches.size >= waiter.count);
    this.watchWaiters = this.watchWaiters.filter((waiter) => !ready.includes(waiter));
    for (const waiter of ready) waiter.resolve();
  }

  private create(
    response: ServerResponse,
    resource: FakeResource,
    namespace: string | undefined,
    body: string,
    query: URLSearchParams,
  ): undefined {
    const object = parseYaml(body) as Json;
    const meta = metadataOf(object);
    if (!meta.name && typeof meta.generateName === "string" && meta.generateName !== "") {
      meta.name = generatedName(meta.generateName);
    }
    const name = String(meta.name ?? "");
    if (name === "") {
      return this.sendStatus(
        response,
        422,
        "Invalid",
        `${resource.kind} "" is invalid: metadata.name: Required value: name or generateName is required`,
      );
    }
    const key: ObjectKey = { group: resource.group, plural: resource.plural, namespace, name };
    if (this.store.get(key)) {
      return this.sendStatus(
        response,
        409,
        "AlreadyExists",
        `${qualifiedResource(resource.plural, resource.group)} "${name}" already exists`,
        { name, group: resource.group, kind: resource.plural },
      );
    }
    const created = this.stampNew(object, namespace, query.get("fieldManager") ?? "unknown", "Update");
    if (resource.statusSubresource) delete created.status;
    sendJson(response, 201, this.present(this.commit(resource, key, created, undefined), resource));
  }

  /**
   * Admission, then storage; an object marked for deletion whose last finalizer just went is
   * removed instead (apiserver's deleteWithoutFinalizers after an update).
   */
  private commit(resource: FakeResource, key: ObjectKey, object: Json, old: Json | undefined): Json {
    this.extensions.admit?.({ operation: old ? "UPDATE" : "CREATE", resource, key, object, old });
    if (old && readyToRemove(resource.plural, resource.group, object)) {
      const gone = this.store.remove(key) ?? object;
      this.extensions.removed?.(resource, gone);
      return gone;
    }
    return this.store.write(key, object);
  }

  /** A write to the object itself keeps the stored status when status is a subresource. */
  private keepStatus(resource: FakeResource, existing: Json, updated: Json): void {
    if (!resource.statusSubresource) return;
    if (existing.status === undefined) delete updated.status;
    else updated.status = structuredClone(existing.status);
  }

  private patch(
    request: IncomingMessage,
    response: ServerResponse,
    resource: FakeResource,
    key: ObjectKey,
    body: string,
    query: URLSearchParams,
  ): undefined {
    const contentType = (request.headers["content-type"] ?? "").split(";")[0]?.trim();
    const existing = this.store.get(key);
    // Strategic merge patch is served as a JSON merge patch: lists are replaced, not merged by key.
    if (
      contentType === "application/merge-patch+json" ||
      contentType === "application/strategic-merge-patch+json"
    ) {
      if (!existing) return this.sendNotFound(response, resource, key.name);
      const merged = mergePatch(existing, JSON.parse(body) as Json) as Json;
      this.keepStatus(resource, existing, merged);
      this.bumpGeneration(existing, merged);
      return sendJson(response, 200, this.present(this.commit(resource, key, merged, existing), resource));
    }
    if (contentType !== "application/apply-patch+yaml") {
      return this.sendStatus(
        response,
        415,
        "UnsupportedMediaType",
        `the body of the request was in an unknown format`,
      );
    }
    const manager = query.get("fieldManager");
    if (!manager) {
      return this.sendStatus(
        response,
        422,
        "Invalid",
        'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
      );
    }
    let applied: Json;
    try {
      applied = parseYaml(body) as Json;
    } catch (error) {
      return this.sendStatus(response, 400, "BadRequest", `error decoding YAML: ${(error as Error).message}`);
    }
    const { group } = splitApiVersion(String(applied.apiVersion ?? ""));
    if (group !== resource.group || applied.kind !== resource.kind) {
      return this.sendStatus(
        response,
        400,
        "BadRequest",
        `apiVersion/kind of the body does not match the URL`,
      );
    }
    const appliedMeta = metadataOf(applied);
    if (appliedMeta.name !== key.name) {
      return this.sendStatus(
        response,
        400,
        "BadRequest",
        "the name of the object does not match the name on the URL",
      );
    }
    delete applied.status;
    if (!existing) {
      const created = this.stampNew(applied, key.namespace, manager, "Apply");
      return sendJson(response, 201, this.present(this.commit(resource, key, created, undefined), resource));
    }
    const conflict = this.applyConflict(existing, applied, manager, query.get("force") === "true");
    if (conflict) return this.sendStatus(response, 409, "Conflict", conflict);
    const merged = deepMerge(existing, applied) as Json;
    const meta = metadataOf(merged);
    meta.resourceVersion = metadataOf(existing).resourceVersion;
    meta.managedFields = withManager(
      metadataOf(existing).managedFields,
      manager,
      "Apply",
      String(applied.apiVersion),
    );
    this.bumpGeneration(existing, merged);
    sendJson(response, 200, this.present(this.commit(resource, key, merged, existing), resource));
  }

  /**
   * Server-side apply conflicts, simplified: a resourceVersion precondition that does not match
   * (what the real server also reports as 409), or — without force — a changed value on an
   * object another manager has written.
   */
  private applyConflict(existing: Json, applied: Json, manager: string, force: boolean): string | undefined {
    const name = String(metadataOf(existing).name);
    const wantedVersion = metadataOf(applied).resourceVersion;
    if (wantedVersion !== undefined && wantedVersion !== metadataOf(existing).resourceVersion) {
      return `Operation cannot be fulfilled on ${String(existing.kind).toLowerCase()}s "${name}": the object has been modified; please apply your changes to the latest version and try again`;
    }
    if (force) return undefined;
    const others = ((metadataOf(existing).managedFields as Json[] | undefined) ?? [])
      .map((entry) => String(entry.manager))
      .filter((other) => other !== manager);
    const changed = firstDifference(existing.spec, applied.spec, ".spec");
    if (others.length > 0 && changed) {
      return `Apply failed with 1 conflict: conflict with "${others[0]}": ${changed}`;
    }
    return undefined;
  }

  private replace(response: ServerResponse, resource: FakeResource, key: ObjectKey, body: string): undefined {
    const existing = this.store.get(key);
    if (!existing) return this.sendNotFound(response, resource, key.name);
    const object = parseYaml(body) as Json;
    const wanted = metadataOf(object).resourceVersion;
    if (wanted !== undefined && wanted !== metadataOf(existing).resourceVersion) {
      return this.sendStatus(
        response,
        409,
        "Conflict",
        `the object has been modified; please apply your changes to the latest version and try again`,
      );
    }
    const meta = metadataOf(object);
    meta.uid = metadataOf(existing).uid;
    meta.creationTimestamp = metadataOf(existing).creationTimestamp;
    if (metadataOf(existing).deletionTimestamp !== undefined) {
      meta.deletionTimestamp = metadataOf(existing).deletionTimestamp;
      meta.deletionGracePeriodSeconds = metadataOf(existing).deletionGracePeriodSeconds;
    }
    this.keepStatus(resource, existing, object);
    this.bumpGeneration(existing, object);
    sendJson(response, 200, this.present(this.commit(resource, key, object, existing), resource));
  }

  /** /status (objects whose status is a subresource), namespaces' /finalize, and the host's own. */
  private async serveSubresource(
    request: IncomingMessage,
    response: ServerResponse,
    resource: FakeResource,
    key: ObjectKey,
    subresource: string,
    body: string,
    query: URLSearchParams,
  ): Promise<undefined> {
    const method = request.method ?? "GET";
    const existing = this.store.get(key);
    if (!existing) return this.sendNotFound(response, resource, key.name);
    const isFinalize =
      subresource === "finalize" && resource.group === "" && resource.plural === "namespaces";
    if ((subresource === "status" && resource.statusSubresource) || isFinalize) {
      if (method === "GET") return sendJson(response, 200, this.present(existing, resource));
      let incoming: Json;
      const contentType = (request.headers["content-type"] ?? "").split(";")[0]?.trim();
      if (method === "PUT") incoming = parseYaml(body) as Json;
      else if (method === "PATCH" && contentType !== "application/apply-patch+yaml") {
        incoming = mergePatch(existing, JSON.parse(body) as Json) as Json;
      } else if (method === "PATCH") {
        incoming = deepMerge(existing, parseYaml(body)) as Json;
      } else
        return this.sendStatus(
          response,
          405,
          "MethodNotAllowed",
          `${method} is not supported on ${subresource}`,
        );
      const wanted = metadataOf(incoming).resourceVersion;
      if (method === "PUT" && wanted !== undefined && wanted !== metadataOf(existing).resourceVersion) {
        return this.sendStatus(
          response,
          409,
          "Conflict",
          "the object has been modified; please apply your changes to the latest version and try again",
        );
      }
      const updated = structuredClone(existing);
      if (isFinalize)
        updated.spec = {
          ...((existing.spec ?? {}) as Json),
          finalizers: (incoming.spec as Json | undefined)?.finalizers ?? [],
        };
      else updated.status = incoming.status;
      void query;
      return sendJson(response, 200, this.present(this.commit(resource, key, updated, existing), resource));
    }
    const answer = await this.extensions.subresource?.({
      method,
      resource,
      key,
      subresource,
      body,
      existing,
    });
    if (answer) return sendJson(response, answer.code, answer.body);
    return this.sendStatus(response, 404, "NotFound", "the server could not find the requested resource");
  }

  private delete(
    response: ServerResponse,
    resource: FakeResource,
    key: ObjectKey,
    body: string,
    query: URLSearchParams,
  ): undefined {
    const existing = this.store.get(key);
    if (!existing) return this.sendNotFound(response, resource, key.name);
    if (this.deletionDelayMs > 0) {
      if (metadataOf(existing).deletionTimestamp === undefined) {
        metadataOf(existing).deletionTimestamp = new Date().toISOString();
        const marked = this.store.write(key, existing);
        this.later(this.deletionDelayMs, () => this.store.remove(key));
        return sendJson(response, 200, this.present(marked, resource));
      }
      return sendJson(response, 200, this.present(existing, resource));
    }
    const options = parseDeleteOptions(body, query);
    const meta = metadataOf(existing);
    const preconditions = options.preconditions ?? {};
    if (
      (preconditions.uid !== undefined && preconditions.uid !== meta.uid) ||
      (preconditions.resourceVersion !== undefined && preconditions.resourceVersion !== meta.resourceVersion)
    ) {
      return this.sendStatus(
        response,
        409,
        "Conflict",
        `Operation cannot be fulfilled on ${qualifiedResource(resource.plural, resource.group)} "${key.name}": Precondition failed: UID in precondition: ${String(preconditions.uid)}, UID in object meta: ${String(meta.uid)}`,
      );
    }
    const decision = decideDeletion(resource.plural, resource.group, existing, options, new Date());
    if (decision.action === "mark") {
      return sendJson(response, 200, this.present(this.store.write(key, decision.object), resource));
    }
    const removed = this.store.remove(key) ?? existing;
    this.extensions.removed?.(resource, removed);
    sendJson(response, 200, {
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Success",
      details: {
        name: key.name,
        group: resource.group,
        kind: resource.plural,
        uid: metadataOf(existing).uid,
      },
    });
  }

  // ---- WebSocket: exec and port-forward -----------------------------------------------------

  private handleUpgrade(request: IncomingMessage, socket: Duplex): void {
    this.sockets.add(socket);
    this.upgradeSockets.add(socket);
    socket.on("close", () => {
      this.sockets.delete(socket);
      this.upgradeSockets.delete(socket);
    });
    socket.on("error", () => socket.destroy());
    const url = new URL(request.url ?? "/", "https://kube");
    if (this.recordRequests)
      this.requests.push({
        method: "UPGRADE",
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        contentType: undefined,
        body: "",
      });
    const hang = this.hangs.find(
      (entry) =>
        entry.times > 0 &&
        entry.method === "UPGRADE" &&
        (entry.path === undefined || url.pathname.includes(entry.path)),
    );
    if (hang) {
      hang.times -= 1;
      this.heldUpgrades.push(() => this.upgrade(request, socket, url));
      return;
    }
    this.upgrade(request, socket, url);
  }

  /** Completes the upgrades `hangNext({ method: "UPGRADE" })` held back (a slow handshake). */
  releaseUpgrades(): void {
    const held = this.heldUpgrades.splice(0);
    for (const resume of held) resume();
  }

  /** Upgraded connections (exec, port-forward) whose socket is still open, held ones included. */
  get openStreams(): number {
    return this.upgradeSockets.size;
  }

  private upgrade(request: IncomingMessage, socket: Duplex, url: URL): void {
    if (socket.destroyed) return;
    try {
      const refusal = this.refusal(request, "GET", url.pathname);
      if (refusal) throw refusal;
      const match = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/(exec|portforward|attach)$/.exec(
        url.pathname,
      );
      if (!match) {
        throw new StatusError(404, "NotFound", "the server could not find the requested resource");
      }
      const [, namespace = "", pod = "", subresource] = match;
      const object = this.store.get({ group: "", plural: "pods", namespace, name: pod });
      if (!object)
        throw new StatusError(404, "NotFound", `pods "${pod}" not found`, { name: pod, kind: "pods" });
      const target = { namespace, pod, object };
      if (subresource === "exec") {
        const exec = prepareExec(target, url.searchParams);
        const protocol = execProtocol(request);
        if (protocol === undefined) throw unsupportedProtocol(request);
        void serveExec(request, socket, protocol, exec, this.podStreams);
        return;
      }
      if (subresource === "portforward") {
        const ports = preparePortForward(target, url.searchParams);
        const protocol = portForwardProtocol(request);
        if (protocol === undefined) throw unsupportedProtocol(request);
        servePortForward(request, socket, protocol, target, ports, this.podStreams);
        return;
      }
      throw new StatusError(400, "BadRequest", "attach is not supported by this API server");
    } catch (error) {
      const status =
        error instanceof StatusError ? error : new StatusError(500, "InternalError", String(error));
      const body = JSON.stringify(status.body);
      socket.end(
        `HTTP/1.1 ${status.code} ${STATUS_TEXT[status.code] ?? "Error"}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    }
  }

  /** 401 for credentials that do not verify, 403 for what the user may not do; undefined if allowed. */
  private refusal(request: IncomingMessage, method: string, path: string): StatusError | undefined {
    const outcome = authenticate(request, this.authentication);
    if (outcome.kind === "failed") return new StatusError(401, "Unauthorized", "Unauthorized");
    if (isAllowed(outcome.user, method, path)) return undefined;
    return new StatusError(
      403,
      "Forbidden",
      `forbidden: User "${outcome.user.name}" cannot ${method.toLowerCase()} path "${path}"`,
    );
  }

  // ---- helpers --------------------------------------------------------------------------------

  private takeFailure(method: string, path: string, watch: boolean): InjectedFailure | undefined {
    const index = this.failures.findIndex(
      (failure) =>
        (failure.method === undefined || failure.method === method) &&
        (failure.watch === undefined || failure.watch === watch) &&
        (failure.path === undefined ||
          (typeof failure.path === "string" ? path.includes(failure.path) : failure.path.test(path))),
    );
    if (index < 0) return undefined;
    const failure = this.failures[index];
    if (!failure) return undefined;
    failure.times = (failure.times ?? 1) - 1;
    if (failure.times <= 0) this.failures.splice(index, 1);
    return failure;
  }

  private present(object: Json, resource: FakeResource): Json {
    const shown = structuredClone(object);
    shown.apiVersion = groupVersionOf(resource);
    shown.kind = resource.kind;
    return shown;
  }

  private stampNew(object: Json, namespace: string | undefined, manager: string, operation: string): Json {
    const copy = structuredClone(object);
    const meta = metadataOf(copy);
    if (namespace !== undefined) meta.namespace = namespace;
    meta.uid = this.nextUid();
    meta.creationTimestamp = new Date().toISOString().replace(/\.\d+Z$/, "Z");
    meta.generation = 1;
    meta.managedFields = withManager(undefined, manager, operation, String(copy.apiVersion));
    return copy;
  }

  private bumpGeneration(before: Json, after: Json): void {
    const generation = Number(metadataOf(before).generation ?? 1);
    metadataOf(after).generation =
      JSON.stringify(before.spec) === JSON.stringify(after.spec) ? generation : generation + 1;
  }

  private keyOfObject(object: Json): { key: ObjectKey; resource: FakeResource } {
    const meta = metadataOf(object);
    const ref: ObjectRef = {
      apiVersion: String(object.apiVersion),
      kind: String(object.kind),
      name: String(meta.name),
      ...(meta.namespace !== undefined ? { namespace: String(meta.namespace) } : {}),
    };
    return { key: this.keyOfRef(ref), resource: this.resourceOf(ref) };
  }

  private keyOfRef(ref: ObjectRef): ObjectKey {
    const resource = this.resourceOf(ref);
    return {
      group: resource.group,
      plural: resource.plural,
      namespace: resource.namespaced ? (ref.namespace ?? "default") : undefined,
      name: ref.name,
    };
  }

  private resourceOf(ref: { apiVersion: string; kind: string }): FakeResource {
    const { group, version } = splitApiVersion(ref.apiVersion);
    const resource = this.resources.find(
      (candidate) =>
        candidate.group === group && candidate.version === version && candidate.kind === ref.kind,
    );
    if (!resource) throw new Error(`fake API server does not serve ${ref.apiVersion} ${ref.kind}`);
    return resource;
  }

  private nextUid(): string {
    this.uidCounter += 1;
    return `00000000-0000-4000-8000-${String(this.uidCounter).padStart(12, "0")}`;
  }

  private sendNotFound(response: ServerResponse, resource: FakeResource, name: string): undefined {
    this.sendStatus(
      response,
      404,
      "NotFound",
      `${qualifiedResource(resource.plural, resource.group)} "${name}" not found`,
      {
        name,
        group: resource.group,
        kind: resource.plural,
      },
    );
  }

  private sendStatus(
    response: ServerResponse,
    code: number,
    reason: string,
    message: string,
    details?: { name?: string; group?: string; kind?: string },
  ): undefined {
    sendJson(response, code, statusBody(code, reason, message, details));
  }
}

const STATUS_TEXT: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  500: "Internal Server Error",
};

/** wsstream answers a handshake offering none of its protocols with 400 and the protocols it knows. */
function unsupportedProtocol(request: IncomingMessage): StatusError {
  const offered = String(request.headers["sec-websocket-protocol"] ?? "");
  return new StatusError(400, "BadRequest", `requested protocols [${offered}] not supported`);
}

function sendJson(response: ServerResponse, code: number, body: unknown): undefined {
  const text = JSON.stringify(body);
  response.writeHead(code, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  response.end(text);
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function isPlainObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Maps merge key by key; lists and scalars from `patch` replace (apply's default for atomic lists). */
function deepMerge(base: unknown, patch: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(patch)) return structuredClone(patch);
  const result: Json = structuredClone(base);
  for (const [key, value] of Object.entries(patch)) result[key] = deepMerge(base[key], value);
  return result;
}

/** RFC 7386 JSON merge patch: null deletes. */
function mergePatch(base: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return structuredClone(patch);
  const result: Json = isPlainObject(base) ? structuredClone(base) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

function firstDifference(before: unknown, after: unknown, path: string): string | undefined {
  if (after === undefined) return undefined;
  if (isPlainObject(before) && isPlainObject(after)) {
    for (const [key, value] of Object.entries(after)) {
      const found = firstDifference(before[key], value, `${path}.${key}`);
      if (found) return found;
    }
    return undefined;
  }
  return JSON.stringify(before) === JSON.stringify(after) ? undefined : path;
}

function withManager(existing: unknown, manager: string, operation: string, apiVersion: string): Json[] {
  const entries = Array.isArray(existing)
    ? (existing as Json[]).filter((entry) => entry.manager !== manager)
    : [];
  entries.push({ manager, operation, apiVersion, time: new Date().toISOString(), fieldsType: "FieldsV1" });
  return entries;
}
