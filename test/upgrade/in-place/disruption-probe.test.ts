import { describe, expect, it } from "vitest";
import {
  initialArpWatchState,
  reduceArpWatch,
  summarizeArpWatch,
} from "../../../src/probes/arp-watch-rounds.ts";
import type { HttpObservation } from "../../../src/probes/http-observation.ts";
import type { HttpProbe } from "../../../src/probes/http-probe.ts";
import { measureFromArp, withinBudget } from "../../../src/upgrade/in-place/disruption-probe.ts";
import {
  answeredBelow500,
  startHttpDisruptionProbe,
} from "../../../src/upgrade/in-place/http-disruption-probe.ts";

const MAC_A = "02:42:c0:a8:05:0b";
const MAC_B = "02:42:c0:a8:05:0c";

describe("disruption measures", () => {
  it("reads an ARP watch: silent rounds, the longest gap and the holder change", () => {
    let state = initialArpWatchState();
    const rounds: [number, string[]][] = [
      [0, [MAC_A]],
      [1000, [MAC_A]],
      [2000, []],
      [3000, []],
      [4000, [MAC_B]],
      [5000, [MAC_B]],
    ];
    for (const [atMs, macs] of rounds) state = reduceArpWatch(state, { type: "round", atMs, macs });
    const measure = measureFromArp("arp 192.168.5.30", {
      ip: "192.168.5.30",
      startedAt: "2026-07-01T10:00:00Z",
      nodes: { [MAC_A]: "cc-1-worker", [MAC_B]: "cc-1-worker2" },
      failedRounds: 0,
      ...summarizeArpWatch(state),
    });
    expect(measure).toMatchObject({
      kind: "arp",
      total: 6,
      failed: 2,
      longestGapMs: 2000,
      outages: 1,
      recovered: true,
    });
    expect(measure.notes).toContain(`+4.0s: nobody → ${MAC_B} (cc-1-worker2)`);
    expect(withinBudget(measure, 2000)).toBe(true);
    expect(withinBudget(measure, 1999)).toBe(false);
  });

  it("runs the real continuous HTTP probe until stopped and measures its outage", async () => {
    // Requests 6-10 fail: the outage is decided by the request count, not by when a poller
    // notices it (issue 17: a poller stalled on a loaded machine let the outage shrink to nothing).
    let sent = 0;
    let reached15: () => void = () => undefined;
    const fifteenSent = new Promise<void>((resolve) => {
      reached15 = resolve;
    });
    const fake: HttpProbe = {
      close: async () => undefined,
      async send(): Promise<HttpObservation> {
        sent += 1;
        if (sent === 15) reached15();
        const base = { sentAtMs: Date.now(), latencyMs: 1, bodySnippet: "" };
        return sent > 5 && sent <= 10 ? { ...base, errorCode: "ECONNREFUSED" } : { ...base, status: 200 };
      },
    };
    const probe = startHttpDisruptionProbe(fake, {
      name: "http gateway gateway/homelab",
      target: { url: "http://127.0.0.1:9/" },
      expected: { status: 200 },
      intervalMs: 5,
    });
    await fifteenSent;
    const measure = await probe.stop();
    expect(measure.failed).toBe(5);
    expect(measure.outages).toBe(1);
    expect(measure.recovered).toBe(true);
    expect(measure.notes[0]).toContain("ECONNREFUSED");
  });

  it("counts any answer below 500 as the data path working, a 5xx as disruption", async () => {
    const statuses = [404, 503];
    const probe = answeredBelow500({
      close: async () => undefined,
      send: async () => ({ sentAtMs: 0, latencyMs: 1, bodySnippet: "", status: statuses.shift() ?? 200 }),
    });
    expect((await probe.send({ url: "http://127.0.0.1:9/" })).status).toBe(200);
    expect((await probe.send({ url: "http://127.0.0.1:9/" })).status).toBe(503);
  });
});
