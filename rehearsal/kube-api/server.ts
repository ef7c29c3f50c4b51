// A Kubernetes API server in one process, as strict as kube-apiserver v1.35 where the harness and
// the rehearsal can tell (../../../shared/KUBE-API-FACTS.md): HTTPS with client certificates and
// bearer tokens; discovery (plain and aggregated) of built-in kinds and of CRDs once Established;
// GET, LIST (selectors, paging), WATCH; create, server-side apply with field ownership, update,
// merge patch, /status; validation with 422 causes; namespace lifecycle, finalizers, graceful
// pod deletion; Service IP and node port allocation; pod logs, exec and port-forward with streams
// from a pluggable PodStreams backend. The tests' API server (test/support/fake-kube-api.ts) and
// the rehearsal's (main.ts). Behaviour and sources: README.md here and each module's header.

import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer, type Server } from "node:https";
import type { Duplex } from "node:stream";
import type { ApiExtensions } from "./api-extensions.ts";
import { type AuthenticationOptions, authenticate, type TokenAuthenticator } from "./authentication.ts";
import { isAllowed } from "./authorization.ts";
import { type AllocationRanges, KIND_RANGES, ServiceAllocator } from "./builtins/service-allocation.ts";
import type { KeyPair } from "./certificates.ts";
import { acceptedStatus, CrdRegistry, crdName } from "./crd-registry.ts";
import { type DeletionDeps, deleteObject, finalizeNamespace, IMMORTAL_NAMESPACES } from "./deletion.ts";
import {
  AGGREGATED_V2,
  aggregatedDiscovery,
  apiVersions,
  groupList,
  resourceList,
  wantsAggregated,
} from "./discovery.ts";
import { kindKubeconfig } from "./kubeconfig.ts";
import { decodeContinue, encodeContinue, expiredContinue, selectorsFor } from "./list-query.ts";
import { hasStatusSubresource, ObjectApi } from "./object-api.ts";
import {
  FakeObjectStore,
  type Json,
  keyText,
  metadataOf,
  type ObjectKey,
  type StoredEvent,
} from "./object-store.ts";
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
import { type InjectedFailure, type InjectedHang, RequestFaults } from "./request-faults.ts";
import { type FakeResource, groupVersionOf, isBuiltIn, splitApiVersion } from "./resources.ts";
import { ServiceAccountTokens, type TokenRequestSpec } from "./service-account-tokens.ts";
import { StatusError, statusBody } from "./status.ts";
import { formatTime } from "./time-format.ts";
import {
  checkWatchOptions,
  REAL_WATCH_TIMING,
  type ServedWatch,
  serveWatch,
  type WatchTiming,
} from "./watch.ts";

export type { InjectedFailure } from "./request-faults.ts";

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  contentType: string | undefined;
  body: string;
}

export interface ObjectRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

export interface KubeApiServerOptions {
  /** The serving certificate and key, and the CA that client certificates must chain to. */
  tls: { cert: string; key: string; clientCa: string };
  /** Bearer token authenticators (static token file, ServiceAccount tokens). */
  tokens?: readonly TokenAuthenticator[];
  /** --anonymous-auth (default true, as kind runs it). */
  anonymous?: boolean;
  /** Where exec, logs and port-forward go (default: nowhere, every stream fails saying so). */
  podStreams?: PodStreams;
  /** --service-cluster-ip-range / --service-node-port-range (default kind's). */
  ranges?: AllocationRanges;
  /** How long the CRD controllers take to accept and establish a CRD (default: the next tick). */
  crdEstablishDelayMs?: number;
  watchTiming?: WatchTiming;
  /** The server's clock for timestamps (default: the system's). */
  now?: () => Date;
  /** Keep every request in `requests` (tests read them; a long-running server would only grow). */
  recordRequests?: boolean;
  /** Built-in kinds beyond this server's own table (a host's; theirs add, ours win). */
  resources?: readonly FakeResource[];
  /** Registry strategies, admission and subresources a host plugs in (api-extensions.ts). */
  extensions?: ApiExtensions;
  /** PEM of the ServiceAccount token signing key (--service-account-signing-key-file; default: a new one). */
  serviceAccountSigningKey?: string;
}

