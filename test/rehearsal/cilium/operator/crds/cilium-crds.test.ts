import { describe, expect, it } from "vitest";
import { CILIUM_CRDS } from "../../../../../rehearsal/cilium/operator/crds/cilium-crds.ts";

const plurals = (minor: number) => (CILIUM_CRDS[minor] ?? []).map((row) => row[0]);
const versionsOf = (minor: number, plural: string) =>
  CILIUM_CRDS[minor]?.find((row) => row[0] === plural)?.[5];

describe("CILIUM_CRDS (v1.16 in full, later minors as changes)", () => {
  it("adds and drops CRDs where the minors' crds/ folders do", () => {
    expect(plurals(16)).toContain("ciliumexternalworkloads");
    expect(plurals(18)).not.toContain("ciliumexternalworkloads");
    expect(plurals(17)).not.toContain("ciliumgatewayclassconfigs");
    expect(plurals(18)).toContain("ciliumgatewayclassconfigs");
    expect(plurals(18)).toContain("ciliumbgppeeringpolicies");
    expect(plurals(19)).not.toContain("ciliumbgppeeringpolicies");
    expect(plurals(19)).toHaveLength(21);
  });

  it("changes only the served versions of a CRD a minor keeps, and keeps every table sorted by plural", () => {
    expect(versionsOf(16, "ciliumloadbalancerippools")).toBe("v2alpha1:*s");
    expect(versionsOf(18, "ciliumloadbalancerippools")).toBe("v2:*s v2alpha1:s");
    expect(versionsOf(19, "ciliumloadbalancerippools")).toBe("v2:*s v2alpha1:~s");
    expect(CILIUM_CRDS[19]?.find((row) => row[0] === "ciliumloadbalancerippools")?.slice(0, 5)).toEqual(
      CILIUM_CRDS[16]?.find((row) => row[0] === "ciliumloadbalancerippools")?.slice(0, 5),
    );
    for (const minor of [16, 17, 18, 19]) expect(plurals(minor)).toEqual([...plurals(minor)].sort());
  });
});
