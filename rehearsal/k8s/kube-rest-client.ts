// The double's one client of the Kubernetes REST API: JSON verbs, text bodies (pod logs) and
// watch streams over undici, with the config's CA, client certificate or (re-read) bearer token.
// Non-2xx answers become KubeApiError carrying the Status body's code, reason and message (as
// client-go's StatusError, whose Error() is the Status message), so callers match on `code` or
// `reason` ("Conflict", "NotFound", "AlreadyExists") the way Cilium's Go code does.

import { Agent, type Dispatcher, request } from "undici";
import type { ClientConfig } from "./kube-config.ts";
import { LineSplitter } from "./watch-lines.ts";

export interface KubeMetadata {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  ownerReferences?: Record<string, unknown>[];
  finalizers?: string[];
  [key: string]: unknown;
}

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: KubeMetadata;
  [field: string]: unknown;
}

export interface KubeList<T> {
  items: T[];
  metadata: { resourceVersion?: string };
}

export type WatchEventType = "ADDED" | "MODIFIED" | "DELETED" | "BOOKMARK" | "ERROR";

export interface WatchEvent<T> {
  type: WatchEventType;
  object: T;
}

export type { ClientConfig } from "./kube-config.ts";

/** A Kubernetes `Status` failure: the HTTP code, the Status reason, its message as the error's. */
export class KubeApiError extends Error {
  override readonly name = "KubeApiError";
  readonly code: number;
  readonly reason: string;
  readonly method: string;
  readonly path: string;
  /** The parsed Status (or the answer's text when it was not JSON). */
  readonly body: unknown;

  constructor(code: number, reason: string, message: string, method = "", path = "", body?: unknown) {
    super(message);
    this.code = code;
    this.reason = reason;
    this.method = method;
    this.path = path;
    this.body = body;
  }
}

export function isNotFound(error: unknown): boolean {
  return error instanceof KubeApiError && error.code === 404;
}

export function isConflict(error: unknown): boolean {
  return error instanceof KubeApiError && error.code === 409;
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  signal?: AbortSignal;
  /** Per-request budget (default: the client's). */
  timeoutMs?: number;
}

export class KubeRestClient {
  private readonly config: ClientConfig;
  private readonly dispatcher: Dispatcher;
  private readonly timeoutMs: number;

  constructor(config: ClientConfig, options: { requestTimeoutMs?: number } = {}) {
    this.config = config;
    this.timeoutMs = options.requestTimeoutMs ?? 30_000;
    this.dispatcher = new Agent({
      connect: {
        ...(config.ca ? { ca: config.ca } : {}),
        ...(config.clientCert ? { cert: config.clientCert.cert, key: config.clientCert.key } : {}),
        ...(config.insecureSkipTlsVerify ? { rejectUnauthorized: false } : {}),
      },
      keepAliveTimeout: 30_000,
    });
  }

  get server(): string {
    return this.config.server;
  }

  /** The object, or undefined when the server says 404. */
  async get<T = KubeObject>(path: string, options: RequestOptions = {}): Promise<T | undefined> {
    try {
      return await this.json<T>("GET", path, undefined, undefined, options);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  list<T = KubeObject>(path: string, options: RequestOptions = {}): Promise<KubeList<T>> {
    return this.json<KubeList<T>>("GET", path, undefined, undefined, options);
  }

  create<T = KubeObject>(path: string, body: unknown, options: RequestOptions = {}): Promise<T> {
    return this.json<T>("POST", path, body, "application/json", options);
  }

  replace<T = KubeObject>(path: string, body: unknown, options: RequestOptions = {}): Promise<T> {
    return this.json<T>("PUT", path, body, "application/json", options);
  }

  patch<T = KubeObject>(
    path: string,
    body: unknown,
    contentType:
      | "application/merge-patch+json"
      | "application/json-patch+json"
      | "application/strategic-merge-patch+json"
      | "application/apply-patch+yaml",
    options: RequestOptions = {},
  ): Promise<T> {
    return this.json<T>("PATCH", path, body, contentType, options);
  }

  /** DELETE, with DeleteOptions (propagationPolicy, preconditions) as the body when given. */
  async delete(path: string, options: RequestOptions & { body?: unknown } = {}): Promise<void> {
    await this.json<unknown>(
      "DELETE",
      path,
      options.body,
      options.body === undefined ? undefined : "application/json",
      options,
    );
  }

  /** A GET whose 2xx body is text (pod logs). */
  async text(path: string, options: RequestOptions = {}): Promise<string> {
    const response = await this.send("GET", path, undefined, undefined, options);
    const text = await response.body.text();
    if (response.statusCode >= 300) throw this.errorOf("GET", path, response.statusCode, text);
    return text;
  }

  /**
   * Streams a watch until the server ends it, the signal aborts, or the stream breaks; each
   * newline-delimited event goes to onEvent. Resolves on a clean end or an abort.
   */
  async watch<T = KubeObject>(
    path: string,
    query: RequestOptions["query"],
    onEvent: (event: WatchEvent<T>) => void,
    signal?: AbortSignal,
  ): Promise<void> {
    const url = this.url(path, { ...query, watch: "true" });
    const response = await request(url, {
      method: "GET",
      headers: this.headers(undefined),
      dispatcher: this.dispatcher,
      ...(signal ? { signal } : {}),
    });
    if (response.statusCode >= 300) {
      throw this.errorOf("GET", path, response.statusCode, await response.body.text());
    }
    const splitter = new LineSplitter();
    try {
      for await (const chunk of response.body) {
        for (const line of splitter.push(chunk as Buffer)) onEvent(JSON.parse(line) as WatchEvent<T>);
      }
      for (const line of splitter.end()) onEvent(JSON.parse(line) as WatchEvent<T>);
    } catch (error) {
      if (signal?.aborted) return;
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }

  private async json<T>(
    method: string,
    path: string,
    body: unknown,
    contentType: string | undefined,
    options: RequestOptions,
  ): Promise<T> {
    const response = await this.send(method, path, body, contentType, options);
    const text = await response.body.text();
    if (response.statusCode >= 300) throw this.errorOf(method, path, response.statusCode, text);
    return (text === "" ? undefined : JSON.parse(text)) as T;
  }

  private send(
    method: string,
    path: string,
    body: unknown,
    contentType: string | undefined,
    options: RequestOptions,
  ): Promise<Dispatcher.ResponseData> {
    const timeout = AbortSignal.timeout(options.timeoutMs ?? this.timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    return request(this.url(path, options.query), {
      method: method as Dispatcher.HttpMethod,
      headers: this.headers(contentType),
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
      dispatcher: this.dispatcher,
      signal,
    });
  }

  private url(path: string, query: RequestOptions["query"] = {}): string {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
    const search = params.toString();
    return `${this.config.server}${path}${search ? `?${search}` : ""}`;
  }

  private headers(contentType: string | undefined): Record<string, string> {
    const headers: Record<string, string> = { accept: "application/json" };
    const token = this.config.token?.();
    if (token) headers.authorization = `Bearer ${token}`;
    if (contentType) headers["content-type"] = contentType;
    return headers;
  }

  private errorOf(method: string, path: string, code: number, text: string): KubeApiError {
    try {
      const status = JSON.parse(text) as { reason?: string; message?: string };
      return new KubeApiError(code, status.reason ?? "Unknown", status.message ?? text, method, path, status);
    } catch {
      // not JSON (a proxy's page): keep the text
      return new KubeApiError(
        code,
        "Unknown",
        `${method} ${path}: HTTP ${code} ${text.slice(0, 200)}`,
        method,
        path,
        text,
      );
    }
  }
}
