// ARP watch against the real local Docker engine: an address moves from one container to another
// while the LAN client watches, as it does when the L2 lease changes holder.
//
// The steps follow the rounds the watch reports (events), not sleeps: remove the address from A
// after two rounds A answered, give it to B after two silent rounds, stop once B answers. The
// figures are checked against those rounds exactly, and against the moments of the moves by
// causality only (a holder answers no probe sent before it got the address or after it lost it):
// a loaded machine makes rounds slower, never these statements false (issue 17).

import { describe, expect, it } from "vitest";
import { ArpWatch, type ArpWatchRound } from "../../src/probes/arp-watch.ts";
import { EventLog } from "../support/event-log.ts";
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
    const rounds = new EventLog<ArpWatchRound>();
    const watch = ArpWatch.start(client, vip, {
      nodes: [
        { name: "holder-a", role: "worker", lanIp: "", lanMac: a.mac },
        { name: "holder-b", role: "worker", lanIp: "", lanMac: b.mac },
      ],
      onRound: (round) => rounds.push(round),
    });
    const answeredBy = (round: ArpWatchRound, mac: string) =>
      round.macs.length === 1 && round.macs[0] === mac;
    let removed = Number.NaN;
    let adding = Number.NaN;
    try {
      await rounds.when((seen) => seen.filter((round) => answeredBy(round, a.mac)).length >= 2);
      watch.mark("moved the address from A");
      await a.remove(vip, 24);
      removed = watch.elapsedMs();
      await rounds.when(
        (seen) => seen.filter((round) => round.atMs >= removed && round.macs.length === 0).length >= 2,
      );
      adding = watch.elapsedMs();
      await b.add(vip, 24);
      await b.announce(vip);
      await rounds.when((seen) => seen.some((round) => answeredBy(round, b.mac)));
    } finally {
      await watch.stop();
    }
    const report = watch.report();
    expect(report.initial).toEqual([a.mac]);
    expect(report.current).toEqual([b.mac]);
    // A → nobody → B, with nothing in between and never both.
    expect(report.changes.map((change) => change.to)).toEqual([[], [b.mac]]);
    expect(report.overlaps).toEqual([]);
    expect(report.nodes).toEqual({ [a.mac]: "holder-a", [b.mac]: "holder-b" });

    const seen = rounds.items;
    const lastA = seen.filter((round) => answeredBy(round, a.mac)).at(-1);
    const firstSilent = seen.find((round) => round.macs.length === 0);
    const firstB = seen.find((round) => answeredBy(round, b.mac));
    if (!lastA || !firstSilent || !firstB) throw new Error("the rounds waited for are missing");
    // Causality: A's last answering round started before its address was gone; B's first one
    // ended after B started taking the address.
    expect(lastA.atMs).toBeLessThanOrEqual(removed);
    expect(firstB.atMs + firstB.durationMs).toBeGreaterThanOrEqual(adding);
    // The figures, exactly from the rounds: the change to B, the silence, the mark.
    const toB = report.changes[1];
    expect(toB).toEqual({
      atMs: firstB.atMs,
      from: [],
      to: [b.mac],
      sinceLastAnswerMs: firstB.atMs - lastA.atMs,
    });
    expect(report.longestGap).toEqual({
      fromMs: firstSilent.atMs,
      toMs: firstB.atMs,
      durationMs: firstB.atMs - firstSilent.atMs,
      lastAnswerMs: lastA.atMs,
      open: false,
    });
    const [mark] = report.marks;
    expect(mark?.answeringAtMark).toEqual([a.mac]);
    expect(mark?.newMacs).toEqual([b.mac]);
    expect(mark?.firstNewAnswerAfterMs).toBe(firstB.atMs - (mark?.atMs ?? Number.NaN));
    // Every round ran: the LAN client's docker exec (0.4-0.9 s at a load average of 33 here) stays
    // well inside the probe's 3 s allowance for it (EXEC_SLACK_MS in src/probes/arp-probe.ts).
    expect(report.failedRounds).toBe(0);
    expect(report.rounds).toBe(seen.length);
  });
});
