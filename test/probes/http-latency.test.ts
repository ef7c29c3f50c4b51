import { describe, expect, it } from "vitest";
import { describeLatency, latencyStats } from "../../src/probes/http-latency.ts";

describe("latencyStats", () => {
  it("uses nearest-rank percentiles over measured values", () => {
    const samples = Array.from({ length: 20 }, (_, i) => 20 - i); // 20..1, unsorted
    expect(latencyStats(samples)).toEqual({ count: 20, minMs: 1, medianMs: 10, p95Ms: 19, maxMs: 20 });
  });

  it("handles one sample and none", () => {
    expect(latencyStats([7.5])).toEqual({ count: 1, minMs: 7.5, medianMs: 7.5, p95Ms: 7.5, maxMs: 7.5 });
    expect(latencyStats([])).toBeUndefined();
    expect(describeLatency(undefined)).toBe("no responses");
    expect(describeLatency(latencyStats([1, 2, 3]))).toBe(
      "min 1ms / median 2ms / p95 3ms / max 3ms (3 responses)",
    );
  });
});
