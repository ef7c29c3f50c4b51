import { describe, expect, it } from "vitest";
import type { NodeInventory } from "../../src/cluster/run-context.ts";
import { arpAnsweredByHolder } from "../../src/conformance/l2-announcements/arp-holder-verdict.ts";
import { planFailover } from "../../src/conformance/l2-announcements/failover-plan.ts";
import { judgeFailover } from "../../src/conformance/l2-announcements/failover-verdict.ts";
import {
  announcedServiceLabels,
  unannouncedServiceLabels,
} from "../../src/conformance/l2-announcements/l2-service-labels.ts";
import {
  initialArpWatchState,
  reduceArpWatch,
  summarizeArpWatch,
} from "../../src/probes/arp-watch-rounds.ts";
import { buildModel, L2_FILE, POOL_FILE } from "../checks/model-builder.ts";

const CP = "02:42:c0:a8:05:02";
const W1 = "02:42:c0:a8:05:03";
const W2 = "02:42:c0:a8:05:04";
const nodes: NodeInventory = [
  { name: "cc-r-control-plane", role: "control-plane", lanIp: "192.168.5.2", lanMac: CP },
  { name: "cc-r-worker", role: "worker", lanIp: "192.168.5.3", lanMac: W1 },
  { name: "cc-r-worker2", role: "worker", lanIp: "192.168.5.4", lanMac: W2 },
];

const pool = (selector = "") => `apiVersion: cilium.io/v2
kind: CiliumLoadBalancerIPPool
metadata:
  name: pool
spec:
${selector}  blocks:
    - start: 192.168.5.30
      stop: 192.168.5.40
`;
const policy = (selector = "") => `apiVersion: cilium.io/v2alpha1
kind: CiliumL2AnnouncementPolicy
metadata:
  name: l2
spec:
${selector}  loadBalancerIPs: true
`;
const manifests = (policySelector: string, poolSelector = "") => {
  const model = buildModel({ files: { [POOL_FILE]: pool(poolSelector), [L2_FILE]: policy(policySelector) } });
  return { policy: model.l2Policies[0]!, pools: model.pools };
};

describe("labels of the L2 suite's Services", () => {
  it("announced: selected by the policy and by a pool", () => {
    const m = manifests(
      "  serviceSelector:\n    matchLabels:\n      announce: l2\n",
      "  serviceSelector:\n    matchLabels:\n      pool: home\n",
    );
    expect(announcedServiceLabels(m.policy, m.pools)).toEqual({
      ok: true,
      labels: { pool: "home", announce: "l2" },
    });
    expect(unannouncedServiceLabels(m.policy, m.pools)).toEqual({ ok: true, labels: { pool: "home" } });
  });
  it("skips the unannounced case, with the reason, when the policy has no serviceSelector", () => {
    const m = manifests("");
    expect(announcedServiceLabels(m.policy, m.pools)).toEqual({ ok: true, labels: {} });
    const choice = unannouncedServiceLabels(m.policy, m.pools);
    expect(choice.ok).toBe(false);
    expect(!choice.ok && choice.reason).toContain("has no serviceSelector: it announces every Service");
  });
  it("says when policy and pool selectors cannot both hold", () => {
    const m = manifests(
      "  serviceSelector:\n    matchLabels:\n      tier: a\n",
      "  serviceSelector:\n    matchLabels:\n      tier: b\n",
    );
    const choice = announcedServiceLabels(m.policy, m.pools);
    expect(!choice.ok && choice.reason).toContain("serviceSelectors conflict");
  });
});

describe("arpAnsweredByHolder", () => {
  const reply = (mac: string, node?: string) => ({
    mac,
    count: 3,
    firstReplyMs: 0.4,
    ...(node ? { node } : {}),
  });
  it("passes when the only MAC is the holder's", () => {
    expect(
      arpAnsweredByHolder({ verdict: "single", replies: [reply(W1, "cc-r-worker")] }, "cc-r-worker", nodes),
    ).toMatchObject({ ok: true, value: { mac: W1 } });
  });
  it("fails naming who answered: another node, two MACs, or nobody", () => {
    expect(
      arpAnsweredByHolder({ verdict: "single", replies: [reply(W2, "cc-r-worker2")] }, "cc-r-worker", nodes)
        .seen,
    ).toBe(`answered by ${W2} (cc-r-worker2); Lease holder cc-r-worker (${W1})`);
    expect(
      arpAnsweredByHolder(
        { verdict: "duplicate", replies: [reply(W1, "cc-r-worker"), reply("aa:bb:cc:dd:ee:ff")] },
        "cc-r-worker",
        nodes,
      ).seen,
    ).toBe(`2 MACs answered: ${W1} (cc-r-worker), aa:bb:cc:dd:ee:ff (not a node)`);
    expect(arpAnsweredByHolder({ verdict: "none", replies: [] }, "cc-r-worker", nodes).ok).toBe(false);
    expect(arpAnsweredByHolder({ verdict: "single", replies: [reply(W1)] }, "ghost", nodes).seen).toContain(
      "not in the node inventory",
    );
  });
});

