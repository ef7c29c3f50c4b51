// An in-process Kubernetes API server for tests: node:http on 127.0.0.1, speaking the real wire
// format to the real @kubernetes/client-node (discovery, GET, LIST with selectors, server-side
// apply, create, replace, DELETE, Status bodies for 4xx, watch streams with 410 Gone and drops,
// pod logs, exec and port-forward over the channel WebSocket protocol). See README.md here.

import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Duplex } from "node:stream";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import {
  FakeObjectStore,
  type Json,
  metadataOf,
  type ObjectKey,
  type StoredEvent,
} from "./fake-object-store.ts";
import { DEFAULT_RESOURCES, type FakeResource, groupVersionOf, splitApiVersion } from "./fake-resources.ts";
import { matchesFields, matchesLabels, parseLabelSelector } from "./fake-selectors.ts";
import { qualifiedResource, statusBody } from "./fake-status.ts";
import { acceptWebSocket } from "./fake-websocket.ts";

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
}

export interface ExecCall {
  namespace: string;
  pod: string;
  container: string | undefined;
  command: string[];
}

export type ExecResult =
  | { stdout?: string; stderr?: string; exitCode?: number }
  | { failure: { message: string; reason?: string } };

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

export class FakeKubeApi {
  readonly store = new FakeObjectStore();
  readonly requests: RecordedRequest[] = [];
  private readonly resources: FakeResource[];
  private readonly server: Server;
  private readonly watches = new Set<ActiveWatch>();
  private readonly failures: InjectedFailure[] = [];
  private readonly hangs: { method?: string; path?: string; watch?: boolean; times: number }[] = [];
  private readonly hung = new Set<ServerResponse>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly logs = new Map<string, Map<string, { time: Date; text: string }[]>>();
  private readonly portTargets = new Map<string, number>();
  private readonly sockets = new Set<Duplex>();
  private tempDirs: string[] = [];
  private execHandler: (call: ExecCall) => ExecResult = () => ({
    failure: { message: "no exec handler configured in the fake API server" },
  });
  private readonly watchStartListeners: ((query: Record<string, string>) => void)[] = [];
  private uidCounter = 0;
  /** Milliseconds a DELETE keeps the object (with deletionTimestamp) before it is gone. */
  deletionDelayMs = 0;
  url = "";

