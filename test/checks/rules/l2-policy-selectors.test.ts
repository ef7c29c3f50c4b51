import { describe, expect, it } from "vitest";
import { l2PolicySelectors } from "../../../src/checks/rules/l2-policy-selectors.ts";
import { l2PolicyYaml } from "../l2-policy-yaml.ts";
import { findingsOf, L2_FILE } from "../model-builder.ts";

describe("l2-policy-selectors", () => {
  it("accepts the usual control-plane exclusion", () => {
    const spec =
      "  loadBalancerIPs: true\n  nodeSelector:\n    matchExpressions:\n      - key: node-role.kubernetes.io/control-plane\n        operator: DoesNotExist\n";
    expect(findingsOf(l2PolicySelectors, { files: { [L2_FILE]: l2PolicyYaml(spec) } })).toEqual([]);
  });

  it("reports In without values and a bad key, naming Cilium's condition", () => {
    const spec =
      "  loadBalancerIPs: true\n  nodeSelector:\n    matchExpressions:\n      - key: role\n        operator: In\n  serviceSelector:\n    matchLabels:\n      -bad: x\n";
    const findings = findingsOf(l2PolicySelectors, { files: { [L2_FILE]: l2PolicyYaml(spec) } });
    expect(findings).toHaveLength(2);
    expect(findings[0]!.message).toContain("needs a non-empty values list");
    expect(findings[0]!.message).toContain("io.cilium/bad-node-selector");
    expect(findings[1]!.message).toContain("io.cilium/bad-service-selector");
    expect(findings[1]!.line).toBe(13);
  });
});
