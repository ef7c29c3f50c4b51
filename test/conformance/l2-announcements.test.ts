import { describe, expect, it } from "vitest";
import type { NodeInventory } from "../../src/cluster/run-context.ts";
import {
  announcingNodes,
  type LabelledNode,
} from "../../src/conformance/l2-announcements/announcing-nodes.ts";
import { arpAnsweredByHolder } from "../../src/conformance/l2-announcements/arp-holder-verdict.ts";
import {
  keepPodsOffNode,
  readyEndpointsOffNode,
} from "../../src/conformance/l2-announcements/backend-placement.ts";
import { planFailover } from "../../src/conformance/l2-announcements/failover-plan.ts";
import { judgeFailover } from "../../src/conformance/l2-announcements/failover-verdict.ts";
import {
  announcedServiceLabels,
  unannouncedServiceLabels,
} from "../../src/conformance/l2-announcements/l2-service-labels.ts";
import { failoverBudgetFor } from "../../src/plan/l2-failover-budget.ts";
import {
  initialArpWatchState,
  reduceArpWatch,
  summarizeArpWatch,
} from "../../src/probes/arp-watch-rounds.ts";
import { selectorRepo } from "./selector-repo.ts";

const CP = "02:42:c0:a8:05:02";
const W1 = "02:42:c0:a8:05:03";
const W2 = "02:42:c0:a8:05:04";
const nodes: NodeInventory = [
  { name: "cc-r-control-plane", role: "control-plane", lanIp: "192.168.5.2", lanMac: CP },
  { name: "cc-r-worker", role: "worker", lanIp: "192.168.5.3", lanMac: W1 },
  { name: "cc-r-worker2", role: "worker", lanIp: "192.168.5.4", lanMac: W2 },
];

const manifests = (policySelector: string, poolSelector = "") => {
  const model = selectorRepo(poolSelector, policySelector);
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
    ).toBe(
      `2 MACs answered: ${W1} (cc-r-worker), aa:bb:cc:dd:ee:ff (not a node); the Lease holder is cc-r-worker (${W1})`,
    );
    expect(arpAnsweredByHolder({ verdict: "none", replies: [] }, "cc-r-worker", nodes).ok).toBe(false);
    expect(arpAnsweredByHolder({ verdict: "single", replies: [reply(W1)] }, "ghost", nodes).seen).toContain(
      "not in the node inventory",
    );
  });
});

describe("planFailover", () => {
  const everyNode = { policies: ["l2"], nodes: nodes.map((n) => n.name) };
  it("pauses a worker holder when another eligible node can take over, the backend moved to the other workers", () => {
    expect(planFailover("cc-r-worker", nodes, everyNode)).toEqual({
      kind: "pause",
      node: "cc-r-worker",
      container: "cc-r-worker",
      candidates: ["cc-r-control-plane", "cc-r-worker2"],
      backendNodes: ["cc-r-worker2"],
    });
  });
  it("never pauses the control plane, and says why precisely", () => {
    const plan = planFailover("cc-r-control-plane", nodes, everyNode);
    expect(plan.kind).toBe("skip");
    expect(plan.kind === "skip" && plan.reason).toContain(
      "is the control-plane node: pausing it would stop the API server",
    );
  });
  it("honours the policy's nodeSelector: skips, with the reason, when only the holder is eligible", () => {
    // Before, any other worker counted as a candidate, and the test paused the only announcer.
    const plan = planFailover("cc-r-worker", nodes, { policies: ["l2"], nodes: ["cc-r-worker"] });
    expect(plan).toEqual({
      kind: "skip",
      reason:
        "only cc-r-worker is eligible to announce the Service (the nodeSelector of l2 selects no other node of cc-r-control-plane, cc-r-worker, cc-r-worker2), so no node could take the Lease over",
    });
  });
  it("skips when no other worker could run the backend", () => {
    const plan = planFailover("cc-r-worker", nodes.slice(0, 2), everyNode);
    expect(plan.kind === "skip" && plan.reason).toContain("no worker other than cc-r-worker");
  });
});

