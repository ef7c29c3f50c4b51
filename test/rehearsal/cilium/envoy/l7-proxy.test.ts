// The Envoy double end to end on this host: a PROXY line and an HTTP request over a unix socket
// (the agent's hand-off), routed by a CiliumEnvoyConfig to a real local backend.

import { once } from "node:events";
import { mkdtempSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { connect, createServer as createNetServer, type Server as NetServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { EnvoyWorld } from "../../../../rehearsal/cilium/envoy/envoy-resources.ts";
import { L7Proxy, parseProxyLine } from "../../../../rehearsal/cilium/envoy/l7-proxy.ts";
import { reconcileGateway } from "../../../../rehearsal/cilium/operator/gateway-api/gateway-reconcile.ts";
import type {
  GatewayObj,
  RouteObj,
} from "../../../../rehearsal/cilium/operator/gateway-api/gateway-types.ts";

const closers: (() => void)[] = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

async function backend(): Promise<{
  server: Server;
  port: number;
  seen: { path: string; host: string; headers: Record<string, unknown> }[];
}> {
  const seen: { path: string; host: string; headers: Record<string, unknown> }[] = [];
  const server = createServer((request, response) => {
    seen.push({ path: request.url ?? "", host: request.headers.host ?? "", headers: request.headers });
    response
      .writeHead(200, { "content-type": "application/json", server: "echo" })
      .end(JSON.stringify({ path: request.url }));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  closers.push(() => server.close());
  return { server, port: (server.address() as { port: number }).port, seen };
}

function request(socketPath: string, raw: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(socketPath);
    let out = "";
    socket.on("data", (chunk) => {
      out += chunk.toString();
    });
    socket.on("end", () => resolve(out));
    socket.on("error", reject);
    socket.write(`PROXY TCP4 10.1.1.1 172.18.255.10 40000 80\r\n${raw}`);
  });
}

describe("L7Proxy", () => {
  it("parses the PROXY v1 line", () => {
    expect(parseProxyLine("PROXY TCP4 1.2.3.4 5.6.7.8 1000 80\r\n")).toEqual({
      client: { ip: "1.2.3.4", port: 1000 },
      frontend: { ip: "5.6.7.8", port: 80 },
    });
    expect(parseProxyLine("GET / HTTP/1.1")).toBeUndefined();
  });

  it("routes a request arriving for the Gateway's address to a backend, with Envoy's headers, and answers 404 NR itself", async () => {
    const echo = await backend();
    const gw: GatewayObj = {
      metadata: { name: "gw", namespace: "demo", uid: "u" },
      spec: { gatewayClassName: "cilium", listeners: [{ name: "http", port: 80, protocol: "HTTP" }] },
    };
    const route: RouteObj = {
      metadata: { name: "r", namespace: "demo" },
      spec: {
        parentRefs: [{ name: "gw" }],
        hostnames: ["app.example"],
        rules: [
          {
            matches: [{ path: { type: "PathPrefix", value: "/app" } }],
            backendRefs: [{ name: "echo", port: 8080 }],
          },
        ],
      },
      status: {
        parents: [
          {
            parentRef: { name: "gw" },
            controllerName: "io.cilium/gateway-controller",
            conditions: [
              { type: "Accepted", status: "True", reason: "Accepted", message: "", lastTransitionTime: "" },
            ],
          },
        ],
      },
    };
    const result = reconcileGateway(
      gw,
      {
        gateway: () => gw,
        classController: () => "io.cilium/gateway-controller",
        namespaces: () => [],
        serviceExists: () => true,
        grants: [],
        now: () => new Date(),
        tlsSecretProblem: () => undefined,
        httpRoutes: [route],
        grpcRoutes: [],
        services: new Map([["demo/echo", { ports: [{ port: 8080 }] }]]),
        gatewayServiceIngress: () => [{ ip: "172.18.255.10" }],
      },
      18,
      { secretsNamespace: "cilium-secrets", externalTrafficPolicy: "Cluster", ipv4: true, ipv6: false },
    );
    const translation = result.translation;
    if (!translation) throw new Error("no translation");
    const world: EnvoyWorld = {
      envoyConfigs: [{ metadata: { name: translation.name, namespace: "demo" }, spec: translation.cec }],
      services: [
        {
          metadata: { name: translation.name, namespace: "demo" },
          spec: { type: "LoadBalancer", clusterIP: "10.96.0.50", ports: [{ port: 80 }] },
          status: { loadBalancer: { ingress: [{ ip: "172.18.255.10" }] } },
        },
        {
          metadata: { name: "echo", namespace: "demo" },
          spec: { clusterIP: "10.96.0.51", ports: [{ name: "http", port: 8080 }] },
        },
      ],
      endpointSlices: [
        {
          metadata: { name: "echo-abc", namespace: "demo", labels: { "kubernetes.io/service-name": "echo" } },
          addressType: "IPv4",
          endpoints: [{ addresses: ["127.0.0.1"], conditions: { ready: true } }],
          ports: [{ name: "http", port: echo.port }],
        },
      ],
      nodeIps: [],
    };
    const proxy = new L7Proxy({ world: () => world, secret: () => undefined, log: () => {} });
    const socketPath = join(mkdtempSync(join(tmpdir(), "cc-envoy-")), "l7lb.sock");
    const server: NetServer = createNetServer((socket) => proxy.accept(socket));
    server.listen(socketPath);
    await once(server, "listening");
    closers.push(() => server.close());

    const ok = await request(
      socketPath,
      "GET /app/x HTTP/1.1\r\nHost: app.example\r\nConnection: close\r\n\r\n",
    );
    expect(ok).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(ok).toMatch(/\r\nserver: envoy\r\n/);
    expect(ok).toMatch(/x-envoy-upstream-service-time: \d+/);
    expect(echo.seen[0]).toMatchObject({ path: "/app/x", host: "app.example" });
    expect(echo.seen[0]?.headers["x-forwarded-for"]).toBe("10.1.1.1");
    expect(echo.seen[0]?.headers["x-forwarded-proto"]).toBe("http");

    const missing = await request(
      socketPath,
      "GET /nothing HTTP/1.1\r\nHost: app.example\r\nConnection: close\r\n\r\n",
    );
    expect(missing).toMatch(/^HTTP\/1\.1 404 Not Found/);
    expect(missing).toMatch(/content-length: 0/);
  });
});
