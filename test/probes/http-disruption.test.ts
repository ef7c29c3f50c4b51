import { describe, expect, it } from "vitest";
import { type ContinuousSample, summariseDisruption } from "../../src/probes/http-disruption.ts";

const ok = (atMs: number): ContinuousSample => ({ atMs, ok: true });
const bad = (atMs: number, detail = "no response: ECONNREFUSED"): ContinuousSample => ({
  atMs,
  ok: false,
  detail,
});

describe("summariseDisruption", () => {
  it("finds the outage and the longest gap between successes", () => {
    const summary = summariseDisruption([
      ok(0),
      ok(200),
      bad(400),
      bad(600, "other"),
      bad(800),
      ok(1000),
      ok(1200),
    ]);
    expect(summary).toMatchObject({ total: 7, ok: 4, failed: 3, recovered: true });
    expect(summary.longestGap).toEqual({ fromMs: 200, toMs: 1000, ms: 800 });
    expect(summary.outages).toEqual([
      {
        fromMs: 400,
        toMs: 1000,
        failedRequests: 3,
        durationMs: 600,
        firstError: "no response: ECONNREFUSED",
      },
    ]);
  });

  it("keeps outages apart and picks the longest gap", () => {
    const summary = summariseDisruption([ok(0), bad(100), ok(200), bad(300), bad(400), bad(500), ok(600)]);
    expect(summary.outages.map((o) => [o.fromMs, o.toMs, o.failedRequests])).toEqual([
      [100, 200, 1],
      [300, 600, 3],
    ]);
    expect(summary.longestGap?.ms).toBe(400);
  });

  it("reports an outage still open at the end as not recovered", () => {
    const summary = summariseDisruption([ok(0), ok(100), bad(200), bad(300)]);
    expect(summary.recovered).toBe(false);
    expect(summary.outages).toEqual([
      {
        fromMs: 200,
        toMs: undefined,
        failedRequests: 2,
        durationMs: 100,
        firstError: "no response: ECONNREFUSED",
      },
    ]);
    expect(summary.longestGap).toEqual({ fromMs: 0, toMs: 100, ms: 100 });
  });

  it("measures gaps and outage ends on arrival times: a late answer shortens nothing", () => {
    // the request sent at 300 hangs through the outage and is answered at 1300
    const summary = summariseDisruption([
      { atMs: 0, doneMs: 5, ok: true },
      { atMs: 100, doneMs: 300, ok: false, detail: "no response: TIMEOUT" },
      { atMs: 300, doneMs: 1300, ok: true },
      { atMs: 1400, doneMs: 1405, ok: true },
    ]);
    expect(summary.longestGap).toEqual({ fromMs: 5, toMs: 1300, ms: 1295 });
    expect(summary.outages).toEqual([
      { fromMs: 100, toMs: 1300, failedRequests: 1, durationMs: 1200, firstError: "no response: TIMEOUT" },
    ]);
  });

  it("counts a run that starts down, and an empty run", () => {
    const startsDown = summariseDisruption([bad(0), ok(100), ok(250)]);
    expect(startsDown.outages[0]).toMatchObject({ fromMs: 0, toMs: 100 });
    expect(startsDown.longestGap?.ms).toBe(150);
    expect(summariseDisruption([])).toEqual({
      total: 0,
      ok: 0,
      failed: 0,
      longestGap: undefined,
      outages: [],
      recovered: false,
    });
  });
});
