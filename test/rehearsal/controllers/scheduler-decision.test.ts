import { describe, expect, it } from "vitest";
import type { Obj } from "../../../rehearsal/controllers/controller-kit.ts";
import { placePod } from "../../../rehearsal/controllers/scheduler-decision.ts";
import { nodeAffinityMatches, tolerates } from "../../../rehearsal/controllers/scheduling-rules.ts";

const node = (
  name: string,
  taints: Record<string, string>[] = [],
  labels: Record<string, string> = {},
): Obj => ({
  metadata: { name, labels: { "kubernetes.io/hostname": name, ...labels } },
  spec: { taints },
});
const pod = (name: string, spec: Record<string, unknown> = {}, owner?: string, nodeName?: string): Obj => ({
  metadata: { name, uid: name, ...(owner ? { ownerReferences: [{ uid: owner, controller: true }] } : {}) },
  spec: { ...spec, ...(nodeName ? { nodeName } : {}) },
});
const cp = node("cp", [{ key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" }]);

describe("the scheduler's filters", () => {
  it("match tolerations to taints as the API does (Exists without key tolerates everything)", () => {
    expect(tolerates([{ operator: "Exists" }], { key: "x", effect: "NoSchedule" })).toBe(true);
    expect(
      tolerates([{ key: "x", operator: "Equal", value: "a", effect: "NoSchedule" }], {
        key: "x",
        value: "a",
        effect: "NoSchedule",
      }),
    ).toBe(true);
    expect(
      tolerates([{ key: "x", operator: "Exists", effect: "NoExecute" }], { key: "x", effect: "NoSchedule" }),
    ).toBe(false);
  });

  it("apply nodeSelector and required affinity (matchExpressions and matchFields)", () => {
    const spec = {
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchFields: [{ key: "metadata.name", operator: "In", values: ["w1"] }] }],
          },
        },
      },
    };
    expect(nodeAffinityMatches(spec, node("w1"))).toBe(true);
    expect(nodeAffinityMatches(spec, node("w2"))).toBe(false);
    expect(nodeAffinityMatches({ nodeSelector: { tier: "edge" } }, node("w1", [], { tier: "edge" }))).toBe(
      true,
    );
  });
});

describe("placePod", () => {
  it("spreads a controller's pods over the nodes that fit, never onto the tainted control plane", () => {
    const nodes = [cp, node("w1"), node("w2")];
    const existing = [pod("a-1", {}, "rs", "w1")];
    expect(placePod(pod("a-2", {}, "rs"), nodes, existing)).toEqual({ node: "w2" });
  });

  it("says why nothing fits, in the scheduler's FailedScheduling words", () => {
    const notReady = { key: "node.kubernetes.io/not-ready", effect: "NoSchedule" };
    const placement = placePod(pod("p"), [cp, node("w1", [notReady]), node("w2", [notReady])], []);
    expect(placement).toEqual({
      unschedulable:
        "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) had untolerated taint {node.kubernetes.io/not-ready: }. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
    });
  });
});
