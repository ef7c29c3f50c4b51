import { afterEach, describe, expect, it } from "vitest";
import { runContinuous } from "../../src/probes/http-continuous.ts";
import { createHttpProbe, type HttpProbe } from "../../src/probes/http-probe.ts";
import { manualClock } from "../../src/wait/clock.ts";
import { echoBody, type LoopbackServer, startLoopbackServer } from "./http-test-server.ts";

let server: LoopbackServer | undefined;
let probe: HttpProbe | undefined;
afterEach(async () => {
  await probe?.close();
  await server?.close();
});

describe("runContinuous (loopback)", () => {
  it("counts failures, the outage and the gap until stopped, on the run's clock", async () => {
    // Real requests, but time is the run's clock: it moves by the run's own pauses and by the
    // latency the server gives each answer (5 ms; 35 ms for the 503s of requests 4-6, longer than
    // the 20 ms interval, so the next request goes out at once). Every figure is then exact,
    // whatever the machine's load (issue 17: the wall clock let scheduler jitter break bounds).
    const clock = manualClock();
    const stop = new AbortController();
    server = await startLoopbackServer((request, response, count) => {
      const failing = count >= 4 && count <= 6;
      clock.advance(failing ? 35 : 5);
      if (failing) response.statusCode = 503;
      response.end(echoBody(request, { pod: "echo-v1-abc", service: "echo-v1" }));
    });
    probe = createHttpProbe();
    let samples = 0;
    const report = await runContinuous(
      probe,
      { url: server.url },
      { service: "echo-v1" },
      {
        intervalMs: 20,
        signal: stop.signal,
        clock,
        onSample: () => {
          samples += 1;
          if (samples === 10) stop.abort();
        },
      },
    );
    expect(report).toMatchObject({ total: 10, ok: 7, failed: 3, recovered: true });
    // Sent 0, 20, 40; the 503s at 60, 95, 130 (no pause after a slow answer); then 165, 185, ...
    expect(report.samples.map((sample) => [sample.atMs, sample.doneMs])).toEqual([
      [0, 5],
      [20, 25],
      [40, 45],
      [60, 95],
      [95, 130],
      [130, 165],
      [165, 170],
      [185, 190],
      [205, 210],
      [225, 230],
    ]);
    expect(report.outages).toEqual([
      {
        fromMs: 60,
        toMs: 170,
        failedRequests: 3,
        durationMs: 110,
        firstError: expect.stringContaining("status 503 (want 200)"),
      },
    ]);
    // Arrival to arrival: from the last good answer before the outage to the first one after it.
    expect(report.longestGap).toEqual({ fromMs: 45, toMs: 170, ms: 125 });
    expect(report.latency?.count).toBe(10);
    // Stopped in the 10th answer's callback: the run ends there, without its pause.
    expect(report.durationMs).toBe(230);
  });
});
