import { describe, expect, it } from "vitest";
import { nodeTaintsFor, podCidrFor } from "../../../rehearsal/controllers/node-controllers.ts";

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