describe("planFailover", () => {
  it("pauses a worker holder when another worker can take over", () => {
    expect(planFailover("cc-r-worker", nodes)).toEqual({
      kind: "pause",
      node: "cc-r-worker",
      container: "cc-r-worker",
      candidates: ["cc-r-worker2"],
    });
  });
  it("never pauses the control plane, and says why precisely", () => {
    const plan = planFailover("cc-r-control-plane", nodes);
    expect(plan.kind).toBe("skip");
    expect(plan.kind === "skip" && plan.reason).toContain(
      "is the control-plane node: pausing it would stop the API server",
    );
  });
  it("skips when no other worker exists", () => {
    const plan = planFailover("cc-r-worker", nodes.slice(0, 2));
    expect(plan.kind === "skip" && plan.reason).toContain("no other worker than cc-r-worker");
  });
});

function watch(rounds: [number, string[]][], markAt: number) {
  let state = initialArpWatchState();
  for (const [atMs, macs] of rounds) {
    if (atMs >= markAt && !state.marks.length)
      state = reduceArpWatch(state, { type: "mark", atMs: markAt, label: "paused" });
    state = reduceArpWatch(state, { type: "round", atMs, macs });
  }
  return summarizeArpWatch(state);
}

describe("judgeFailover", () => {
  const base = { ip: "192.168.5.30", pausedNode: "cc-r-worker", pausedAtMs: 2000, budgetMs: 45_000, nodes };
  it("measures pause → new holder answering alone, and reports the overlap window", () => {
    const summary = watch(
      [
        [0, [W1]],
        [1000, [W1]],
        [2000, [W1]],
        [3000, [W1]],
        [14_000, [W1, W2]],
        [15_000, [W2]],
        [16_000, [W2]],
      ],
      2000,
    );
    const result = judgeFailover({
      ...base,
      changes: summary.changes,
      overlaps: summary.overlaps,
      currentMacs: summary.current,
      leaseMove: { holder: "cc-r-worker2", afterMs: 11_500 },
    });
    expect(result).toMatchObject({
      ok: true,
      newHolder: "cc-r-worker2",
      failoverMs: 13_000,
      leaseMovedAfterMs: 11_500,
    });
    expect(result.overlapWindows).toEqual([{ fromMs: 12_000, toMs: 12_000, macs: [W1, W2] }]);
    expect(result.message).toContain("answered ARP alone 13.0s after the pause (budget 45.0s)");
  });
  it("reports a new holder that never answers (Cilium #48626) precisely", () => {
    const summary = watch(
      [
        [0, [W1]],
        [2000, [W1]],
        [3000, []],
        [30_000, []],
      ],
      2000,
    );
    const result = judgeFailover({
      ...base,
      changes: summary.changes,
      overlaps: summary.overlaps,
      currentMacs: summary.current,
      leaseMove: { holder: "cc-r-worker2", afterMs: 12_000 },
    });
    expect(result.ok).toBe(false);
    expect(result.message).toContain(
      `cc-r-worker2 took the Lease 12.0s after cc-r-worker was paused, but cc-r-worker2 (${W2}) never answered ARP`,
    );
    expect(result.message).toContain("Cilium #48626");
    expect(result.message).toContain("last answered by nobody");
  });
  it("fails when the Lease never moves, and when the failover is slower than the budget", () => {
    const stuck = watch(
      [
        [0, [W1]],
        [2000, [W1]],
        [50_000, [W1]],
      ],
      2000,
    );
    expect(
      judgeFailover({
        ...base,
        changes: stuck.changes,
        overlaps: stuck.overlaps,
        currentMacs: stuck.current,
        leaseMove: undefined,
      }).message,
    ).toContain("no other node took the Lease within 45.0s of pausing cc-r-worker");
    const slow = watch(
      [
        [0, [W1]],
        [2000, [W1]],
        [60_000, [W2]],
      ],
      2000,
    );
    const result = judgeFailover({
      ...base,
      changes: slow.changes,
      overlaps: slow.overlaps,
      currentMacs: slow.current,
      leaseMove: { holder: "cc-r-worker2", afterMs: 20_000 },
    });
    expect(result).toMatchObject({ ok: false, failoverMs: 58_000 });
    expect(result.message).toContain("exceeded");
  });
});