export class KubeApiServer {
  readonly store = new FakeObjectStore();
  readonly crds: CrdRegistry;
  readonly requests: RecordedRequest[] = [];
  /** How long the CRD controllers take to establish a CRD. */
  crdEstablishDelayMs: number;
  podStreams: PodStreams;
  url = "";
  private closed = false;
  private readonly server: Server;
  private readonly objects: ObjectApi;
  private readonly deletion: DeletionDeps;
  private readonly services: ServiceAllocator;
  private readonly faults = new RequestFaults();
  private readonly watches = new Set<ServedWatch>();
  private readonly hung = new Set<ServerResponse>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly sockets = new Set<Duplex>();
  private readonly upgradeSockets = new Set<Duplex>();
  private readonly heldUpgrades: (() => void)[] = [];
  private readonly authentication: AuthenticationOptions;
  private readonly caCert: string;
  private readonly watchTiming: WatchTiming;
  private readonly watchStartListeners: ((query: Record<string, string>) => void)[] = [];
  private watchWaiters: { count: number; resolve: () => void }[] = [];
  private uidCounter = 0;
  private readonly recordRequests: boolean;
  private readonly now: () => Date;
  private readonly extensions: ApiExtensions;
  private readonly serviceAccountTokens: ServiceAccountTokens;