describe("announcingNodes (pkg/l2announcer: nodeSelector × serviceSelector × loadBalancerIPs)", () => {
  const labelled: LabelledNode[] = [
    { name: "cc-r-control-plane", labels: { "node-role.kubernetes.io/control-plane": "" } },
    { name: "cc-r-worker", labels: { "homelab/l2": "true" } },
    { name: "cc-r-worker2", labels: {} },
  ];
  const body = (spec: Record<string, unknown>) => ({ spec: { loadBalancerIPs: true, ...spec } });
  const service = { namespace: "cc-l2", name: "l2-announced", labels: { lb: "home" } };

  it("takes the nodes a selecting policy's nodeSelector selects", () => {
    const policies = [
      { name: "workers", body: body({ nodeSelector: { matchLabels: { "homelab/l2": "true" } } }) },
      { name: "other-services", body: body({ serviceSelector: { matchLabels: { lb: "dmz" } } }) },
    ];
    expect(announcingNodes(policies, service, labelled)).toEqual({
      policies: ["workers"],
      nodes: ["cc-r-worker"],
    });
  });

  it("selects every node without a nodeSelector, and matches the Service's namespace/name labels", () => {
    const policies = [
      {
        name: "by-name",
        body: body({ serviceSelector: { matchLabels: { "io.kubernetes.service.name": "l2-announced" } } }),
      },
    ];
    expect(announcingNodes(policies, service, labelled).nodes).toEqual([
      "cc-r-control-plane",
      "cc-r-worker",
      "cc-r-worker2",
    ]);
  });

  it("ignores a policy that does not announce LoadBalancer IPs", () => {
    const policies = [{ name: "external-only", body: { spec: { externalIPs: true } } }];
    expect(announcingNodes(policies, service, labelled)).toEqual({ policies: [], nodes: [] });
  });
});

