// ARP watch against the real local Docker engine: an address moves from one container to another
// while the LAN client watches, as it does when the L2 lease changes holder.

import { describe, expect, it } from "vitest";
import { ArpWatch } from "../../src/probes/arp-watch.ts";
import { waitUntil } from "../../src/wait/wait-until.ts";
import { useArpScene } from "./arp-docker-scene.ts";

const scene = useArpScene("arp-watch");

describe("ArpWatch on real containers", () => {
  it("reports the move of an address from A to B: the change, the gap, the new holder's first answer", async () => {
    const {
      client,
      network,
      holders: [a, b],
    } = scene();
    const vip = network.ip(150);
    await a.add(vip, 24);
    const watch = ArpWatch.start(client, vip, {
      nodes: [
        { name: "holder-a", role: "worker", lanIp: "", lanMac: a.mac },
        { name: "holder-b", role: "worker", lanIp: "", lanMac: b.mac },
      ],
    });
    try {
      await waitUntil({
        name: "watchSeesA",
        budgetMs: 8000,
        intervalMs: 100,
        expectation: "holder A never answered",
        observe: async () => {
          const summary = watch.summary();
          return {
            done: summary.answeredRounds >= 2,
            seen: `${summary.rounds} rounds, current ${summary.current}`,
          };
        },
      });
      watch.mark("moved the address from A");
      await a.remove(vip, 24);
      await new Promise((resolve) => setTimeout(resolve, 3000));
      await b.add(vip, 24);
      await b.announce(vip);
      await waitUntil({
        name: "watchSeesB",
        budgetMs: 10_000,
        intervalMs: 100,
        expectation: "holder B never answered",
        observe: async () => {
          const summary = watch.summary();
          const onB = summary.current.length === 1 && summary.current[0] === b.mac;
          return {
            done: onB,
            seen: `current ${summary.current.join(",") || "none"} after ${summary.rounds} rounds`,
          };
        },
      });
    } finally {
      await watch.stop();
    }
    const report = watch.report();
    expect(report.initial).toEqual([a.mac]);
    expect(report.current).toEqual([b.mac]);
    // A → nobody → B, with nothing in between.
    expect(report.changes.map((change) => change.to)).toEqual([[], [b.mac]]);
    const toB = report.changes[1]!;
    expect(toB.from).toEqual([]);
    // A's last answer came before the 3 s pause; B's first after it: at least the pause, apart.
    expect(toB.sinceLastAnswerMs).toBeGreaterThanOrEqual(3000);
    expect(toB.sinceLastAnswerMs).toBeLessThan(8000);
    expect(report.longestGap?.open).toBe(false);
    // Silence lasted about the pause, give or take a round (~1.1 s) at each end.
    expect(report.longestGap?.durationMs).toBeGreaterThanOrEqual(1500);
    expect(report.longestGap?.durationMs).toBeLessThan(6500);
    expect(report.overlaps).toEqual([]);
    const [mark] = report.marks;
    expect(mark?.answeringAtMark).toEqual([a.mac]);
    expect(mark?.newMacs).toEqual([b.mac]);
    expect(mark?.firstNewAnswerAfterMs).toBeGreaterThanOrEqual(3000);
    expect(report.nodes).toEqual({ [a.mac]: "holder-a", [b.mac]: "holder-b" });
    expect(report.failedRounds).toBe(0);
  }, 40_000);
});
