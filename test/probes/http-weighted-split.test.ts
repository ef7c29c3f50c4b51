import { afterEach, describe, expect, it } from "vitest";
import { createHttpProbe, type HttpProbe } from "../../src/probes/http-probe.ts";
import { checkWeightedSplit, sampleWeightedSplit } from "../../src/probes/http-weighted-split.ts";
import { designWeightedSplit, type SplitDesign } from "../../src/probes/weighted-split-design.ts";
import { echoBody, type LoopbackServer, startLoopbackServer } from "./http-test-server.ts";

describe("checkWeightedSplit against a design", () => {
  const design = designWeightedSplit({ "echo-a": 50, "echo-b": 50 }); // 1,050 requests, 472..578 each

  it("accepts counts inside every backend's range, up to its edges", () => {
    expect(checkWeightedSplit({ counts: { "echo-a": 525, "echo-b": 525 }, failed: 0 }, design).ok).toBe(true);
    const edge = checkWeightedSplit({ counts: { "echo-a": 578, "echo-b": 472 }, failed: 0 }, design);
    expect(edge.ok).toBe(true);
    expect(edge.seen).toBe(
      "echo-a 578 (weight 50: accepts 472..578), echo-b 472 (weight 50: accepts 472..578) of 1050 requests",
    );
  });

  it("rejects one answer past the edge, and a 60/40 split (which the old ±10.6-point check passed)", () => {
    expect(checkWeightedSplit({ counts: { "echo-a": 579, "echo-b": 471 }, failed: 0 }, design).ok).toBe(
      false,
    );
    const skewed = checkWeightedSplit({ counts: { "echo-a": 630, "echo-b": 420 }, failed: 0 }, design);
    expect(skewed.ok).toBe(false);
    expect(skewed.backends.map((b) => [b.backend, b.expected, b.ok])).toEqual([
      ["echo-a", 525, false],
      ["echo-b", 525, false],
    ]);
  });

  it("fails a zero-weight backend that answered, an unknown backend, a failed request or a short sample", () => {
    const withZero = designWeightedSplit({ a: 1, b: 0 });
    const n = withZero.requests;
    expect(checkWeightedSplit({ counts: { a: n - 1, b: 1 }, failed: 0 }, withZero).ok).toBe(false);
    expect(checkWeightedSplit({ counts: { a: n }, failed: 0 }, withZero).ok).toBe(true);
    const stray = checkWeightedSplit({ counts: { a: n - 10, c: 10 }, failed: 0 }, withZero);
    expect(stray.unexpected).toEqual([{ backend: "c", observed: 10 }]);
    expect(stray.ok).toBe(false);
    const failed = checkWeightedSplit({ counts: { a: n - 1 }, failed: 1 }, withZero);
    expect(failed.ok).toBe(false);
    expect(failed.seen).toContain("1 request(s) failed");
    const short = checkWeightedSplit({ counts: { "echo-a": 500, "echo-b": 500 }, failed: 0 }, design);
    expect(short.ok).toBe(false);
    expect(short.seen).toContain("1000 of 1050 requests sent");
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
    // A hand-made design for 40 requests: the sampling is under test here, not the statistics.
    const forty: SplitDesign = {
      requests: 40,
      backends: [
        { backend: "echo-v1", weight: 3, share: { num: 3n, den: 4n }, low: 24, high: 36 },
        { backend: "echo-v2", weight: 1, share: { num: 1n, den: 4n }, low: 4, high: 16 },
      ],
      falseAlarm: 0,
      missAtShift: 0,
    };
    expect(checkWeightedSplit(sample, forty).ok).toBe(false);
    expect(checkWeightedSplit({ counts: { ...sample.counts, "echo-v1": 30 }, failed: 0 }, forty).ok).toBe(
      true,
    );
  });
});
