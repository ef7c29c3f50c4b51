import { describe, expect, it } from "vitest";
import type { NodeInventory } from "../../../src/cluster/run-context.ts";
import {
  awaitSingleArpAnswer,
  l2AnswerVerdict,
} from "../../../src/conformance/l2-announcements/l2-answer.ts";
import type { ArpProbeResult } from "../../../src/probes/arp-probe.ts";
import type { ArpVerdict } from "../../../src/probes/arp-verdict.ts";
import { manualClock } from "../../../src/wait/clock.ts";

const W1 = "02:42:c0:a8:05:03";
const W2 = "02:42:c0:a8:05:04";
const nodes: NodeInventory = [
  { name: "cc-r-control-plane", role: "control-plane", lanIp: "192.168.5.2", lanMac: "02:42:c0:a8:05:02" },
  { name: "cc-r-worker", role: "worker", lanIp: "192.168.5.3", lanMac: W1 },
  { name: "cc-r-worker2", role: "worker", lanIp: "192.168.5.4", lanMac: W2 },
];

function probe(verdict: ArpVerdict, answering: [string, string][]): ArpProbeResult {
  return {
    ip: "192.168.5.30",
    verdict,
    replies: answering.map(([mac, node]) => ({ mac, node, count: 2, firstReplyMs: 0.5, share: 1 })),
    sent: 2,
    mode: "burst",
    durationMs: 300,
    interfaceName: "eth0",
    arping: "iputils",
    transcript: { command: ["arping"], exitCode: 0, stdout: "", stderr: "" },
  } as unknown as ArpProbeResult;
}

describe("awaitSingleArpAnswer", () => {
  it("returns the first probe with exactly one MAC, settled", async () => {
    const looks = [probe("none", []), probe("single", [[W1, "cc-r-worker"]])];
    let calls = 0;
    const answered = await awaitSingleArpAnswer(
      async () => looks[calls++] as ArpProbeResult,
      30_000,
      manualClock(),
    );
    expect(answered).toMatchObject({ settled: true, budgetMs: 30_000 });
    expect(answered.probe?.verdict).toBe("single");
    expect(calls).toBe(2);
  });

  it("keeps the last probe when two MACs answer until the budget runs out, instead of throwing", async () => {
    // Before, the wait's timeout was thrown: the holder and the probe were lost, and the L2 suite's
    // next cases ran against `undefined` ("the Lease holder undefined is not in the node inventory").
    const duplicate = probe("duplicate", [
      [W2, "cc-r-worker2"],
      [W1, "cc-r-worker"],
    ]);
    const answered = await awaitSingleArpAnswer(async () => duplicate, 30_000, manualClock());
    expect(answered.settled).toBe(false);
    expect(answered.probe).toBe(duplicate);
  });

  it("keeps the last probe's error when every probe fails (the wait retries them until its budget)", async () => {
    const answered = await awaitSingleArpAnswer(
      async () => {
        throw new Error("arping: exec failed\nsecond line");
      },
      5000,
      manualClock(),
    );
    expect(answered).toEqual({
      probe: undefined,
      settled: false,
      budgetMs: 5000,
      error: "arping: exec failed",
    });
  });
});

describe("l2AnswerVerdict", () => {
  it("passes when the settled probe's one MAC is the holder's", () => {
    const verdict = l2AnswerVerdict(
      "cc-r-worker",
      { probe: probe("single", [[W1, "cc-r-worker"]]), settled: true, budgetMs: 30_000 },
      nodes,
    );
    expect(verdict).toMatchObject({ ok: true, value: { mac: W1 } });
  });

  it("names both MACs, the holder and how long it probed when ARP never settled", () => {
    const verdict = l2AnswerVerdict(
      "cc-r-worker2",
      {
        probe: probe("duplicate", [
          [W2, "cc-r-worker2"],
          [W1, "cc-r-worker"],
        ]),
        settled: false,
        budgetMs: 30_000,
      },
      nodes,
    );
    expect(verdict.ok).toBe(false);
    expect(verdict.seen).toBe(
      `still after 30s of probing (arpAnswered): 2 MACs answered: ${W2} (cc-r-worker2), ${W1} (cc-r-worker); the Lease holder is cc-r-worker2 (${W2})`,
    );
  });

  it("says nobody answered, and whose MAC was expected", () => {
    const verdict = l2AnswerVerdict(
      "cc-r-worker",
      { probe: probe("none", []), settled: false, budgetMs: 30_000 },
      nodes,
    );
    expect(verdict.seen).toBe(
      `still after 30s of probing (arpAnswered): no ARP answer; the Lease holder cc-r-worker has MAC ${W1}`,
    );
  });

  it("says when no probe finished at all", () => {
    const verdict = l2AnswerVerdict(
      "cc-r-worker",
      { probe: undefined, settled: false, budgetMs: 5000 },
      nodes,
    );
    expect(verdict.seen).toBe(
      "still after 5s of probing (arpAnswered): no probe finished; the Lease holder is cc-r-worker",
    );
  });
});
