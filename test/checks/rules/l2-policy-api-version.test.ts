import { describe, expect, it } from "vitest";
import { l2PolicyApiVersion } from "../../../src/checks/rules/l2-policy-api-version.ts";
import { l2PolicyYaml } from "../l2-policy-yaml.ts";
import { findingsOf, L2_FILE } from "../model-builder.ts";

describe("l2-policy-api-version", () => {
  it("accepts cilium.io/v2alpha1", () => {
    expect(
      findingsOf(l2PolicyApiVersion, { files: { [L2_FILE]: l2PolicyYaml("  loadBalancerIPs: true\n") } }),
    ).toEqual([]);
  });

  it("rejects cilium.io/v2, which L2 policies never had, even on 1.19", () => {
    const files = { [L2_FILE]: l2PolicyYaml("  loadBalancerIPs: true\n", "cilium.io/v2") };
    const [finding] = findingsOf(l2PolicyApiVersion, { version: "1.19.5", files });
    expect(finding).toMatchObject({ severity: "error", line: 1, file: L2_FILE });
    expect(finding!.message).toContain("`apiVersion: cilium.io/v2alpha1`");
  });
});
