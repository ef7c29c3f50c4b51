import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** What the echo-basic backend would answer for this request, given its Downward API context. */
export function echoBody(
  request: IncomingMessage,
  context: { pod: string; namespace?: string; service?: string },
): string {
  const headers: Record<string, string[]> = {};
  for (let i = 0; i < request.rawHeaders.length; i += 2) {
    const name = request.rawHeaders[i] as string;
    if (name.toLowerCase() === "host") continue; // Go moves Host out of the header map
    headers[name] = [...(headers[name] ?? []), request.rawHeaders[i + 1] as string];
  }
  return JSON.stringify({
    path: request.url,
    host: request.headers.host,
    method: request.method,
    proto: `HTTP/${request.httpVersion}`,
    headers,
    namespace: context.namespace ?? "conformance",
    ingress: "",
    service: context.service ?? "echo",
    pod: context.pod,
  });
}

export interface LoopbackServer {
  url: string;
  /** Distinct TCP connections accepted so far. */
  connections: () => number;
  requests: () => number;
  close: () => Promise<void>;
}

/** A node:http server on 127.0.0.1 with the given handler (the request count is 1-based). */
export async function startLoopbackServer(
  handler: (request: IncomingMessage, response: ServerResponse, count: number) => void,
): Promise<LoopbackServer> {
  let connections = 0;
  let requests = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((request, response) => {
    requests += 1;
    handler(request, response, requests);
  });
  server.on("connection", (socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    connections: () => connections,
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
