import { afterEach, describe, expect, it } from "vitest";
import { convergeHttp, HttpNotConvergedError } from "../../src/probes/http-converge.ts";
import type { HttpObservation } from "../../src/probes/http-observation.ts";
import { createHttpProbe, type HttpProbe } from "../../src/probes/http-probe.ts";
import { manualClock } from "../../src/wait/clock.ts";
import { echoBody, type LoopbackServer, startLoopbackServer } from "./http-test-server.ts";

let server: LoopbackServer | undefined;
let probe: HttpProbe | undefined;
afterEach(async () => {
  await probe?.close();
  await server?.close();
});

describe("convergeHttp (loopback, manual clock)", () => {
  it("needs three matching answers in a row: a bad answer in between restarts the count", async () => {
    // answers 1-2: 503; 3-4: right backend; 5: wrong backend; 6-8: right backend
    server = await startLoopbackServer((request, response, count) => {
      if (count <= 2) {
        response.statusCode = 503;
        response.end("no healthy upstream");
        return;
      }
      const pod = count === 5 ? "echo-v2-zzz" : "echo-v1-abc";
      response.end(echoBody(request, { pod, service: pod.slice(0, 7) }));
    });
    probe = createHttpProbe();
    const clock = manualClock();
    const result = await convergeHttp(
      probe,
      { url: server.url, host: "app.home.example" },
      { service: "echo-v1", host: "app.home.example" },
      { name: "httpRouteReachable", budgetMs: 30_000, intervalMs: 1000, clock },
    );
    expect(result.attempts).toBe(8);
    expect(result.consecutive).toBe(3);
    expect(result.backends).toEqual({ "conformance/echo-v1-abc": 5 });
    expect(result.last.echo?.pod).toBe("echo-v1-abc");
    expect(result.latency?.count).toBe(8);
    expect(result.elapsedMs).toBe(7000); // seven pauses of the manual clock
  });

  it("times out naming the last answer: status, body and the unmet expectation", async () => {
    server = await startLoopbackServer((_request, response) => {
      response.statusCode = 500;
      response.end("internal error");
    });
    probe = createHttpProbe();
    const error = await convergeHttp(
      probe,
      { url: server.url },
      {},
      { name: "httpRouteReachable", budgetMs: 5000, intervalMs: 1000, clock: manualClock() },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpNotConvergedError);
    const timeout = error as HttpNotConvergedError;
    expect(timeout.code).toBe("CC_WAIT_TIMEOUT");
    expect(timeout.exitCode).toBe(1);
    expect(timeout.attempts).toBe(6);
    expect(timeout.last?.status).toBe(500);
    expect(timeout.message).toMatch(
      /^httpRouteReachable: not 3 consecutive matching answers from http:\/\/127\.0\.0\.1:\d+ after 5s \(last: 500 body "internal error" in \d+ms \[status 500 \(want 200\)\]; 0\/3 consecutive after 6 requests\)$/,
    );
  });

  it("rejects an unprobeable URL before waiting", async () => {
    probe = createHttpProbe();
    await expect(
      convergeHttp(probe, { url: "gopher://x" }, {}, { name: "w", budgetMs: 1000, clock: manualClock() }),
    ).rejects.toMatchObject({ code: "CC_USAGE", exitCode: 2 });
  });
});

describe("convergeHttp at the budget's end", () => {
  it("reports the last real answer, not the request its own deadline aborted", async () => {
    let calls = 0;
    const answer = (status: number): HttpObservation => ({
      sentAtMs: Date.now(),
      latencyMs: 1,
      status,
      bodySnippet: "upstream failed",
    });
    // The first answers are 500s; the request in flight when the budget ends hangs until aborted,
    // then comes back ABORTED, as the undici probe reports a cancelled request.
    // On the manual clock, the third request starts at 100 ms; the budget ends while it hangs
    // (the clock is moved to 300 ms then), whatever the machine's speed.
    const clock = manualClock();
    const scripted: HttpProbe = {
      send: (_target, signal) => {
        calls += 1;
        if (calls <= 2) return Promise.resolve(answer(500));
        const aborted = new Promise<HttpObservation>((resolve) =>
          signal?.addEventListener("abort", () =>
            resolve({ sentAtMs: Date.now(), latencyMs: 0, bodySnippet: "", errorCode: "ABORTED" }),
          ),
        );
        clock.advance(300 - clock.now());
        return aborted;
      },
      close: async () => {},
    };
    const failure = await convergeHttp(
      scripted,
      { url: "http://127.0.0.1:9/" },
      { status: 200 },
      { name: "httpConsistency", budgetMs: 300, intervalMs: 50, clock },
    ).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(HttpNotConvergedError);
    const timeout = failure as HttpNotConvergedError;
    expect(calls).toBe(3);
    expect(timeout.last?.status).toBe(500);
    expect(timeout.attempts).toBe(2);
    expect(timeout.message).toContain("500");
    expect(timeout.message).not.toContain("ABORTED");
  });
});
