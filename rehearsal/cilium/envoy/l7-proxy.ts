// The Envoy double's data path. The agent double hands every connection to an L7 load-balancer
// frontend over the unix socket /var/run/cilium/envoy/sockets/rehearsal-l7lb.sock, first sending a
// PROXY protocol v1 line with the client and the frontend (the agree'd hand-off: cilium-node's
// rehearsal/cilium/agent/services/l7-handoff.ts). Envoy then does what Cilium's listener says: the
// frontend picks the CiliumEnvoyConfig, the first bytes pick the filter chain (TLS ClientHello →
// the tls chain for its SNI, terminated with the synced Secret; else raw_buffer), the chain's
// route configuration routes each HTTP/1.1 request (route-match.ts) to a ready endpoint of the
// chosen cluster, and the answer comes back with Envoy's own headers (server: envoy,
// x-envoy-upstream-service-time) or Envoy's local replies (404 NR, 503 no healthy upstream,
// redirects, direct responses).

import { randomUUID } from "node:crypto";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import tls from "node:tls";
import {
  type CecObject,
  clusterEndpoints,
  configForFrontend,
  type EnvoyWorld,
  filterChainFor,
  listenerOf,
  routeConfiguration,
} from "./envoy-resources.ts";
import { faultsForListener, type ProxyFaults } from "./listener-faults.ts";
import { type HeaderOps, type RouteDecision, routeRequest } from "./route-match.ts";

export interface ProxyDeps {
  world(): EnvoyWorld;
  /** PEM cert and key of an SDS secret "<ns>/<name>", if synced. */
  secret(name: string): { cert: string; key: string } | undefined;
  log(level: "info" | "warn", message: string, fields?: Record<string, unknown>): void;
  faults?: ProxyFaults;
  random?: () => number;
}

interface Connection {
  cec: CecObject;
  tls: boolean;
  routeConfigName: string;
  client: { ip: string; port: number };
}

const contexts = new WeakMap<Socket, Connection>();

/** "PROXY TCP4 <client> <frontend> <client port> <frontend port>\r\n" */
export function parseProxyLine(
  line: string,
): { client: { ip: string; port: number }; frontend: { ip: string; port: number } } | undefined {
  const parts = line.trim().split(" ");
  if (parts[0] !== "PROXY" || parts.length !== 6) return undefined;
  return {
    client: { ip: parts[2] ?? "", port: Number(parts[4]) },
    frontend: { ip: parts[3] ?? "", port: Number(parts[5]) },
  };
}

export class L7Proxy {
  readonly #deps: ProxyDeps;
  readonly #http: http.Server;

