import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { NodeInventory } from "../../src/cluster/run-context.ts";
import { splitBurstOutput } from "../../src/probes/arp-burst-command.ts";
import { parseArpingOutput } from "../../src/probes/arp-output-parser.ts";
import { arpAnswerOf, arpAnswerOfRuns, verdictOf } from "../../src/probes/arp-verdict.ts";

const replies = (name: string) =>
  parseArpingOutput(readFileSync(new URL(`fixtures/arping/${name}`, import.meta.url), "utf8")).replies;

const nodes: NodeInventory = [
  { name: "kind-control-plane", role: "control-plane", lanIp: "10.213.7.2", lanMac: "02:42:0a:d5:07:02" },
  { name: "kind-worker", role: "worker", lanIp: "10.213.7.3", lanMac: "02:42:0A:D5:07:03" },
];

describe("arpAnswerOf", () => {
  it("single: one MAC with its reply count and first latency (BusyBox and iputils alike)", () => {
    expect(arpAnswerOf("10.213.201.50", replies("busybox-1.35-single.txt"))).toEqual({
      verdict: "single",
      replies: [{ mac: "02:42:0a:d5:c9:02", count: 3, firstReplyMs: 0.008 }],
    });
    expect(arpAnswerOf("10.213.7.50", replies("iputils-single.txt"))).toEqual({
      verdict: "single",
      replies: [{ mac: "02:42:0a:d5:07:02", count: 3, firstReplyMs: 0.613 }],
    });
  });

  it("duplicate: both MACs, in order of first answer, a reply per round each", () => {
    const answer = arpAnswerOf("10.213.7.50", replies("iputils-duplicate.txt"), nodes);
    expect(answer.verdict).toBe("duplicate");
    expect(answer.replies).toEqual([
      { mac: "02:42:0a:d5:07:03", count: 3, firstReplyMs: 0.54, node: "kind-worker" },
      { mac: "02:42:0a:d5:07:02", count: 3, firstReplyMs: 0.711, node: "kind-control-plane" },
    ]);
  });

  it("none: no replies", () => {
    expect(arpAnswerOf("10.213.201.77", replies("busybox-1.35-none.txt"))).toEqual({
      verdict: "none",
      replies: [],
    });
    expect(arpAnswerOf("10.213.7.77", replies("iputils-none.txt"))).toEqual({ verdict: "none", replies: [] });
  });

  it("counts case variants of one MAC as one responder and ignores other addresses", () => {
    const answer = arpAnswerOf("10.213.7.50", replies("busybox-legacy-mixed-case.txt"));
    expect(answer.verdict).toBe("duplicate");
    expect(answer.replies.map((reply) => [reply.mac, reply.count])).toEqual([
      ["02:42:0a:d5:07:03", 2],
      ["02:42:0a:d5:07:02", 2],
    ]);
  });

  it("judges each address on its own packets only", () => {
    expect(arpAnswerOf("10.213.7.99", replies("busybox-legacy-mixed-case.txt")).verdict).toBe("single");
  });
});

describe("verdictOf", () => {
  it("maps responder counts", () => {
    expect([0, 1, 2, 5].map(verdictOf)).toEqual(["none", "single", "duplicate", "duplicate"]);
  });
});

describe("arpAnswerOfRuns (a burst)", () => {
  const runs = (name: string) =>
    splitBurstOutput(readFileSync(new URL(`fixtures/arping/${name}`, import.meta.url), "utf8")).map(
      (run) => parseArpingOutput(run.output).replies,
    );

  it("duplicate: each MAC counted once per run that heard it, whatever it heard from the others' probes", () => {
    const answer = arpAnswerOfRuns("10.213.241.100", runs("busybox-1.35-burst-duplicate.txt"));
    expect(answer.verdict).toBe("duplicate");
    expect(answer.replies).toEqual([
      { mac: "02:42:0a:d5:f1:0a", count: 3, firstReplyMs: 0.009 },
      { mac: "02:42:0a:d5:f1:09", count: 3, firstReplyMs: 0.026 },
    ]);
  });

  it("single and none, with node names from the inventory", () => {
    const inventory: NodeInventory = [
      { name: "kind-worker", role: "worker", lanIp: "10.213.241.2", lanMac: "02:42:0A:D5:F1:09" },
    ];
    expect(arpAnswerOfRuns("10.213.241.101", runs("busybox-1.35-burst-single.txt"), inventory)).toEqual({
      verdict: "single",
      replies: [{ mac: "02:42:0a:d5:f1:09", count: 3, firstReplyMs: 0.008, node: "kind-worker" }],
    });
    expect(arpAnswerOfRuns("10.213.241.200", runs("busybox-1.35-burst-none.txt"))).toEqual({
      verdict: "none",
      replies: [],
    });
  });

  it("a MAC only one run heard still makes a duplicate", () => {
    const [first, second] = runs("busybox-1.35-burst-single.txt");
    const other = { ...first![0]!, mac: "02:42:0a:d5:f1:99" };
    const answer = arpAnswerOfRuns("10.213.241.101", [first!, [...second!, other]]);
    expect(answer.verdict).toBe("duplicate");
    expect(answer.replies.map((reply) => [reply.mac, reply.count])).toEqual([
      ["02:42:0a:d5:f1:09", 2],
      ["02:42:0a:d5:f1:99", 1],
    ]);
  });
});
