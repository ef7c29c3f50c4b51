// The echo-basic image of Gateway API conformance (kubernetes-sigs/gateway-api v1.5.1
// conformance/echo-basic): HTTP on $HTTP_PORT (3000), /health → 200 OK, /status/<code> → that code,
// anything else echoes the request (echo-response.ts), after ?delay=<duration> when asked. The h2c
// (3001) and TLS listeners are not served: nothing in the harness talks to them.

import { createServer } from "node:http";
import { parseGoDuration } from "../../src/go/go-duration.ts";
import { echoBody, echoSetHeaders } from "./echo-response.ts";

const httpPort = process.env.HTTP_PORT || "3000";
const context = {
  namespace: process.env.NAMESPACE ?? "",
  ingress: process.env.INGRESS_NAME ?? "",
  service: process.env.SERVICE_NAME ?? "",
  pod: process.env.POD_NAME ?? "",
  httpPort,
};

const server = createServer(async (request, response) => {
  const uri = request.url ?? "/";
  const path = uri.split("?")[0]?.replaceAll("//", "/") ?? "/";
  if (path === "/health") {
    response.writeHead(200).end("OK");
    return;
  }
  if (path.startsWith("/status/")) {
    const code = /^\/status\/(\d\d\d)$/.exec(uri)?.[1];
    response.writeHead(code ? Number(code) : 400).end();
    return;
  }
  process.stdout.write(
    `Echoing back request made to ${uri} to client (${request.socket.remoteAddress}:${request.socket.remotePort})\n`,
  );
  const delay = new URL(uri, "http://echo").searchParams.get("delay");
  if (delay) {
    const ms = parseGoDuration(delay);
    if (ms === undefined) {
      response.writeHead(500, { "content-type": "application/json", "x-content-type-options": "nosniff" });
      response.end(JSON.stringify({ message: `time: invalid duration "${delay}"` }));
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, ms));
  }
  const body = echoBody(
    {
      url: uri,
      host: request.headers.host ?? "",
      method: request.method ?? "GET",
      httpVersion: request.httpVersion,
      rawHeaders: request.rawHeaders,
    },
    context,
  );
  response.writeHead(200, {
    ...echoSetHeaders(request.headers),
    "content-type": "application/json",
    "x-content-type-options": "nosniff",
  });
  response.end(body);
});

server.listen(Number(httpPort), () =>
  process.stdout.write(`Starting server, listening on port ${httpPort} (http)\n`),
);
