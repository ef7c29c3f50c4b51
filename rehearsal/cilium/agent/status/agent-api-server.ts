// The agent's REST API on its unix socket (GET /v1/healthz → StatusResponse, what cilium-dbg
// reads) and its health endpoint on 127.0.0.1:<healthPort> (/healthz, the chart's startup,
// liveness and readiness probes): 200 while the agent is healthy.

import { createServer, type Server } from "node:http";
import { listenOnUnixSocket } from "../unix-socket.ts";
import { ENDPOINT_PATH, HEALTHZ_PATH } from "./agent-api-path.ts";
import type { EndpointModel } from "./endpoint-model.ts";
import type { StatusResponse } from "./status-response.ts";

export function serveAgentApi(
  socketPath: string,
  status: () => StatusResponse,
  endpoints: () => EndpointModel[],
): Promise<Server> {
  const server = createServer((request, response) => {
    const path = (request.url ?? "").split("?")[0];
    if (request.method === "GET" && (path === HEALTHZ_PATH || path === ENDPOINT_PATH)) {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify(path === HEALTHZ_PATH ? status() : endpoints()));
      return;
    }
    response.writeHead(404, { "content-type": "application/json" });
    response.end(JSON.stringify({ message: "path not served by the rehearsal agent" }));
  });
  return listenOnUnixSocket(server, socketPath);
}

export function serveHealth(port: number, healthy: () => boolean): Promise<Server> {
  const server = createServer((request, response) => {
    const ok = (request.url ?? "").startsWith("/healthz") && healthy();
    response.writeHead(ok ? 200 : 503, { "content-type": "text/plain" });
    response.end(ok ? "" : "not ready");
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}
