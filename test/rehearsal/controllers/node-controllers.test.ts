import { describe, expect, it } from "vitest";
import { nodeTaintsFor, PodCidrSet, podCidrFor } from "../../../rehearsal/controllers/node-controllers.ts";

describe("node IPAM and lifecycle decisions", () => {
  it("hands out /24s of the cluster CIDR in turn (range allocator, node-cidr-mask-size 24)", () => {
    expect(podCidrFor("10.244.0.0/16", 0)).toBe("10.244.0.0/24");
    expect(podCidrFor("10.244.0.0/16", 2)).toBe("10.244.2.0/24");
  });

  it("taints by the Ready condition: not-ready when False, unreachable when Unknown, none when True", () => {
    const other = { key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" };
    expect(
      nodeTaintsFor("True", [other, { key: "node.kubernetes.io/not-ready", effect: "NoSchedule" }]),
    ).toEqual([other]);
    expect(nodeTaintsFor("False", []).map((t) => `${t.key}:${t.effect}`)).toEqual([
      "node.kubernetes.io/not-ready:NoSchedule",
      "node.kubernetes.io/not-ready:NoExecute",
    ]);
    expect(nodeTaintsFor("Unknown", []).map((t) => `${t.key}:${t.effect}`)).toEqual([
      "node.kubernetes.io/unreachable:NoSchedule",
      "node.kubernetes.io/unreachable:NoExecute",
    ]);
  });
});

describe("the range allocator's CIDR set", () => {
  it("skips CIDRs nodes already hold and moves its cursor past each allocation, as cidrset.AllocateNext", () => {
    const set = new PodCidrSet("10.244.0.0/16");
    set.occupy("10.244.1.0/24");
    expect(set.allocateNext()).toBe("10.244.0.0/24");
    expect(set.allocateNext()).toBe("10.244.2.0/24");
    set.release("10.244.0.0/24");
    // The cursor does not go back to a released CIDR until it wraps around.
    expect(set.allocateNext()).toBe("10.244.3.0/24");
  });

  it("marks a CIDR taken at once, so two nodes allocated together never share one", () => {
    const set = new PodCidrSet("10.244.0.0/16");
    expect([set.allocateNext(), set.allocateNext()]).toEqual(["10.244.0.0/24", "10.244.1.0/24"]);
  });

  it("fails when the cluster CIDR is exhausted", () => {
    const set = new PodCidrSet("10.244.0.0/23");
    set.allocateNext();
    set.allocateNext();
    expect(() => set.allocateNext()).toThrow(/no remaining CIDRs/);
  });
});
