import { describe, expect, it } from "vitest";
import { featurePrerequisites } from "../../../src/checks/rules/feature-prerequisites.ts";
import { findingsOf } from "../model-builder.ts";

describe("feature-prerequisites", () => {
  it("is silent with KPR on and l7Proxy at its default", () => {
    const values =
      "kubeProxyReplacement: true\ngatewayAPI:\n  enabled: true\nl2announcements:\n  enabled: true\n";
    expect(findingsOf(featurePrerequisites, { values })).toEqual([]);
  });

  it("reports Gateway API and L2 without KPR", () => {
    const values =
      "kubeProxyReplacement: false\ngatewayAPI:\n  enabled: true\nl2announcements:\n  enabled: true\n";
    const findings = findingsOf(featurePrerequisites, { values });
    expect(findings.map((finding) => finding.line)).toEqual([3, 5]);
    expect(findings[0]!.message).toContain("Gateway API needs kube-proxy replacement");
    expect(findings[1]!.message).toContain("L2 announcements need kube-proxy replacement");
  });

  it("reports Gateway API with l7Proxy: false at the l7Proxy line", () => {
    const values = "kubeProxyReplacement: true\ngatewayAPI:\n  enabled: true\nl7Proxy: false\n";
    const [finding] = findingsOf(featurePrerequisites, { values });
    expect(finding).toMatchObject({ line: 4, severity: "error" });
    expect(finding!.message).toContain("Remove `l7Proxy: false`");
  });
});
