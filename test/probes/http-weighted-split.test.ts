import { afterEach, describe, expect, it } from "vitest";
import { createHttpProbe, type HttpProbe } from "../../src/probes/http-probe.ts";
import { checkWeightedSplit, sampleWeightedSplit } from "../../src/probes/http-weighted-split.ts";
import { echoBody, type LoopbackServer, startLoopbackServer } from "./http-test-server.ts";

describe("checkWeightedSplit", () => {
  it("accepts counts within the larger of tolerance·N and three standard deviations", () => {
    // N = 100, weights 70/30: e = 70 and 30, 3σ = 3·√21 ≈ 13.75 > 5 (tolerance share)
    const check = checkWeightedSplit(
      { counts: { "echo-v1": 82, "echo-v2": 18 }, failed: 0 },
      { "echo-v1": 70, "echo-v2": 30 },
    );
    expect(check.ok).toBe(true);
    expect(check.backends[0]?.allowedDeviation).toBeCloseTo(13.75, 2);
    const skewed = checkWeightedSplit(
      { counts: { "echo-v1": 85, "echo-v2": 15 }, failed: 0 },
      { "echo-v1": 70, "echo-v2": 30 },
    );
    expect(skewed.ok).toBe(false);
    expect(skewed.backends.map((b) => b.ok)).toEqual([false, false]);
  });

  it("widens to the tolerance share when N is large", () => {
    // N = 10000, 50/50: 3σ = 150, tolerance 0.05·N = 500
    const check = checkWeightedSplit({ counts: { a: 5400, b: 4600 }, failed: 0 }, { a: 1, b: 1 });
    expect(check.ok).toBe(true);
    expect(check.backends[0]?.allowedDeviation).toBe(500);
    expect(checkWeightedSplit({ counts: { a: 5600, b: 4400 }, failed: 0 }, { a: 1, b: 1 }).ok).toBe(false);
  });

  it("fails a zero-weight backend that answered, an unknown backend, or any failed request", () => {
    expect(checkWeightedSplit({ counts: { a: 99, b: 1 }, failed: 0 }, { a: 1, b: 0 }).ok).toBe(false);
    expect(checkWeightedSplit({ counts: { a: 100 }, failed: 0 }, { a: 1, b: 0 }).ok).toBe(true);
    const stray = checkWeightedSplit({ counts: { a: 90, c: 10 }, failed: 0 }, { a: 1 });
    expect(stray.unexpected).toEqual([{ backend: "c", observed: 10 }]);
    expect(stray.ok).toBe(false);
    expect(checkWeightedSplit({ counts: { a: 99 }, failed: 1 }, { a: 1 }).ok).toBe(false);
  });
});

describe("sampleWeightedSplit (loopback)", () => {
  let server: LoopbackServer | undefined;
  let probe: HttpProbe | undefined;
  afterEach(async () => {
    await probe?.close();
    await server?.close();
  });

  it("counts answers per service and failures apart", async () => {
    // every 4th answer from echo-v2, the 10th a 503
    server = await startLoopbackServer((request, response, count) => {
      if (count === 10) {
        response.statusCode = 503;
        response.end("overloaded");
        return;
      }
      const service = count % 4 === 0 ? "echo-v2" : "echo-v1";
      response.end(echoBody(request, { pod: `${service}-pod`, service }));
    });
    probe = createHttpProbe();
    const sample = await sampleWeightedSplit(probe, { url: server.url }, 40);
    expect(sample.counts).toEqual({ "echo-v1": 29, "echo-v2": 10 });
    expect(sample.failed).toBe(1);
    expect(sample.failureExamples).toEqual(["status 503 (want 200)"]);
    expect(checkWeightedSplit(sample, { "echo-v1": 3, "echo-v2": 1 }).ok).toBe(false);
    expect(checkWeightedSplit({ ...sample, failed: 0 }, { "echo-v1": 3, "echo-v2": 1 }).ok).toBe(true);
  });
});
