import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runContinuous } from "../../src/probes/http-continuous.ts";
import { convergeHttp, HttpNotConvergedError } from "../../src/probes/http-converge.ts";
import type { ContinuousSample } from "../../src/probes/http-disruption.ts";
import { createHttpProbe, type HttpProbe } from "../../src/probes/http-probe.ts";
import { type Clock, manualClock, systemClock } from "../../src/wait/clock.ts";
import { requireDocker } from "../support/docker.ts";
import { EventLog } from "../support/event-log.ts";
import {
  createTestNetwork,
  dockerCli,
  type EchoBackend,
  pauseContainer,
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
  // These tests are not about timeouts: 150 answers of this BusyBox CGI at a load average of 30
  // on 2 cores took 35 ms (median) and 0.42 s at most, so 10 s does not cut a healthy answer.
  probe = createHttpProbe({ requestTimeoutMs: 10_000 });
});

afterAll(async () => {
  await probe?.close();
  await Promise.allSettled([v1?.container.stop(), v2?.container.stop()]);
  await network?.remove();
});

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

  // The convergence waits run on a manual clock: it moves only by their own pauses, so the number
  // of requests a budget allows is exact and no answer is cut by a deadline however slow the
  // machine (the requests themselves are real).
  it("converges on three consecutive matching answers", async () => {
    const result = await convergeHttp(
      probe,
      { url: v2.url, path: "/cgi-bin/echo/probe", host: "echo.home.example" },
      { service: "echo-v2", podPrefix: "echo-v2-", host: "echo.home.example" },
      { name: "httpRouteReachable", budgetMs: 10_000, intervalMs: 50, clock: manualClock() },
    );
    expect(result.attempts).toBe(3);
    expect(result.elapsedMs).toBe(100);
    expect(result.backends).toEqual({ "conformance-http/echo-v2-5f6a1e-q9w3z": 3 });
    expect(result.latency?.count).toBe(3);
  });

  it("times out with the last answer when the backend answers 500", async () => {
    const error = await convergeHttp(
      probe,
      { url: v1.url, path: "/cgi-bin/echo/probe?status=500" },
      { service: "echo-v1" },
      { name: "httpRouteReachable", budgetMs: 1500, intervalMs: 200, clock: manualClock() },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpNotConvergedError);
    const timeout = error as HttpNotConvergedError;
    // Requests at 0, 200, ... 1400 ms, and the last look when the budget ends at 1500 ms.
    expect(timeout.attempts).toBe(9);
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
      { name: "httpRouteReachable", budgetMs: 1000, intervalMs: 200, clock: manualClock() },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpNotConvergedError);
    expect((error as HttpNotConvergedError).attempts).toBe(6);
    expect((error as HttpNotConvergedError).last?.errorCode).toBe("ECONNREFUSED");
    expect((error as HttpNotConvergedError).message).toContain("last: no response: ECONNREFUSED");
  });

  it("counts the outage of a paused backend in continuous mode, and its recovery", async () => {
    // Paused, the container keeps its IP and the kernel still accepts the TCP handshake, but httpd
    // is frozen: requests time out, as with a frozen node. The steps follow what the run has seen
    // (events), not sleeps: pause after 3 good answers, resume after 2 requests sent during the
    // freeze have failed, stop after 5 good answers to requests sent after the resume. The
    // assertions rest on causality only (nothing answers while frozen), never on how fast the
    // machine is: a healthy answer slower than the 1 s timeout under load is one more failure,
    // outside the freeze, which none of them forbids.
    const shortProbe = createHttpProbe({ requestTimeoutMs: 1000 });
    // The run's clock, whose first reading is the run's origin: our marks share its time base.
    let origin: number | undefined;
    const clock: Clock = {
      ...systemClock,
      now: () => {
        const now = systemClock.now();
        origin ??= now;
        return now;
      },
    };
    const sinceOrigin = () => systemClock.now() - (origin ?? Number.NaN);
    const seen = new EventLog<ContinuousSample>();
    const stop = new AbortController();
    const running = runContinuous(
      shortProbe,
      { url: v1.url, path: "/cgi-bin/echo/probe", host: "echo.home.example" },
      { service: "echo-v1" },
      // Every request forks a CGI in the backend: 200 ms keeps the churn that can defeat a freeze low.
      { intervalMs: 200, signal: stop.signal, clock, onSample: (sample) => seen.push(sample) },
    );
    try {
      await seen.when((samples) => samples.filter((sample) => sample.ok).length >= 3);
      await pauseContainer(v1.container.getId());
      const paused = sinceOrigin();
      await seen.when(
        (samples) => samples.filter((sample) => sample.atMs >= paused && !sample.ok).length >= 2,
      );
      const resuming = sinceOrigin();
      await dockerCli(["unpause", v1.container.getId()]);
      const resumed = sinceOrigin();
      await seen.when(
        (samples) => samples.filter((sample) => sample.atMs >= resumed && sample.ok).length >= 5,
      );
      stop.abort();
      const report = await running;
      const samples = seen.items;

      expect(report.samples).toEqual(samples);
      expect(report.total).toBe(report.ok + report.failed);
      expect(report.recovered).toBe(true);
      // Every request sent and ended while httpd was frozen failed, on the request timeout.
      const frozen = samples.filter((s) => s.atMs >= paused && (s.doneMs ?? s.atMs) <= resuming);
      expect(frozen.length).toBeGreaterThanOrEqual(2);
      for (const sample of frozen) {
        expect(sample.ok).toBe(false);
        expect(sample.detail).toMatch(/no response: (UND_ERR_HEADERS_TIMEOUT|TIMEOUT)/);
      }
      // The outage holding those failures spans the freeze: it ends with the first good answer
      // after the resume began, and the gap between good answers around it covers the freeze.
      const outage = report.outages.find(
        (entry) => entry.fromMs <= (frozen[0]?.atMs ?? 0) && (entry.toMs ?? 0) >= resuming,
      );
      // Its first failure may be a request the freeze caught mid-answer: headers sent, body not.
      expect(outage?.firstError).toMatch(
        /no response: (UND_ERR_HEADERS_TIMEOUT|UND_ERR_BODY_TIMEOUT|TIMEOUT)/,
      );
      const lastGoodBefore = samples.filter((s) => s.ok && (s.doneMs ?? s.atMs) <= paused).at(-1);
      const firstGoodAfter = samples.find((s) => s.ok && (s.doneMs ?? s.atMs) >= resuming);
      expect(outage?.toMs).toBe(firstGoodAfter?.doneMs);
      expect(report.longestGap?.ms).toBeGreaterThanOrEqual(
        (firstGoodAfter?.doneMs ?? 0) - (lastGoodBefore?.doneMs ?? Number.NaN),
      );
      expect(report.longestGap?.ms).toBeGreaterThanOrEqual(resuming - paused);
    } finally {
      stop.abort();
      await running.catch(() => undefined);
      await shortProbe.close();
    }
  });
});
