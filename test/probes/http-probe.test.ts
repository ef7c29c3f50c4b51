import { createServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createHttpProbe, type HttpProbe } from "../../src/probes/http-probe.ts";
import { echoBody, type LoopbackServer, startLoopbackServer } from "./http-test-server.ts";

let server: LoopbackServer | undefined;
let probe: HttpProbe | undefined;
afterEach(async () => {
  await probe?.close();
  await server?.close();
  probe = undefined;
  server = undefined;
});

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const listener = createServer();
  await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
  const port = (listener.address() as { port: number }).port;
  await new Promise<void>((resolve) => listener.close(() => resolve()));
  return port;
}

describe("createHttpProbe (loopback)", () => {
  it("sends the Host header, path and headers apart from the URL, and parses the echo", async () => {
    server = await startLoopbackServer((request, response) => {
      response.setHeader("content-type", "application/json");
      response.end(echoBody(request, { pod: "echo-v1-abc", service: "echo-v1" }));
    });
    probe = createHttpProbe({ requestTimeoutMs: 2000 });
    const observation = await probe.send({
      url: `${server.url}/ignored`,
      host: "app.home.example",
      path: "/search?q=cilium",
      headers: { "X-Probe": "1" },
    });
    expect(observation.status).toBe(200);
    expect(observation.echo).toMatchObject({
      host: "app.home.example",
      path: "/search?q=cilium",
      pod: "echo-v1-abc",
      service: "echo-v1",
    });
    expect(observation.echo?.headers["X-Probe"]).toEqual(["1"]);
    expect(observation.latencyMs).toBeGreaterThan(0);
  });

  it("opens a new connection per request unless reuse is asked for", async () => {
    server = await startLoopbackServer((request, response) => response.end(echoBody(request, { pod: "p" })));
    probe = createHttpProbe();
    for (let i = 0; i < 3; i += 1) expect((await probe.send({ url: server.url })).status).toBe(200);
    expect(server.connections()).toBe(3);
    await probe.close();
    probe = createHttpProbe({ reuseConnections: true });
    for (let i = 0; i < 3; i += 1) expect((await probe.send({ url: server.url })).status).toBe(200);
    expect(server.connections()).toBe(4);
  });

  it("reports a server that never answers as a headers timeout within the budget", async () => {
    server = await startLoopbackServer(() => {
      /* accept, never answer */
    });
    probe = createHttpProbe({ requestTimeoutMs: 300 });
    const observation = await probe.send({ url: server.url });
    expect(observation.status).toBeUndefined();
    expect(observation.errorCode).toBe("UND_ERR_HEADERS_TIMEOUT");
    expect(observation.latencyMs).toBeGreaterThanOrEqual(250);
    // Below the default 5 s: the 300 ms option ended it (how far above 300 ms is the machine's load).
    expect(observation.latencyMs).toBeLessThan(5000);
  });

  it("reports a refused connection by its system code", async () => {
    probe = createHttpProbe({ requestTimeoutMs: 1000 });
    const observation = await probe.send({ url: `http://127.0.0.1:${await closedPort()}/` });
    expect(observation.errorCode).toBe("ECONNREFUSED");
    expect(observation.status).toBeUndefined();
  });

  it("keeps a non-JSON body as a snippet with the reason it is not an echo", async () => {
    server = await startLoopbackServer((_request, response) => {
      response.statusCode = 503;
      response.end(`upstream connect error or disconnect/reset before headers. ${"x".repeat(500)}`);
    });
    probe = createHttpProbe();
    const observation = await probe.send({ url: server.url });
    expect(observation.status).toBe(503);
    expect(observation.echo).toBeUndefined();
    expect(observation.echoProblem).toMatch(/not JSON/);
    expect(observation.bodySnippet).toHaveLength(300);
    expect(observation.bodySnippet.startsWith("upstream connect error")).toBe(true);
  });

  it("reports a redirect with its location instead of following it", async () => {
    server = await startLoopbackServer((_request, response) => {
      response.writeHead(302, { location: "https://app.home.example/" });
      response.end();
    });
    probe = createHttpProbe();
    const observation = await probe.send({ url: server.url });
    expect(observation).toMatchObject({ status: 302, location: "https://app.home.example/" });
    expect(server.requests()).toBe(1);
  });

  it("stops a request when the caller aborts", async () => {
    server = await startLoopbackServer(() => {});
    probe = createHttpProbe({ requestTimeoutMs: 5000 });
    const observation = await probe.send({ url: server.url }, AbortSignal.timeout(100));
    // The caller's 100 ms abort ended it, not the request's own 5 s timeout.
    expect(observation.latencyMs).toBeLessThan(5000);
    expect(observation.errorCode).toBeDefined();
    expect(observation.status).toBeUndefined();
  });

  it("refuses a URL it cannot probe with a usage error", async () => {
    probe = createHttpProbe();
    await expect(probe.send({ url: "ftp://192.168.5.30/" })).rejects.toMatchObject({ code: "CC_USAGE" });
    await expect(probe.send({ url: "not a url" })).rejects.toMatchObject({ code: "CC_USAGE" });
  });
});
