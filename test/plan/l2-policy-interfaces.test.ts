import { describe, expect, it } from "vitest";
import { interfacePatternMatches, planL2PolicyBody } from "../../src/plan/l2-policy-interfaces.ts";
import { parseManifests } from "../../src/repo/yaml-documents.ts";

const policy = (interfaces: string) =>
  parseManifests(
    `apiVersion: cilium.io/v2alpha1
kind: CiliumL2AnnouncementPolicy
metadata:
  name: lan
spec:
  loadBalancerIPs: true
${interfaces}`,
    "l2.yaml",
  )[0]!;

describe("L2 policy interfaces on kind", () => {
  it("matches like Go's MatchString: unanchored, RE2 syntax", () => {
    expect(interfacePatternMatches("eth", "eth0")).toBe(true);
    expect(interfacePatternMatches("^eth[0-9]+$", "eth0")).toBe(true);
    expect(interfacePatternMatches("^eno[0-9]+$", "eth0")).toBe(false);
    expect(interfacePatternMatches("^(?!eno)", "eth0")).toBe(false); // lookahead is not RE2: invalid, matches nothing
    expect(interfacePatternMatches("[", "eth0")).toBe(false);
  });

  it("keeps a policy verbatim when one pattern matches eth0", () => {
    const manifest = policy("  interfaces:\n    - ^eno[0-9]+$\n    - ^eth[0-9]+$\n");
    const { body, deviations } = planL2PolicyBody(manifest);
    expect(deviations).toEqual([]);
    expect(body).toEqual(manifest.body);
  });

  it("keeps a policy without interfaces (all devices)", () => {
    expect(planL2PolicyBody(policy("")).deviations).toEqual([]);
  });

  it("replaces interfaces that cannot match eth0 with ^eth0$, as a deviation at the right line", () => {
    const manifest = policy("  interfaces:\n    - ^eno[0-9]+$\n    - ^enp[0-9]+s[0-9]+$\n");
    const { body, deviations } = planL2PolicyBody(manifest);
    expect((body.spec as Record<string, unknown>).interfaces).toEqual(["^eth0$"]);
    expect((manifest.body.spec as Record<string, unknown>).interfaces).toEqual([
      "^eno[0-9]+$",
      "^enp[0-9]+s[0-9]+$",
    ]);
    expect(deviations).toEqual([
      expect.objectContaining({
        target: "manifest",
        key: "CiliumL2AnnouncementPolicy/lan spec.interfaces",
        repoValue: ["^eno[0-9]+$", "^enp[0-9]+s[0-9]+$"],
        kindValue: ["^eth0$"],
        source: { file: "l2.yaml", line: 7 },
      }),
    ]);
  });
});
