// The service proxy on loopback (127.0.0.0/8 is all local, so frontends can be bound without
// touching the host's addresses): TCP and UDP forwarding, a reset for a frontend without
// backends, backends updated in place, and the events Hubble's flows are built from.

import { createSocket } from "node:dgram";
import { connect, createServer, type Server } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { Frontend } from "../../../../../rehearsal/cilium/agent/services/service-frontends.ts";
import {
  type ServedEvent,
  ServiceProxy,
} from "../../../../../rehearsal/cilium/agent/services/service-proxy.ts";
import { createLogger } from "../../../../../rehearsal/cilium/log-line.ts";

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function frontend(ip: string, port: number, protocol: "TCP" | "UDP", backends: { port: number }[]): Frontend {
  return {
    key: `${ip}:${port}/${protocol}`,
    ip,
    port,
    protocol,
    type: "ClusterIP",
    service: { namespace: "demo", name: "echo" },
    backends: backends.map((b) => ({
      ip: "127.0.0.1",
      port: b.port,
      nodeName: "n",
      podName: `echo-${b.port}`,
      local: true,
    })),
    l7Proxy: false,
  };
}

async function tcpServer(reply: string): Promise<number> {
  const server: Server = createServer((socket) => {
    socket.on("data", () => socket.end(reply));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(() => new Promise((r) => server.close(r)));
  return (server.address() as { port: number }).port;
}

function tcpAsk(ip: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: ip, port }, () => socket.write("hi"));
    let data = "";
    socket.on("data", (chunk) => {
      data += chunk.toString();
    });
    socket.on("end", () => resolve(data));
    socket.on("error", reject);
  });
}

const freePort = () => 20000 + Math.floor(Math.random() * 30000);

describe("ServiceProxy", () => {
  it("forwards TCP to a backend and reports opened, then closed", async () => {
    const events: ServedEvent[] = [];
    const proxy = new ServiceProxy({ report: (e) => events.push(e), log: createLogger(() => {}) });
    cleanups.push(() => proxy.close());
    const backend = await tcpServer("pong");
    const port = freePort();
    await proxy.apply([frontend("127.0.0.2", port, "TCP", [{ port: backend }])]);
    expect(await tcpAsk("127.0.0.2", port)).toBe("pong");
    await new Promise((r) => setTimeout(r, 100));
    expect(events.map((e) => e.kind)).toEqual(["opened", "closed"]);
    expect(events[0]!.backend?.port).toBe(backend);
    expect(events[0]!.client.ip).toBe("127.0.0.1");
  });

  it("resets a connection to a frontend without backends, reporting the drop; backends added later are used", async () => {
    const events: ServedEvent[] = [];
    const proxy = new ServiceProxy({ report: (e) => events.push(e), log: createLogger(() => {}) });
    cleanups.push(() => proxy.close());
    const port = freePort();
    await proxy.apply([frontend("127.0.0.3", port, "TCP", [])]);
    await expect(tcpAsk("127.0.0.3", port)).rejects.toMatchObject({ code: "ECONNRESET" });
    expect(events.map((e) => e.kind)).toEqual(["dropped"]);
    const backend = await tcpServer("now");
    await proxy.apply([frontend("127.0.0.3", port, "TCP", [{ port: backend }])]);
    expect(await tcpAsk("127.0.0.3", port)).toBe("now");
  });

  it("forwards UDP exchanges and their answers (a DNS-like request/response)", async () => {
    const events: ServedEvent[] = [];
    const proxy = new ServiceProxy({ report: (e) => events.push(e), log: createLogger(() => {}) });
    cleanups.push(() => proxy.close());
    const echo = createSocket("udp4");
    echo.on("message", (msg, remote) =>
      echo.send(Buffer.concat([Buffer.from("re:"), msg]), remote.port, remote.address),
    );
    await new Promise<void>((resolve) => echo.bind(0, "127.0.0.1", resolve));
    cleanups.push(() => echo.close());
    const port = freePort();
    await proxy.apply([frontend("127.0.0.4", port, "UDP", [{ port: echo.address().port }])]);
    const client = createSocket("udp4");
    cleanups.push(() => client.close());
    const answer = await new Promise<string>((resolve) => {
      client.on("message", (msg) => resolve(msg.toString()));
      client.send("query", port, "127.0.0.4");
    });
    expect(answer).toBe("re:query");
    expect(events.map((e) => e.kind)).toEqual(["datagram", "datagram-reply"]);
  });
});
