import { describe, expect, it } from "vitest";
import { l2PolicyPresent } from "../../../src/checks/rules/l2-policy-present.ts";
import { l2PolicyYaml } from "../l2-policy-yaml.ts";
import { findingsOf, L2_FILE } from "../model-builder.ts";

const ON = "l2announcements:\n  enabled: true\n";
const POLICY = { [L2_FILE]: l2PolicyYaml("  loadBalancerIPs: true\n") };

describe("l2-policy-present", () => {
  it("is silent with a policy and L2 on", () => {
    expect(
      findingsOf(l2PolicyPresent, { values: ON, files: POLICY, promises: { l2Announcements: true } }),
    ).toEqual([]);
  });

  it("errors when L2 is promised but no policy exists, at the values key", () => {
    const [finding] = findingsOf(l2PolicyPresent, { values: ON, promises: { l2Announcements: true } });
    expect(finding).toMatchObject({ severity: "error", line: 2 });
    expect(finding!.message).toContain("no CiliumL2AnnouncementPolicy");
  });

  it("errors on a policy while l2announcements is off", () => {
    const [finding] = findingsOf(l2PolicyPresent, { values: "", files: POLICY });
    expect(finding!.file).toBe(L2_FILE);
    expect(finding!.message).toContain("`l2announcements.enabled: true`");
  });
});
