import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runContinuous } from "../../src/probes/http-continuous.ts";
import { convergeHttp, HttpNotConvergedError } from "../../src/probes/http-converge.ts";
import { createHttpProbe, type HttpProbe } from "../../src/probes/http-probe.ts";
import { requireDocker } from "../support/docker.ts";
import {
  createTestNetwork,
  dockerCli,
  type EchoBackend,
  requireEchoImage,
  startEchoBackend,
  type TestNetwork,
} from "./http-bridge-fixture.ts";

let network: TestNetwork | undefined;
let v1: EchoBackend;
let v2: EchoBackend;
let probe: HttpProbe;

beforeAll(async () => {
  await requireDocker();
  await requireEchoImage();
  network = await createTestNetwork();
  [v1, v2] = await Promise.all([
    startEchoBackend(network, {
      pod: "echo-v1-7d4b9c-x2k8p",
      namespace: "conformance-http",
      service: "echo-v1",
    }),
    startEchoBackend(network, {
      pod: "echo-v2-5f6a1e-q9w3z",
      namespace: "conformance-http",
      service: "echo-v2",
    }),
  ]);
  probe = createHttpProbe({ requestTimeoutMs: 1000 });
}, 120_000);

afterAll(async () => {
  await probe?.close();
  await Promise.allSettled([v1?.container.stop(), v2?.container.stop()]);
  await network?.remove();
}, 60_000);

describe("HTTP probe through a docker bridge", () => {
  it("identifies which backend served, with the Host, path and headers it received", async () => {
    const target = {
      url: v1.url,
      host: "echo.home.example",
      path: "/cgi-bin/echo/items?page=2",
      headers: { "X-Probe-Run": "bridge-test" },
    };
    const fromV1 = await probe.send(target);
    const fromV2 = await probe.send({ ...target, url: v2.url });
    expect(fromV1.status).toBe(200);
    expect(fromV1.echo).toMatchObject({
      pod: "echo-v1-7d4b9c-x2k8p",
      namespace: "conformance-http",
      service: "echo-v1",
      host: "echo.home.example",
      path: "/cgi-bin/echo/items?page=2",
      method: "GET",
    });
    expect(fromV1.echo?.headers["X-Probe-Run"]).toEqual(["bridge-test"]);
    expect(fromV2.echo?.pod).toBe("echo-v2-5f6a1e-q9w3z");
  });

  it("converges on three consecutive matching answers", async () => {
    const result = await convergeHttp(
      probe,
      { url: v2.url, path: "/cgi-bin/echo/probe", host: "echo.home.example" },
      { service: "echo-v2", podPrefix: "echo-v2-", host: "echo.home.example" },
      { name: "httpRouteReachable", budgetMs: 10_000, intervalMs: 50 },
    );
    expect(result.attempts).toBe(3);
    expect(result.backends).toEqual({ "conformance-http/echo-v2-5f6a1e-q9w3z": 3 });
    expect(result.latency?.maxMs).toBeLessThan(1000);
  });

  it("times out with the last answer when the backend answers 500", async () => {
    const error = await convergeHttp(
      probe,
      { url: v1.url, path: "/cgi-bin/echo/probe?status=500" },
      { service: "echo-v1" },
      { name: "httpRouteReachable", budgetMs: 1500, intervalMs: 200 },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpNotConvergedError);
    const timeout = error as HttpNotConvergedError;
    expect(timeout.last?.status).toBe(500);
    expect(timeout.last?.echo?.pod).toBe("echo-v1-7d4b9c-x2k8p");
    expect(timeout.message).toContain(
      "last: 500 from conformance-http/echo-v1-7d4b9c-x2k8p (service echo-v1)",
    );
    expect(timeout.message).toContain("[status 500 (want 200)]");
  });

  it("times out with the error code when nothing answers on the port", async () => {
    const error = await convergeHttp(
      probe,
      { url: `http://${v1.ip}:8081/` },
      {},
      { name: "httpRouteReachable", budgetMs: 1000, intervalMs: 200 },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpNotConvergedError);
    expect((error as HttpNotConvergedError).last?.errorCode).toBe("ECONNREFUSED");
    expect((error as HttpNotConvergedError).message).toContain("last: no response: ECONNREFUSED");
  });

  it("counts the outage of a paused backend in continuous mode, and its recovery", async () => {
    const stop = new AbortController();
    let okAfterResume = 0;
    let resumed = false;
    const running = runContinuous(
      probe,
      { url: v1.url, path: "/cgi-bin/echo/probe", host: "echo.home.example" },
      { service: "echo-v1" },
      {
        intervalMs: 100,
        signal: stop.signal,
        onSample: (sample) => {
          if (resumed && sample.ok) okAfterResume += 1;
          if (okAfterResume >= 5) stop.abort();
        },
      },
    );
    // paused, the container keeps its IP; the kernel still accepts the TCP handshake, but httpd is
    // frozen, so requests time out: a real outage as a frozen node would cause
    await new Promise((resolve) => setTimeout(resolve, 800));
    await dockerCli(["pause", v1.container.getId()]);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    await dockerCli(["unpause", v1.container.getId()]);
    resumed = true;
    const report = await Promise.race([
      running,
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error("no recovery within 15s")), 15_000),
      ),
    ]);
    expect(report.failed).toBeGreaterThan(0);
    expect(report.ok).toBeGreaterThanOrEqual(5 + 3);
    expect(report.total).toBe(report.ok + report.failed);
    expect(report.recovered).toBe(true);
    expect(report.outages.length).toBeGreaterThanOrEqual(1);
    const outage = report.outages[0];
    expect(outage?.toMs).toBeDefined();
    expect(outage?.firstError).toMatch(/no response: (UND_ERR_HEADERS_TIMEOUT|TIMEOUT)/);
    // the gap between successes covers the pause (2.5 s) give or take one request timeout
    expect(report.longestGap?.ms).toBeGreaterThanOrEqual(2000);
    expect(report.longestGap?.ms).toBeLessThan(5000);
  }, 30_000);
});