  constructor(options: KubeApiServerOptions) {
    this.crds = new CrdRegistry(options.resources ?? []);
    this.extensions = options.extensions ?? {};
    this.podStreams = options.podStreams ?? NO_POD_STREAMS;
    this.caCert = options.tls.clientCa;
    this.now = options.now ?? (() => new Date());
    this.serviceAccountTokens = new ServiceAccountTokens(
      (namespace, name) => this.store.get({ group: "", plural: "serviceaccounts", namespace, name }),
      this.now,
      options.serviceAccountSigningKey,
    );
    this.authentication = {
      tokens: [...(options.tokens ?? []), this.serviceAccountTokens.authenticate],
      anonymous: options.anonymous ?? true,
    };
    this.crdEstablishDelayMs = options.crdEstablishDelayMs ?? 0;
    this.recordRequests = options.recordRequests ?? true;
    this.watchTiming = options.watchTiming ?? REAL_WATCH_TIMING;
    this.services = new ServiceAllocator(options.ranges ?? KIND_RANGES);
    const deps = {
      store: this.store,
      crds: this.crds,
      services: this.services,
      now: this.now,
      nextUid: () => this.nextUid(),
    };
    this.objects = new ObjectApi({ ...deps, extensions: this.extensions });
    this.deletion = {
      ...deps,
      later: (action) => this.later(0, action),
      immortalNamespaces: IMMORTAL_NAMESPACES,
      removed: (resource, object) => this.extensions.removed?.(resource, object),
    };
    this.store.subscribe((event) => this.crdController(event));
    this.bootstrap();
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
        this.handle(request, response).catch((error: unknown) => this.sendError(response, error));
      },
    );
    this.server.on("upgrade", (request, socket, head: Buffer) => {
      // Bytes the client sent behind its upgrade request come in `head`, not on the socket.
      if (head.length > 0) socket.unshift(head);
      this.handleUpgrade(request, socket);
    });
    this.server.on("secureConnection", (socket) => {
      if (this.closed) socket.destroy();
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
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    for (const socket of this.sockets) socket.destroy();
    const closing = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closing;
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

  /** What kube-apiserver creates at start: its namespaces and the `kubernetes` Service. */
  private bootstrap(): void {
    for (const name of ["default", "kube-system", "kube-public", "kube-node-lease"]) {
      this.objects.put(
        this.resourceOf({ apiVersion: "v1", kind: "Namespace" }),
        {
          apiVersion: "v1",
          kind: "Namespace",
          metadata: { name, labels: { "kubernetes.io/metadata.name": name } },
        },
        "kube-apiserver",
      );
    }
    this.objects.put(
      this.resourceOf({ apiVersion: "v1", kind: "Service" }),
      {
        apiVersion: "v1",
        kind: "Service",
        metadata: {
          name: "kubernetes",
          namespace: "default",
          labels: { component: "apiserver", provider: "kubernetes" },
        },
        spec: {
          type: "ClusterIP",
          clusterIP: this.services.firstIp,
          clusterIPs: [this.services.firstIp],
          ports: [{ name: "https", port: 443, protocol: "TCP", targetPort: 6443 }],
          sessionAffinity: "None",
          ipFamilies: ["IPv4"],
          ipFamilyPolicy: "SingleStack",
          internalTrafficPolicy: "Cluster",
        },
      },
      "kube-apiserver",
    );
  }

  /** Serves another resource from now on (a host's own CRD handling); no-op when served. */
  addResource(resource: FakeResource): void {
    this.crds.addExtra(resource);
  }

  /** Stops serving a resource a host added. */
  removeResource(group: string, plural: string): void {
    this.crds.removeExtra(group, plural);
  }

  // ---- direct access (tests; the rehearsal's in-process controllers) --------------------------

  /** Creates or updates an object as a controller would (validated, defaulted; emits ADDED/MODIFIED). */
  put(object: Json, manager?: string): Json {
    const resource = this.resourceOf(object as { apiVersion: string; kind: string });
    return this.present(this.objects.put(resource, object, manager), resource);
  }

  get(ref: ObjectRef): Json | undefined {
    const resource = this.resourceOf(ref);
    const object = this.store.get(this.keyOfRef(ref));
    return object ? this.present(object, resource) : undefined;
  }

  /** Changes a stored object (e.g. its status) as a controller's update would; emits MODIFIED. */
  mutate(ref: ObjectRef, change: (object: Json) => void): Json {
    const object = this.get(ref);
    if (!object) throw new Error(`API server: ${ref.kind} ${ref.name} does not exist`);
    change(object);
    return this.put(object);
  }

  /** mutate() after `ms` milliseconds (a controller acting later). */
  mutateLater(ms: number, ref: ObjectRef, change: (object: Json) => void): void {
    this.later(ms, () => this.mutate(ref, change));
  }

  /** Removes an object at once, as the garbage collector or a finished deletion does. */
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

  /**
   * What the namespace controller does for a Terminating namespace (kube-controller-manager
   * pkg/controller/namespace/deletion): every object in it is deleted, then its `kubernetes`
   * finalizer removed (PUT …/finalize), which removes the namespace. Objects are removed at once
   * here; the controller would delete them through the API (their own finalizers first).
   */
  purgeNamespace(name: string): void {
    const key: ObjectKey = { group: "", plural: "namespaces", namespace: undefined, name };
    const namespace = this.store.get(key);
    if (!namespace || metadataOf(namespace).deletionTimestamp === undefined) return;
    for (const resource of this.crds.resources()) {
      if (!resource.namespaced) continue;
      for (const item of this.store.listKeys(resource.group, resource.plural)) {
        if (item.namespace === name) this.store.remove(item);
      }
    }
    finalizeNamespace(this.deletion, key, JSON.stringify({ spec: { finalizers: [] } }));
  }

  /** Resolves once the CRD `name` is stored and Established (served). */
  whenEstablished(name: string): Promise<void> {
    const served = () => this.crds.resources().some((resource) => resource.crd === name);
    if (served()) return Promise.resolve();
    return new Promise((resolve) => {
      const unsubscribe = this.store.subscribe(() => {
        if (!served()) return;
        unsubscribe();
        resolve();
      });
    });
  }

  // ---- faults and observation (tests) ---------------------------------------------------------

  /** The next matching request(s) fail with this status. */
  failNext(failure: InjectedFailure): void {
    this.faults.failNext(failure);
  }

  /** The next matching request(s) get no answer (held open); `method: "UPGRADE"` holds a handshake. */
  hangNext(hang: InjectedHang): void {
    this.faults.hangNext(hang);
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
    for (const watch of this.watches) watch.bookmark();
  }

  requestsMatching(method: string, pathPart: string): RecordedRequest[] {
    return this.requests.filter((request) => request.method === method && request.path.includes(pathPart));
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

  // ---- HTTP ----------------------------------------------------------------------------------

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "https://kube");
    const body = await readBody(request);
    const method = request.method ?? "GET";
    const watch = url.searchParams.get("watch") === "true" || url.searchParams.get("watch") === "1";
    if (this.recordRequests)
      this.requests.push({
        method,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        contentType: request.headers["content-type"],
        body,
      });
    const refusal = this.refusal(request, method, url.pathname);
    if (refusal) throw refusal;
    if (this.faults.takeHang(method, url.pathname, watch)) {
      this.hung.add(response);
      response.on("close", () => this.hung.delete(response));
      return;
    }
    const injected = this.faults.takeFailure(method, url.pathname, watch);
    if (injected) throw new StatusError(injected.code, injected.reason, injected.message);

    const path = url.pathname.replace(/\/+$/, "") || "/";
    if (method === "GET" && (path === "/version" || path === "/version/")) {
      return sendJson(response, 200, {
        major: "1",
        minor: "35",
        gitVersion: "v1.35.0",
        platform: "linux/amd64",
      });
    }
    if (method === "GET" && ["/healthz", "/livez", "/readyz"].includes(path)) {
      response.writeHead(200, { "content-type": "text/plain; charset=utf-8" });
      response.end("ok");
      return;
    }
    const resources = this.crds.resources();
    if (method === "GET" && (path === "/api" || path === "/apis")) {
      if (wantsAggregated(request.headers.accept)) {
        return sendJson(response, 200, aggregatedDiscovery(resources, path === "/api"), AGGREGATED_V2);
      }
      return sendJson(
        response,
        200,
        path === "/api" ? apiVersions(request.headers.host ?? "") : groupList(resources),
      );
    }
    const target = parseResourcePath(path.split("/").filter(Boolean), resources);
    if (!target) throw new StatusError(404, "NotFound", "the server could not find the requested resource");
    if ("groupVersion" in target) {
      if (method !== "GET")
        throw new StatusError(
          405,
          "MethodNotAllowed",
          `the server does not allow this method on the requested resource`,
        );
      const list = resourceList(resources, target.group, target.version);
      if (!list) throw new StatusError(404, "NotFound", "the server could not find the requested resource");
      return sendJson(response, 200, list);
    }
    return this.serveResource(request, response, method, target, url.searchParams, body, watch);
  }

  private async serveResource(
    request: IncomingMessage,
    response: ServerResponse,
    method: string,
    target: ResourceTarget,
    query: URLSearchParams,
    body: string,
    watch: boolean,
  ): Promise<void> {
    const { resource, namespace, name, subresource } = target;
    const write = { resource, namespace, body, query, userAgent: request.headers["user-agent"] };
    const answer = (outcome: { status: number; object: Json; warnings: string[] }) =>
      sendJson(response, outcome.status, this.present(outcome.object, resource), undefined, outcome.warnings);
    if (name === undefined) {
      if (method === "GET" && watch) return this.watch(response, resource, namespace, query);
      if (method === "GET") return sendJson(response, 200, this.list(resource, namespace, query));
      if (method === "POST") {
        if (resource.crd !== undefined) this.refuseWhileTerminating(resource);
        return answer(this.objects.create(write));
      }
      throw new StatusError(405, "MethodNotAllowed", `${method} is not supported on collections`);
    }
    const key = this.objects.key(resource, namespace, name);
    if (subresource === undefined) {
      if (method === "GET")
        return sendJson(response, 200, this.present(this.objects.get(resource, namespace, name), resource));
      if (method === "PUT") return answer(this.objects.update({ ...write, name }));
      if (method === "PATCH") return answer(this.patch(request, { ...write, name }));
      if (method === "DELETE") {
        const outcome = deleteObject(this.deletion, resource, key, query, body);
        const shown = outcome.body.kind === "Status" ? outcome.body : this.present(outcome.body, resource);
        return sendJson(response, outcome.status, shown);
      }
      throw new StatusError(405, "MethodNotAllowed", `${method} is not supported`);
    }
    if (subresource === "status" && hasStatusSubresource(resource)) {
      if (method === "GET")
        return sendJson(response, 200, this.present(this.objects.get(resource, namespace, name), resource));
      if (method === "PUT") return answer(this.objects.update({ ...write, name }, "status"));
      if (method === "PATCH") return answer(this.patch(request, { ...write, name }, "status"));
      throw new StatusError(405, "MethodNotAllowed", `${method} is not supported on status`);
    }
    // A host's own subresources (pods/binding, its TokenRequest) answer first.
    const existing = this.store.get(key);
    if (existing && this.extensions.subresource) {
      const answer = await this.extensions.subresource({
        method,
        resource,
        key,
        subresource,
        body,
        existing,
      });
      if (answer) return sendJson(response, answer.code, answer.body);
    }
    if (
      subresource === "token" &&
      resource.plural === "serviceaccounts" &&
      resource.group === "" &&
      method === "POST"
    ) {
      const serviceAccount = this.objects.get(resource, namespace, name);
      let spec: TokenRequestSpec = {};
      try {
        spec = ((JSON.parse(body || "{}") as { spec?: TokenRequestSpec }).spec ?? {}) as TokenRequestSpec;
      } catch {
        throw new StatusError(400, "BadRequest", "the body of the request was in an unknown format");
      }
      return sendJson(response, 201, this.serviceAccountTokens.issue(serviceAccount, spec));
    }
    if (subresource === "finalize" && resource.plural === "namespaces" && method === "PUT") {
      return sendJson(response, 200, this.present(finalizeNamespace(this.deletion, key, body), resource));
    }
    if (resource.plural === "pods" && resource.group === "") {
      const pod = this.objects.get(resource, namespace, name);
      const podTarget = { namespace: namespace ?? "", pod: name, object: pod };
      if (subresource === "log" && method === "GET")
        return serveLog(response, podTarget, query, this.podStreams);
      if (subresource === "exec" || subresource === "portforward") {
        // Without the upgrade: the same checks, then the kubelet's refusal of a plain request.
        if (subresource === "exec") prepareExec(podTarget, query);
        else preparePortForward(podTarget, query);
        throw new StatusError(400, "BadRequest", "Upgrade request required");
      }
    }
    throw new StatusError(404, "NotFound", "the server could not find the requested resource");
  }

  private patch(request: IncomingMessage, write: Parameters<ObjectApi["apply"]>[0], subresource?: "status") {
    const contentType = (request.headers["content-type"] ?? "").split(";")[0]?.trim();
    if (contentType === "application/apply-patch+yaml" || contentType === "application/apply-patch+cbor") {
      return this.objects.apply(write, subresource);
    }
    if (
      contentType === "application/merge-patch+json" ||
      contentType === "application/strategic-merge-patch+json"
    ) {
      return this.objects.mergePatch(write, subresource);
    }
    throw new StatusError(
      415,
      "UnsupportedMediaType",
      `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml`,
    );
  }

  private list(resource: FakeResource, namespace: string | undefined, query: URLSearchParams): Json {
    const selectors = selectorsFor(resource, query);
    const limit = Number(query.get("limit") ?? "0");
    const token = query.get("continue");
    let start = "";
    let resourceVersion = this.store.currentVersion;
    if (token) {
      const decoded = decodeContinue(token);
      if (decoded.rv < this.store.compactedBefore) throw expiredContinue();
      start = decoded.start;
      resourceVersion = decoded.rv;
    }
    const all = this.store
      .list(resource, namespace)
      .filter((item) => selectors.matches(item))
      .map((item) => ({
        sortKey: `${String(metadataOf(item).namespace ?? "")}/${String(metadataOf(item).name)}`,
        item,
      }))
      .sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0))
      .filter((entry) => entry.sortKey > start);
    const page = limit > 0 ? all.slice(0, limit) : all;
    const more = limit > 0 && all.length > limit;
    const strip = isBuiltIn(resource);
    return {
      apiVersion: groupVersionOf(resource),
      kind: `${resource.kind}List`,
      metadata: {
        resourceVersion: String(resourceVersion),
        ...(more ? { continue: encodeContinue(resourceVersion, page.at(-1)?.sortKey ?? "") } : {}),
        ...(more && !selectors.any ? { remainingItemCount: all.length - page.length } : {}),
      },
      items: page.map(({ item }) => {
        const shown = this.present(item, resource);
        if (strip) {
          delete shown.apiVersion;
          delete shown.kind;
        }
        return shown;
      }),
    };
  }

  private watch(
    response: ServerResponse,
    resource: FakeResource,
    namespace: string | undefined,
    query: URLSearchParams,
  ): void {
    const selectors = selectorsFor(resource, query);
    checkWatchOptions(query);
    for (const listener of this.watchStartListeners) listener(Object.fromEntries(query));
    serveWatch(
      this.store,
      { resource, namespace, query, selectors, present: (object) => this.present(object, resource) },
      response,
      this.watchTiming,
      (watch) => {
        this.watches.add(watch);
        const ready = this.watchWaiters.filter((waiter) => this.watches.size >= waiter.count);
        this.watchWaiters = this.watchWaiters.filter((waiter) => !ready.includes(waiter));
        for (const waiter of ready) waiter.resolve();
        return () => this.watches.delete(watch);
      },
    );
  }

  /** A CRD being deleted refuses new instances (apiextensions crdHandler: 405 while Terminating). */
  private refuseWhileTerminating(resource: FakeResource): void {
    const crd = this.store.get({
      group: "apiextensions.k8s.io",
      plural: "customresourcedefinitions",
      namespace: undefined,
      name: String(resource.crd),
    });
    if (crd && metadataOf(crd).deletionTimestamp !== undefined) {
      throw new StatusError(
        405,
        "MethodNotAllowed",
        `create not allowed while custom resource definition is terminating`,
      );
    }
  }

  // ---- CRD controllers (naming + establishing) ------------------------------------------------

  private crdController(event: StoredEvent): void {
    if (event.group !== "apiextensions.k8s.io" || event.plural !== "customresourcedefinitions") return;
    if (event.type === "DELETED") {
      this.crds.remove(crdName(event.object));
      return;
    }
    this.crds.update(event.object);
    if (metadataOf(event.object).deletionTimestamp !== undefined) return;
    const wanted = acceptedStatus(event.object, this.crds.conflictFor(event.object), formatTime(this.now()));
    const current = (event.object.status ?? {}) as Json;
    if (
      JSON.stringify(wanted.conditions) === JSON.stringify(current.conditions) &&
      JSON.stringify(wanted.acceptedNames) === JSON.stringify(current.acceptedNames)
    ) {
      return;
    }
    const name = crdName(event.object);
    this.later(this.crdEstablishDelayMs, () => {
      const key: ObjectKey = {
        group: "apiextensions.k8s.io",
        plural: "customresourcedefinitions",
        namespace: undefined,
        name,
      };
      const crd = this.store.get(key);
      if (!crd || metadataOf(crd).resourceVersion !== metadataOf(event.object).resourceVersion) return;
      crd.status = acceptedStatus(crd, this.crds.conflictFor(crd), formatTime(this.now()));
      this.store.write(key, crd);
    });
  }

  // ---- WebSocket: exec and port-forward -----------------------------------------------------

  private handleUpgrade(request: IncomingMessage, socket: Duplex): void {
    if (this.closed) {
      socket.destroy();
      return;
    }
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
    if (this.faults.takeHang("UPGRADE", url.pathname, false)) {
      this.heldUpgrades.push(() => this.upgrade(request, socket, url));
      return;
    }
    this.upgrade(request, socket, url);
  }

  private upgrade(request: IncomingMessage, socket: Duplex, url: URL): void {
    if (socket.destroyed) return;
    try {
      const refusal = this.refusal(request, "GET", url.pathname);
      if (refusal) throw refusal;
      const match = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/(exec|portforward|attach)$/.exec(
        url.pathname,
      );
      if (!match) throw new StatusError(404, "NotFound", "the server could not find the requested resource");
      const [, namespace = "", pod = "", subresource] = match;
      const podResource = this.resourceOf({ apiVersion: "v1", kind: "Pod" });
      const object = this.objects.get(podResource, namespace, pod);
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
      const text = JSON.stringify(status.body);
      socket.end(
        `HTTP/1.1 ${status.code} ${STATUS_TEXT[status.code] ?? "Error"}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
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

  private sendError(response: ServerResponse, error: unknown): void {
    if (response.headersSent) {
      response.destroy();
      return;
    }
    const status =
      error instanceof StatusError
        ? error
        : new StatusError(500, "InternalError", `Internal error occurred: ${String(error)}`);
    sendJson(response, status.code, status.body);
  }

  /** The object as the requested version shows it (one stored object serves every version). */
  private present(object: Json, resource: FakeResource): Json {
    const shown = structuredClone(object);
    shown.apiVersion = groupVersionOf(resource);
    shown.kind = resource.kind;
    return shown;
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
    const resource = this.crds
      .resources()
      .find(
        (candidate) =>
          candidate.group === group && candidate.version === version && candidate.kind === ref.kind,
      );
    if (!resource)
      throw new Error(
        `the API server does not serve ${ref.apiVersion} ${ref.kind} (is its CRD installed and Established?)`,
      );
    return resource;
  }

  private nextUid(): string {
    this.uidCounter += 1;
    return `00000000-0000-4000-8000-${String(this.uidCounter).padStart(12, "0")}`;
  }
}

interface ResourceTarget {
  resource: FakeResource;
  namespace: string | undefined;
  name: string | undefined;
  subresource: string | undefined;
}

/** `/api/v1/namespaces/x/pods/y/log` → its resource, namespace, name and subresource. */
function parseResourcePath(
  segments: string[],
  resources: readonly FakeResource[],
): { group: string; version: string; groupVersion: true } | ResourceTarget | undefined {
  let group: string;
  let version: string;
  let rest: string[];
  if (segments[0] === "api" && segments[1] !== undefined) {
    [group, version, rest] = ["", segments[1], segments.slice(2)];
  } else if (segments[0] === "apis" && segments[1] !== undefined && segments[2] !== undefined) {
    [group, version, rest] = [segments[1], segments[2], segments.slice(3)];
  } else return undefined;
  if (rest.length === 0) return { group, version, groupVersion: true };
  const served = resources.filter((resource) => resource.group === group && resource.version === version);
  const find = (plural: string | undefined) => served.find((resource) => resource.plural === plural);
  // namespaces/<ns>/<plural>[/<name>[/<sub>]] — unless <plural> is a subresource of the namespace itself.
  if (rest[0] === "namespaces" && rest.length >= 3 && find(rest[2])?.namespaced) {
    const [, namespace, plural, name, subresource] = rest;
    const resource = find(plural);
    return resource ? { resource, namespace, name, subresource } : undefined;
  }
  const [plural, name, subresource] = rest;
  const resource = find(plural);
  if (!resource || rest.length > 3) return undefined;
  if (resource.namespaced && name !== undefined) return undefined;
  return { resource, namespace: undefined, name, subresource };
}

const STATUS_TEXT: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  500: "Internal Server Error",
};

/** wsstream answers a handshake offering none of its protocols with 400. */
function unsupportedProtocol(request: IncomingMessage): StatusError {
  const offered = String(request.headers["sec-websocket-protocol"] ?? "");
  return new StatusError(400, "BadRequest", `requested protocols [${offered}] not supported`);
}

function sendJson(
  response: ServerResponse,
  code: number,
  body: unknown,
  contentType?: string,
  warnings: string[] = [],
): undefined {
  const text = JSON.stringify(body);
  const headers: Record<string, string | string[]> = {
    "content-type": contentType ?? "application/json",
    "content-length": String(Buffer.byteLength(text)),
  };
  if (warnings.length > 0) headers.warning = warnings.map((warning) => `299 - ${JSON.stringify(warning)}`);
  response.writeHead(code, headers);
  response.end(text);
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export { keyText, statusBody };
