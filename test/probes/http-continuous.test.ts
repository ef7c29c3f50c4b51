import { afterEach, describe, expect, it } from "vitest";
import { runContinuous } from "../../src/probes/http-continuous.ts";
import { createHttpProbe, type HttpProbe } from "../../src/probes/http-probe.ts";
import { echoBody, type LoopbackServer, startLoopbackServer } from "./http-test-server.ts";

let server: LoopbackServer | undefined;
let probe: HttpProbe | undefined;
afterEach(async () => {
  await probe?.close();
  await server?.close();
});

describe("runContinuous (loopback)", () => {
  it("counts failures, the outage and the gap until stopped", async () => {
    // requests 4-6 fail with 503; the run is stopped after the 10th answer
    const stop = new AbortController();
    server = await startLoopbackServer((request, response, count) => {
      if (count >= 4 && count <= 6) response.statusCode = 503;
      response.end(echoBody(request, { pod: "echo-v1-abc", service: "echo-v1" }));
    });
    probe = createHttpProbe();
    const seen: boolean[] = [];
    const report = await runContinuous(
      probe,
      { url: server.url },
      { service: "echo-v1" },
      {
        intervalMs: 20,
        signal: stop.signal,
        onSample: (sample) => {
          seen.push(sample.ok);
          if (seen.length === 10) stop.abort();
        },
      },
    );
    expect(report).toMatchObject({ total: 10, ok: 7, failed: 3, recovered: true });
    expect(report.outages).toHaveLength(1);
    expect(report.outages[0]?.failedRequests).toBe(3);
    expect(report.outages[0]?.firstError).toContain("status 503 (want 200)");
    // The gap runs exactly from the last good answer before the outage (3rd) to the first good one
    // after it (7th). On the wall clock that is 4 intervals plus the difference of two requests'
    // latencies, so only 3 intervals are a bound that scheduler jitter cannot break.
    const lastGood = report.samples[2]?.doneMs ?? Number.NaN;
    const firstGoodAgain = report.samples[6]?.doneMs ?? Number.NaN;
    expect(report.longestGap?.fromMs).toBe(lastGood);
    expect(report.longestGap?.toMs).toBe(firstGoodAgain);
    expect(report.longestGap?.ms).toBeCloseTo(firstGoodAgain - lastGood, 6);
    expect(report.longestGap?.ms).toBeGreaterThanOrEqual(3 * 20);
    expect(report.latency?.count).toBe(10);
    expect(report.durationMs).toBeGreaterThanOrEqual(9 * 20 - 5);
  });
});