describe("backend placement off the paused node", () => {
  it("adds a required node affinity that excludes the node", () => {
    const deployment: Record<string, unknown> = { spec: { template: { spec: { containers: [] } } } };
    keepPodsOffNode(deployment, "cc-r-worker");
    expect(deployment).toEqual({
      spec: {
        template: {
          spec: {
            containers: [],
            affinity: {
              nodeAffinity: {
                requiredDuringSchedulingIgnoredDuringExecution: {
                  nodeSelectorTerms: [
                    {
                      matchExpressions: [
                        { key: "kubernetes.io/hostname", operator: "NotIn", values: ["cc-r-worker"] },
                      ],
                    },
                  ],
                },
              },
            },
          },
        },
      },
    });
  });

  // discovery.k8s.io/v1 EndpointSlices as the endpointslice controller writes them.
  const slice = (...endpoints: [string, string, boolean | undefined][]) => ({
    metadata: { name: "echo-l2-abcde" },
    endpoints: endpoints.map(([ip, nodeName, ready]) => ({
      addresses: [ip],
      nodeName,
      conditions: ready === undefined ? {} : { ready, serving: ready, terminating: !ready },
    })),
  });

  it("waits until no ready endpoint is left on the node", () => {
    expect(
      readyEndpointsOffNode(
        [slice(["10.244.1.5", "cc-r-worker", true], ["10.244.2.7", "cc-r-worker2", true])],
        "cc-r-worker",
      ),
    ).toEqual({
      ok: false,
      seen: "ready endpoints: 10.244.1.5@cc-r-worker, 10.244.2.7@cc-r-worker2 (still on cc-r-worker)",
    });
    expect(
      readyEndpointsOffNode(
        [slice(["10.244.1.5", "cc-r-worker", false], ["10.244.2.7", "cc-r-worker2", undefined])],
        "cc-r-worker",
      ),
    ).toMatchObject({
      ok: true,
      seen: "ready endpoints: 10.244.2.7@cc-r-worker2",
    });
    expect(readyEndpointsOffNode([slice()], "cc-r-worker")).toMatchObject({
      ok: false,
      seen: "ready endpoints: none",
    });
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
  // The budget for Cilium's default lease timings (15s/5s/2s): 28.3 s.
  const budgetMs = failoverBudgetFor({
    leaseDurationMs: 15_000,
    renewDeadlineMs: 5_000,
    retryPeriodMs: 2_000,
  }).totalMs;
  const base = {
    ip: "192.168.5.30",
    pausedNode: "cc-r-worker",
    pausedAtMs: 2000,
    budgetMs,
    nodes,
    candidates: ["cc-r-worker2"],
  };
  /** Judges ARP watch rounds (paused at 2 s) and a Lease move with the base evidence. */
  const judge = (
    rounds: [number, string[]][],
    leaseMove: { holder: string; afterMs: number } | undefined,
  ) => {
    const summary = watch(rounds, 2000);
    return judgeFailover({
      ...base,
      changes: summary.changes,
      overlaps: summary.overlaps,
      currentMacs: summary.current,
      leaseMove,
    });
  };
  it("measures pause → new holder answering alone, and reports the overlap window", () => {
    const result = judge(
      [
        [0, [W1]],
        [1000, [W1]],
        [2000, [W1]],
        [3000, [W1]],
        [14_000, [W1, W2]],
        [15_000, [W2]],
        [16_000, [W2]],
      ],
      { holder: "cc-r-worker2", afterMs: 11_500 },
    );
    expect(result).toMatchObject({
      ok: true,
      newHolder: "cc-r-worker2",
      failoverMs: 13_000,
      leaseMovedAfterMs: 11_500,
    });
    expect(result.overlapWindows).toEqual([{ fromMs: 12_000, toMs: 12_000, macs: [W1, W2] }]);
    expect(result.message).toContain("answered ARP alone 13.0s after the pause (budget 28.3s)");
  });
  it("reports a new holder that never answers (Cilium #48626) precisely", () => {
    const result = judge(
      [
        [0, [W1]],
        [2000, [W1]],
        [3000, []],
        [30_000, []],
      ],
      { holder: "cc-r-worker2", afterMs: 12_000 },
    );
    expect(result.ok).toBe(false);
    expect(result.message).toContain(
      `cc-r-worker2 took the Lease 12.0s after cc-r-worker was paused, but cc-r-worker2 (${W2}) never answered ARP`,
    );
    expect(result.message).toContain("Cilium #48626");
    expect(result.message).toContain("last answered by nobody");
  });
  it("fails when the Lease never moves, and when the failover is slower than the budget", () => {
    expect(
      judge(
        [
          [0, [W1]],
          [2000, [W1]],
          [50_000, [W1]],
        ],
        undefined,
      ).message,
    ).toContain("no other node took the Lease within 28.3s of pausing cc-r-worker");
    const result = judge(
      [
        [0, [W1]],
        [2000, [W1]],
        [60_000, [W2]],
      ],
      { holder: "cc-r-worker2", afterMs: 20_000 },
    );
    expect(result).toMatchObject({ ok: false, failoverMs: 58_000 });
    expect(result.message).toContain("exceeded");
  });
  it("fails a doubled failover (two lease durations), which the old 45 s bound let pass", () => {
    const result = judge(
      [
        [0, [W1]],
        [2000, [W1]],
        [17_000, [W1, W2]],
        [34_000, [W2]],
      ],
      { holder: "cc-r-worker2", afterMs: 14_000 },
    );
    expect(result).toMatchObject({ ok: false, failoverMs: 32_000 });
    expect(result.message).toContain("answered ARP alone 32.0s after the pause (budget 28.3s: exceeded)");
  });
  it("fails when a node the policies do not select takes the Lease", () => {
    const result = judge(
      [
        [0, [W1]],
        [2000, [W1]],
        [17_000, [CP]],
      ],
      { holder: "cc-r-control-plane", afterMs: 14_000 },
    );
    expect(result.ok).toBe(false);
    expect(result.message).toBe(
      "cc-r-control-plane took the Lease 14.0s after cc-r-worker was paused, but the L2 policies' nodeSelector does not select cc-r-control-plane (eligible: cc-r-worker2)",
    );
  });
});
