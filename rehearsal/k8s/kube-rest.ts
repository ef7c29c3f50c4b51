// The wire: JSON requests and newline-delimited watch streams to the API server over HTTP(S), with
// the connection's CA, client certificate or token. No typed models: objects travel as JSON.

import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import type { KubeConnection } from "./kube-connection.ts";

/** A Kubernetes `Status` failure (or a transport failure, with status 0). */
export class KubeApiError extends Error {
  override readonly name = "KubeApiError";
  readonly status: number;
  readonly reason: string;
  readonly body: unknown;

  constructor(status: number, reason: string, message: string, body?: unknown) {
    super(message);
    this.status = status;
    this.reason = reason;
    this.body = body;
  }
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** Default `application/json`. Strings are sent as they are. */
  contentType?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface WatchEvent {
  type: "ADDED" | "MODIFIED" | "DELETED" | "BOOKMARK" | "ERROR";
  object: Record<string, unknown>;
}

export class KubeRest {
  readonly connection: KubeConnection;
  readonly #agent: http.Agent;
  readonly #https: boolean;

  constructor(connection: KubeConnection) {
    this.connection = connection;
    this.#https = connection.server.startsWith("https:");
    this.#agent = this.#https
      ? new https.Agent({
          keepAlive: true,
          ...(connection.ca ? { ca: connection.ca } : {}),
          ...(connection.cert ? { cert: connection.cert } : {}),
          ...(connection.key ? { key: connection.key } : {}),
          rejectUnauthorized: !connection.insecureSkipTlsVerify,
        })
      : new http.Agent({ keepAlive: true });
  }

  close(): void {
    this.#agent.destroy();
  }

  /** One request; resolves with the parsed JSON body of a 2xx answer, rejects with KubeApiError. */
  async request<T = Record<string, unknown>>(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<T> {
    const response = await this.#send(method, path, options);
    const text = await readAll(response);
    const status = response.statusCode ?? 0;
    if (status >= 200 && status < 300) return (text === "" ? {} : JSON.parse(text)) as T;
    throw errorFrom(status, text, method, path);
  }

  /** One request whose 2xx body is text (pod logs); rejects with KubeApiError. */
  async requestText(method: string, path: string, options: RequestOptions = {}): Promise<string> {
    const response = await this.#send(method, path, options);
    const text = await readAll(response);
    const status = response.statusCode ?? 0;
    if (status >= 200 && status < 300) return text;
    throw errorFrom(status, text, method, path);
  }

  /**
   * A watch stream: calls `onEvent` per line until the server ends it (resolves) or the signal
   * aborts it (resolves). A non-2xx answer rejects with KubeApiError.
   */
  async watch(
    path: string,
    query: RequestOptions["query"],
    onEvent: (event: WatchEvent) => void,
    signal?: AbortSignal,
  ): Promise<void> {
    const response = await this.#send("GET", path, {
      query: { ...query, watch: true },
      ...(signal ? { signal } : {}),
    });
    const status = response.statusCode ?? 0;
    if (status < 200 || status >= 300) throw errorFrom(status, await readAll(response), "WATCH", path);
    await new Promise<void>((resolve) => {
      let buffer = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => {
        buffer += chunk;
        let newline = buffer.indexOf("\n");
        while (newline >= 0) {
          const line = buffer.slice(0, newline).trim();
          buffer = buffer.slice(newline + 1);
          if (line !== "") onEvent(JSON.parse(line) as WatchEvent);
          newline = buffer.indexOf("\n");
        }
      });
      response.on("end", () => resolve());
      response.on("close", () => resolve());
      response.on("error", () => resolve());
    });
  }

  #send(method: string, path: string, options: RequestOptions): Promise<IncomingMessage> {
    const url = new URL(this.connection.server + path);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const body =
      options.body === undefined
        ? undefined
        : typeof options.body === "string"
          ? options.body
          : JSON.stringify(options.body);
    const headers: Record<string, string> = { accept: "application/json" };
    if (body !== undefined) {
      headers["content-type"] = options.contentType ?? "application/json";
      headers["content-length"] = String(Buffer.byteLength(body));
    }
    if (this.connection.token) headers.authorization = `Bearer ${this.connection.token}`;
    const transport = this.#https ? https : http;
    return new Promise<IncomingMessage>((resolve, reject) => {
      const request = transport.request(
        url,
        { method, headers, agent: this.#agent, signal: options.signal },
        resolve,
      );
      if (options.timeoutMs !== undefined) {
        request.setTimeout(options.timeoutMs, () =>
          request.destroy(
            new KubeApiError(0, "Timeout", `${method} ${path}: no answer in ${options.timeoutMs} ms`),
          ),
        );
      }
      request.on("error", (error) =>
        reject(
          error instanceof KubeApiError
            ? error
            : new KubeApiError(
                0,
                (error as NodeJS.ErrnoException).code ?? "NetworkError",
                `${method} ${path}: ${error.message}`,
              ),
        ),
      );
      request.end(body);
    });
  }
}

function readAll(response: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    response.setEncoding("utf8");
    response.on("data", (chunk: string) => {
      text += chunk;
    });
    response.on("end", () => resolve(text));
    response.on("error", reject);
  });
}

function errorFrom(status: number, text: string, method: string, path: string): KubeApiError {
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON (a proxy's page): keep the text
  }
  const record = (typeof body === "object" && body !== null ? body : {}) as {
    message?: string;
    reason?: string;
  };
  return new KubeApiError(
    status,
    record.reason ?? "Unknown",
    record.message ?? `${method} ${path}: HTTP ${status} ${text.slice(0, 200)}`,
    body,
  );
}
