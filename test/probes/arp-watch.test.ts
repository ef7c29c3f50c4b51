import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ArpWatch } from "../../src/probes/arp-watch.ts";
import type { ExecOutcome, LanClientExec } from "../../src/probes/lan-client.ts";
import { manualClock } from "../../src/wait/clock.ts";

const fixture = (name: string) => readFileSync(new URL(`fixtures/arping/${name}`, import.meta.url), "utf8");
const A = "02:42:0a:d5:c9:02";

/**
 * A stand-in for the container (the thing under test is the watch loop): each exec plays the next
 * scripted arping output and moves the manual clock by a round's length.
 */
function scriptedClient(
  outputs: ExecOutcome[],
  clock: ReturnType<typeof manualClock>,
  arping: Pick<LanClientExec, "arping" | "arpingVersion"> = { arping: "busybox" },
): LanClientExec & { argv: string[][] } {
  const argv: string[][] = [];
  let index = 0;
  return {
    argv,
    interfaceName: "eth0",
    ...arping,
    exec: async (command) => {
      argv.push([...command]);
      const outcome = outputs[Math.min(index, outputs.length - 1)]!;
      index += 1;
      clock.advance(1000);
      await new Promise((resolve) => setImmediate(resolve));
      return outcome;
    },
  };
}

// Bursts as the LAN client's BusyBox printed them (fixtures/arping/README.md), moved to this address
// and holder.
const answered: ExecOutcome = {
  exitCode: 0,
  stdout: fixture("busybox-1.35-burst-single.txt")
    .replaceAll("10.213.241.101", "10.213.201.50")
    .replaceAll("02:42:0a:d5:f1:09", A),
  stderr: "",
  durationMs: 600,
};
const silent: ExecOutcome = {
  exitCode: 0,
  stdout: fixture("busybox-1.35-burst-none.txt").replaceAll("10.213.241.200", "10.213.201.50"),
  stderr: "",
  durationMs: 600,
};
const broken: ExecOutcome = {
  exitCode: 1,
  stdout: "",
  stderr: fixture("busybox-1.35-no-net-raw.txt"),
  durationMs: 5,
};

async function untilRounds(watch: ArpWatch, rounds: number): Promise<void> {
  while (watch.summary().rounds < rounds) await new Promise((resolve) => setImmediate(resolve));
}

describe("ArpWatch loop", () => {
  it("probes one burst at a time and folds the rounds into the summary", async () => {
    const clock = manualClock();
    const client = scriptedClient([answered, answered, silent, silent, answered], clock);
    const watch = ArpWatch.start(client, "10.213.201.50", {
      clock,
      nodes: [{ name: "kind-worker", role: "worker", lanIp: "10.213.201.2", lanMac: A }],
    });
    await untilRounds(watch, 5);
    const report = await watch.stop();
    expect(client.argv[0]?.slice(0, 2)).toEqual(["sh", "-c"]);
    expect(client.argv[0]?.slice(4)).toEqual(["eth0", "10.213.201.50", "3", "0.300", "INT"]);
    expect(report.probes).toBe(report.rounds * 3);
    expect(report.initial).toEqual([A]);
    expect(report.changes.slice(0, 2).map((change) => [change.atMs, change.to])).toEqual([
      [2000, []],
      [4000, [A]],
    ]);
    expect(report.longestGap).toMatchObject({ fromMs: 2000, toMs: 4000, durationMs: 2000 });
    expect(report.nodes).toEqual({ [A]: "kind-worker" });
    expect(report.failedRounds).toBe(0);
  });

  it("does not count a round where arping failed as silence, and gives up after repeated failures", async () => {
    const clock = manualClock();
    const watch = ArpWatch.start(scriptedClient([answered, broken, broken, broken], clock), "10.213.201.50", {
      clock,
      maxConsecutiveErrors: 3,
    });
    while (watch.report().failedRounds < 3) await new Promise((resolve) => setImmediate(resolve));
    await expect(watch.stop()).rejects.toMatchObject({
      code: "CC_ENV_ARP_PROBE_FAILED",
      message: expect.stringContaining("3 failed rounds in a row"),
    });
    expect(watch.summary().rounds).toBe(1);
    expect(watch.summary().gaps).toEqual([]);
  });

  it("on an iputils that stops at the first reply to its last probe, a round is two probes and sees both holders", async () => {
    const twoHolders: ExecOutcome = {
      exitCode: 0,
      stdout: [
        "ARPING 10.213.201.50 from 10.213.201.4 eth0",
        "Unicast reply from 10.213.201.50 [02:42:0A:D5:C9:02]  0.540ms",
        "Unicast reply from 10.213.201.50 [02:42:0A:D5:C9:03]  0.711ms",
        "Unicast reply from 10.213.201.50 [02:42:0A:D5:C9:02]  0.498ms",
        "Unicast reply from 10.213.201.50 [02:42:0A:D5:C9:03]  0.652ms",
        "Sent 2 probes (2 broadcast(s))",
        "Received 4 response(s)",
      ].join("\n"),
      stderr: "",
      durationMs: 2000,
    };
    const clock = manualClock();
    const client = scriptedClient([twoHolders], clock, { arping: "iputils", arpingVersion: "s20161105" });
    const rounds: number[] = [];
    const watch = ArpWatch.start(client, "10.213.201.50", {
      clock,
      onRound: (round) => rounds.push(round.probes),
    });
    await untilRounds(watch, 2);
    const report = await watch.stop();
    expect(client.argv[0]).toEqual(["arping", "-b", "-c", "2", "-I", "eth0", "10.213.201.50"]);
    expect(report.overlaps[0]?.macs).toEqual([A, "02:42:0a:d5:c9:03"]);
    expect(report.probes).toBe(report.rounds * 2);
    expect(rounds.every((probes) => probes === 2)).toBe(true);
  });

  it("an exception from onRound stops the watch without an unhandled rejection; summary() and stop() report it", async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      const clock = manualClock();
      const client = scriptedClient([answered], clock);
      const watch = ArpWatch.start(client, "10.213.201.50", {
        clock,
        onRound: () => {
          throw new Error("progress printer broke");
        },
      });
      while (watch.failure() === undefined) await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
      expect(client.argv).toHaveLength(1);
      expect(watch.summary()).toMatchObject({ rounds: 1, failure: "progress printer broke" });
      await expect(watch.stop()).rejects.toThrow("progress printer broke");
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });

  it("a mark is timed on the watch's clock", async () => {
    const clock = manualClock();
    const watch = ArpWatch.start(scriptedClient([answered], clock), "10.213.201.50", { clock });
    await untilRounds(watch, 2);
    watch.mark("paused");
    await untilRounds(watch, 4);
    const report = await watch.stop();
    expect(report.marks[0]?.label).toBe("paused");
    expect(report.marks[0]?.firstAnswerAfterMs).toBeGreaterThanOrEqual(0);
    expect(report.marks[0]?.answeringAtMark).toEqual([A]);
  });
});
