import { describe, expect, it } from "vitest";
import { l2PolicyAnnouncesNothing } from "../../../src/checks/rules/l2-policy-announces-nothing.ts";
import { l2PolicyYaml } from "../l2-policy-yaml.ts";
import { findingsOf, L2_FILE } from "../model-builder.ts";

const check = (spec: string, lbIpam = true) =>
  findingsOf(l2PolicyAnnouncesNothing, { files: { [L2_FILE]: l2PolicyYaml(spec) }, promises: { lbIpam } });

describe("l2-policy-announces-nothing", () => {
  it("is silent when loadBalancerIPs is true", () => {
    expect(check("  loadBalancerIPs: true\n  externalIPs: false\n")).toEqual([]);
  });

  it("errors when neither flag is true (both default to false)", () => {
    const [finding] = check("  interfaces:\n    - ^eno1$\n");
    expect(finding).toMatchObject({ severity: "error", line: 5 });
    expect(finding!.message).toContain("announces nothing");
    expect(finding!.message).toContain("`loadBalancerIPs: true`");
  });

  it("warns when only externalIPs is announced but LB-IPAM is promised", () => {
    const [finding] = check("  externalIPs: true\n");
    expect(finding!.severity).toBe("warning");
    expect(check("  externalIPs: true\n", false)).toEqual([]);
  });

  it("reports a quoted boolean the CRD rejects", () => {
    const findings = check('  loadBalancerIPs: "true"\n');
    expect(findings[0]!.message).toContain("the API server rejects the policy");
  });
});
