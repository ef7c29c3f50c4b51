import { describe, expect, it } from "vitest";
import { poolServiceSelector } from "../../../src/checks/rules/pool-service-selector.ts";
import { findingsOf, POOL_FILE, poolYaml } from "../model-builder.ts";

const withSelector = (selector: string) =>
  poolYaml("home", `  blocks:\n    - cidr: 192.168.5.32/27\n  serviceSelector:\n${selector}`);

describe("pool-service-selector", () => {
  it("accepts matchLabels and matchExpressions", () => {
    const selector =
      "    matchLabels:\n      app.kubernetes.io/name: whoami\n    matchExpressions:\n      - key: tier\n        operator: In\n        values: [edge, web]\n      - key: internal\n        operator: DoesNotExist\n";
    expect(findingsOf(poolServiceSelector, { files: { [POOL_FILE]: withSelector(selector) } })).toEqual([]);
  });

  it("reports a misspelt field that would leave a select-everything selector", () => {
    const [finding] = findingsOf(poolServiceSelector, {
      files: { [POOL_FILE]: withSelector("    matchLabel:\n      app: whoami\n") },
    });
    expect(finding).toMatchObject({ severity: "error", line: 9 });
    expect(finding!.message).toContain("selects everything");
  });

  it("reports a bad operator with a suggestion, and values on Exists", () => {
    const selector =
      "    matchExpressions:\n      - key: tier\n        operator: in\n        values: [edge]\n      - key: lan\n        operator: Exists\n        values: [yes]\n";
    const findings = findingsOf(poolServiceSelector, { files: { [POOL_FILE]: withSelector(selector) } });
    expect(findings[0]!.message).toContain("did you mean In?");
    expect(findings.map((finding) => finding.message).join("\n")).toContain("takes no values");
  });

  it("reports an unquoted boolean label value", () => {
    const [finding] = findingsOf(poolServiceSelector, {
      files: { [POOL_FILE]: withSelector("    matchLabels:\n      exposed: true\n") },
    });
    expect(finding!.message).toContain("not a string: quote it");
  });
});