  constructor(deps: ProxyDeps) {
    this.#deps = deps;
    this.#http = http.createServer(
      { keepAlive: true },
      (request, response) => void this.#handle(request, response),
    );
  }

  /** One connection from the agent: PROXY line, then the client's bytes. */
  accept(socket: Socket): void {
    let buffered = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      const end = buffered.indexOf("\r\n");
      if (end < 0) {
        if (buffered.length > 108) socket.destroy();
        return;
      }
      socket.off("data", onData);
      socket.pause();
      const header = parseProxyLine(buffered.subarray(0, end).toString("latin1"));
      const rest = buffered.subarray(end + 2);
      if (!header) {
        socket.destroy();
        return;
      }
      this.#dispatch(socket, header, rest);
    };
    socket.on("data", onData);
    socket.on("error", () => socket.destroy());
  }

  #dispatch(socket: Socket, header: NonNullable<ReturnType<typeof parseProxyLine>>, rest: Buffer): void {
    const world = this.#deps.world();
    const cec = configForFrontend(world, header.frontend.ip, header.frontend.port);
    const listener = cec ? listenerOf(cec) : undefined;
    if (!cec || !listener) {
      this.#deps.log("warn", "No listener for the frontend", {
        frontend: `${header.frontend.ip}:${header.frontend.port}`,
      });
      socket.destroy();
      return;
    }
    const start = (first: Buffer) => {
      if (first.length > 0) socket.unshift(first);
      const isTls = first[0] === 0x16;
      if (!isTls) {
        const chain = filterChainFor(listener, false, undefined);
        if (!chain) return socket.destroy();
        contexts.set(socket, {
          cec,
          tls: false,
          routeConfigName: chain.routeConfigName,
          client: header.client,
        });
        this.#http.emit("connection", socket);
        socket.resume();
        return;
      }
      let chosen: string | undefined;
      const secure = new tls.TLSSocket(socket, {
        isServer: true,
        ALPNProtocols: ["http/1.1"],
        SNICallback: (servername, callback) => {
          const chain = filterChainFor(listener, true, servername);
          const secret = chain?.tlsSecrets?.[0] ? this.#deps.secret(chain.tlsSecrets[0]) : undefined;
          if (!chain || !secret) return callback(new Error(`no filter chain for ${servername}`));
          chosen = chain.routeConfigName;
          callback(null, tls.createSecureContext({ cert: secret.cert, key: secret.key }));
        },
      });
      secure.on("secure", () => {
        contexts.set(secure, {
          cec,
          tls: true,
          routeConfigName: chosen ?? "listener-secure",
          client: header.client,
        });
        this.#http.emit("connection", secure);
      });
      secure.on("error", () => secure.destroy());
      socket.resume();
    };
    if (rest.length > 0) start(rest);
    else {
      socket.once("data", (chunk: Buffer) => {
        socket.pause();
        start(chunk);
      });
      socket.resume();
    }
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const connection = contexts.get(request.socket as Socket);
    if (!connection) {
      response.writeHead(500).end();
      return;
    }
    const configuration = routeConfiguration(connection.cec, connection.routeConfigName);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers))
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(",") : value;
    const decision = routeRequest(
      configuration,
      {
        method: request.method ?? "GET",
        authority: request.headers.host ?? "",
        path: request.url ?? "/",
        headers,
        scheme: connection.tls ? "https" : "http",
      },
      this.#deps.random ?? Math.random,
      faultsForListener(connection.cec, this.#deps.faults ?? {}),
    );
    await this.#respond(decision, request, response, connection);
  }

  async #respond(
    decision: RouteDecision,
    request: IncomingMessage,
    response: ServerResponse,
    connection: Connection,
  ): Promise<void> {
    const local = (status: number, body: string, extra: Record<string, string> = {}, ops?: HeaderOps) => {
      const headers: Record<string, string | string[]> = {
        ...extra,
        ...(body ? { "content-type": "text/plain" } : {}),
        "content-length": String(Buffer.byteLength(body)),
        date: new Date().toUTCString(),
        server: "envoy",
      };
      if (ops) applyOps(headers, ops);
      request.resume();
      response.writeHead(status, headers).end(body);
    };
    switch (decision.kind) {
      case "not-found":
        return local(404, "");
      case "direct":
        return local(decision.status, decision.body);
      case "redirect":
        return local(decision.status, "", { location: decision.location }, decision.responseHeaders);
      case "forward":
        break;
    }
    const endpoints = clusterEndpoints(this.#deps.world(), decision.cluster);
    if (endpoints.length === 0) return local(503, "no healthy upstream");
    const endpoint = endpoints[Math.floor((this.#deps.random ?? Math.random)() * endpoints.length)] as {
      ip: string;
      port: number;
    };
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(request.headers))
      if (value !== undefined && name !== "connection" && name !== "keep-alive") headers[name] = value;
    headers.host = decision.authority;
    // HttpConnectionManager with use_remote_address: XFF gets the client, x-forwarded-proto the scheme.
    headers["x-forwarded-for"] = headers["x-forwarded-for"]
      ? `${headers["x-forwarded-for"]},${connection.client.ip}`
      : connection.client.ip;
    headers["x-forwarded-proto"] = connection.tls ? "https" : "http";
    headers["x-request-id"] ??= randomUUID();
    headers["x-envoy-expected-rq-timeout-ms"] = String(decision.timeoutMs ?? 15000);
    applyOps(headers, decision.requestHeaders);
    const started = Date.now();
    await new Promise<void>((resolve) => {
      const upstream = http.request(
        {
          host: endpoint.ip,
          port: endpoint.port,
          method: request.method,
          path: decision.path,
          headers,
          timeout: decision.timeoutMs ?? 15000,
        },
        (answer) => {
          const out: Record<string, string | string[]> = {};
          for (const [name, value] of Object.entries(answer.headers))
            if (
              value !== undefined &&
              name !== "connection" &&
              name !== "keep-alive" &&
              name !== "transfer-encoding"
            )
              out[name] = value;
          out.server = "envoy";
          out["x-envoy-upstream-service-time"] = String(Date.now() - started);
          applyOps(out, decision.responseHeaders);
          response.writeHead(answer.statusCode ?? 502, out);
          answer.pipe(response);
          answer.on("end", resolve);
          answer.on("error", () => resolve());
        },
      );
      upstream.on("timeout", () => {
        upstream.destroy();
        if (!response.headersSent) local(504, "upstream request timeout");
        resolve();
      });
      upstream.on("error", (error) => {
        if (!response.headersSent) {
          local(
            503,
            `upstream connect error or disconnect/reset before headers. reset reason: remote connection failure, transport failure reason: ${error.message}`,
          );
        } else response.destroy();
        resolve();
      });
      request.pipe(upstream);
    });
    for (const mirror of decision.mirrors) {
      if ((this.#deps.random ?? Math.random)() * 100 >= mirror.percent) continue;
      const target = clusterEndpoints(this.#deps.world(), mirror.cluster)[0];
      if (!target) continue;
      // Envoy sends the shadow with "-shadow" appended to the host and ignores its answer.
      const shadow = http.request({
        host: target.ip,
        port: target.port,
        method: request.method,
        path: decision.path,
        headers: { ...headers, host: `${decision.authority}-shadow` },
      });
      shadow.on("error", () => undefined);
      shadow.end();
    }
  }
}

function applyOps(headers: Record<string, string | string[]>, ops: HeaderOps): void {
  for (const name of ops.remove) delete headers[name.toLowerCase()];
  for (const { name, value, append } of ops.add) {
    const key = name.toLowerCase();
    const existing = headers[key];
    if (append && existing !== undefined)
      headers[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
    else headers[key] = value;
  }
}
