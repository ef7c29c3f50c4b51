// The unselected-Service verdict: the look after the election window decides; an answer during
// the window only is the address's previous announcement, kept as a note.

import { describe, expect, it } from "vitest";
import { judgeUnannounced } from "../../../src/conformance/l2-announcements/unannounced-verdict.ts";

const silent = { verdict: "none" as const, replies: [], sent: 7 };
const answered = (count: number, sent: number) => ({
  verdict: "single" as const,
  replies: [{ mac: "02:42:c0:a8:05:03", count, firstReplyMs: 0.4, node: "cc-worker" }],
  sent,
});

describe("judgeUnannounced", () => {
  it("silent throughout: passes with no note", () => {
    const verdict = judgeUnannounced("192.168.5.33", "lan", 6700, silent, { ...silent, sent: 3 });
    expect(verdict).toEqual({
      ok: true,
      seen: "ARP for 192.168.5.33 (not selected by lan): no answer after the 6700 ms election window",
    });
  });

  it("answered after the window: red, naming the MAC and node and the policy", () => {
    const verdict = judgeUnannounced("192.168.5.33", "lan", 6700, answered(5, 7), answered(3, 3));
    expect(verdict.ok).toBe(false);
    expect(verdict.seen).toBe(
      "ARP for 192.168.5.33 (not selected by lan) still answered after the 6700 ms election window, by 02:42:c0:a8:05:03 (cc-worker) in 3 of 3 probes; during it by 02:42:c0:a8:05:03 (cc-worker) in 5 of 7 probes",
    );
    expect(verdict.note).toBeUndefined();
  });

  it("answered during the window only (the previous owner's announcement): passes with a note", () => {
    const verdict = judgeUnannounced("192.168.5.33", "lan", 6700, answered(1, 7), { ...silent, sent: 3 });
    expect(verdict.ok).toBe(true);
    expect(verdict.note).toMatch(
      /^192\.168\.5\.33 was answered during the election window by 02:42:c0:a8:05:03 \(cc-worker\) in 1 of 7 probes, and by nobody after it/,
    );
  });
});