  private constructor(resources: readonly FakeResource[]) {
    this.resources = [...resources];
    this.server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        this.sendStatus(response, 500, "InternalError", String(error));
      });
    });
    this.server.on("upgrade", (request, socket) => this.handleUpgrade(request, socket));
    this.server.on("connection", (socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
  }

  /** Starts a server on 127.0.0.1 with a free port; `url` is set when the promise resolves. */
  static async start(options: { resources?: readonly FakeResource[] } = {}): Promise<FakeKubeApi> {
    const api = new FakeKubeApi(options.resources ?? DEFAULT_RESOURCES);
    await new Promise<void>((resolve) => api.server.listen(0, "127.0.0.1", resolve));
    const address = api.server.address();
    if (address === null || typeof address === "string") throw new Error("fake API server has no port");
    api.url = `http://127.0.0.1:${address.port}`;
    return api;
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const dir of this.tempDirs) await rm(dir, { recursive: true, force: true });
  }

  /** Writes a kubeconfig whose contexts all point at this server; returns its path. */
  async writeKubeconfig(options: { contexts?: string[]; current?: string } = {}): Promise<string> {
    const contexts = options.contexts ?? ["kind-cc-test"];
    const dir = await mkdtemp(join(tmpdir(), "fake-kube-"));
    this.tempDirs.push(dir);
    const path = join(dir, "kubeconfig");
    const config = {
      apiVersion: "v1",
      kind: "Config",
      // Plain HTTP: client-node allows it only with insecure-skip-tls-verify.
      clusters: contexts.map((name) => ({
        name,
        cluster: { server: this.url, "insecure-skip-tls-verify": true },
      })),
      users: contexts.map((name) => ({ name, user: { token: "fake-token" } })),
      contexts: contexts.map((name) => ({ name, context: { cluster: name, user: name } })),
      "current-context": options.current ?? contexts[0],
    };
    await writeFile(path, stringifyYaml(config));
    return path;
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

  /** Log lines of a pod's container, each with its time (for sinceSeconds and timestamps). */
  setPodLog(namespace: string, pod: string, container: string, lines: { time: Date; text: string }[]): void {
    const key = `${namespace}/${pod}`;
    const containers = this.logs.get(key) ?? new Map();
    containers.set(container, lines);
    this.logs.set(key, containers);
  }

  onExec(handler: (call: ExecCall) => ExecResult): void {
    this.execHandler = handler;
  }

  /** Port `podPort` of the pod is served by 127.0.0.1:`localPort` (a server the test runs). */
  forwardPort(namespace: string, pod: string, podPort: number, localPort: number): void {
    this.portTargets.set(`${namespace}/${pod}:${podPort}`, localPort);
  }

  requestsMatching(method: string, pathPart: string): RecordedRequest[] {
    return this.requests.filter((request) => request.method === method && request.path.includes(pathPart));
  }

  // ---- HTTP ----------------------------------------------------------------------------------

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://fake");
    const body = await readBody(request);
    const method = request.method ?? "GET";
    this.requests.push({
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      contentType: request.headers["content-type"],
      body,
    });
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
    const injected = this.takeFailure(method, url.pathname);
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
      return this.podLog(response, key, url.searchParams);
    }
    if (subresource !== undefined) {
      return this.sendStatus(response, 404, "NotFound", "the server could not find the requested resource");
    }
    if (method === "GET") {
      const object = this.store.get(key);
      if (!object) return this.sendNotFound(response, resource, name);
      return sendJson(response, 200, this.present(object, resource));
    }
    if (method === "PATCH") return this.patch(request, response, resource, key, body, url.searchParams);
    if (method === "PUT") return this.replace(response, resource, key, body);
    if (method === "DELETE") return this.delete(response, resource, key);
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
    if (rest[0] === "namespaces" && rest.length >= 3) {
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
  }

  private create(
    response: ServerResponse,
    resource: FakeResource,
    namespace: string | undefined,
    body: string,
    query: URLSearchParams,
  ): undefined {
    const object = parseYaml(body) as Json;
    const name = String(metadataOf(object).name ?? "");
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
    sendJson(response, 201, this.present(this.store.write(key, created), resource));
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
    if (contentType === "application/merge-patch+json") {
      if (!existing) return this.sendNotFound(response, resource, key.name);
      const merged = mergePatch(existing, JSON.parse(body) as Json) as Json;
      this.bumpGeneration(existing, merged);
      return sendJson(response, 200, this.present(this.store.write(key, merged), resource));
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
      return sendJson(response, 201, this.present(this.store.write(key, created), resource));
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
    sendJson(response, 200, this.present(this.store.write(key, merged), resource));
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
    this.bumpGeneration(existing, object);
    sendJson(response, 200, this.present(this.store.write(key, object), resource));
  }

  private delete(response: ServerResponse, resource: FakeResource, key: ObjectKey): undefined {
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
    this.store.remove(key);
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

  private podLog(response: ServerResponse, key: ObjectKey, query: URLSearchParams): undefined {
    const pods = this.resources.find((resource) => resource.plural === "pods");
    if (!pods || !this.store.get(key)) {
      return this.sendStatus(response, 404, "NotFound", `pods "${key.name}" not found`, {
        name: key.name,
        kind: "pods",
      });
    }
    const containers =
      this.logs.get(`${key.namespace}/${key.name}`) ?? new Map<string, { time: Date; text: string }[]>();
    let container = query.get("container") ?? undefined;
    if (container === undefined) {
      if (containers.size > 1) {
        return this.sendStatus(
          response,
          400,
          "BadRequest",
          `a container name must be specified for pod ${key.name}, choose one of: [${[...containers.keys()].join(" ")}]`,
        );
      }
      container = [...containers.keys()][0];
    }
    const all = (container !== undefined ? containers.get(container) : undefined) ?? [];
    const since = query.get("sinceSeconds");
    let lines = since ? all.filter((line) => line.time.getTime() >= Date.now() - Number(since) * 1000) : all;
    const tail = query.get("tailLines");
    if (tail !== null) lines = lines.slice(Math.max(0, lines.length - Number(tail)));
    const stamped = query.get("timestamps") === "true";
    const text = lines
      .map((line) => `${stamped ? `${line.time.toISOString()} ` : ""}${line.text}\n`)
      .join("");
    response.writeHead(200, { "content-type": "text/plain" });
    response.end(text);
  }

  // ---- WebSocket: exec and port-forward -----------------------------------------------------

  private handleUpgrade(request: IncomingMessage, socket: Duplex): void {
    this.sockets.add(socket);
    socket.on("close", () => this.sockets.delete(socket));
    const url = new URL(request.url ?? "/", "http://fake");
    this.requests.push({
      method: "UPGRADE",
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      contentType: undefined,
      body: "",
    });
    const match = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/(exec|portforward)$/.exec(url.pathname);
    const namespace = match?.[1] ?? "";
    const pod = match?.[2] ?? "";
    if (!match || !this.store.get({ group: "", plural: "pods", namespace, name: pod })) {
      const body = JSON.stringify(statusBody(404, "NotFound", `pods "${pod}" not found`));
      socket.end(
        `HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
      return;
    }
    const ws = acceptWebSocket(request, socket, ["v4.channel.k8s.io"]);
    if (!ws) return;
    if (match[3] === "exec") {
      const result = this.execHandler({
        namespace,
        pod,
        container: url.searchParams.get("container") ?? undefined,
        command: url.searchParams.getAll("command"),
      });
      if ("failure" in result) {
        ws.sendChannel(3, JSON.stringify({ metadata: {}, status: "Failure", ...result.failure }));
      } else {
        if (result.stdout) ws.sendChannel(1, result.stdout);
        if (result.stderr) ws.sendChannel(2, result.stderr);
        const code = result.exitCode ?? 0;
        const status =
          code === 0
            ? { metadata: {}, status: "Success" }
            : {
                metadata: {},
                status: "Failure",
                message: `command terminated with non-zero exit code: error executing command [${url.searchParams.getAll("command").join(" ")}], exit code ${code}`,
                reason: "NonZeroExitCode",
                details: { causes: [{ reason: "ExitCode", message: String(code) }] },
              };
        ws.sendChannel(3, JSON.stringify(status));
      }
      ws.close();
      return;
    }
    const port = Number(url.searchParams.get("ports"));
    const portBytes = Buffer.alloc(2);
    portBytes.writeUInt16LE(port);
    ws.sendChannel(0, portBytes);
    ws.sendChannel(1, portBytes);
    const target = this.portTargets.get(`${namespace}/${pod}:${port}`);
    if (target === undefined) {
      ws.sendChannel(1, `error forwarding port ${port} to pod ${pod}: connection refused`);
      ws.close();
      return;
    }
    const upstream = connect(target, "127.0.0.1");
    upstream.on("data", (chunk: Buffer) => ws.sendChannel(0, chunk));
    upstream.on("end", () => ws.close());
    upstream.on("error", (error) => {
      ws.sendChannel(1, `error forwarding port ${port}: ${error.message}`);
      ws.close();
    });
    ws.onMessage((data) => {
      if (data[0] === 0) upstream.write(data.subarray(1));
    });
    ws.onClose(() => upstream.end());
  }

  // ---- helpers --------------------------------------------------------------------------------

  private takeFailure(method: string, path: string): InjectedFailure | undefined {
    const index = this.failures.findIndex(
      (failure) =>
        (failure.method === undefined || failure.method === method) &&
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
