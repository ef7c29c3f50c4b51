import { describe, expect, it } from "vitest";
import { removedValuesKey } from "../../../src/checks/rules/removed-values-key.ts";
import { findingsOf } from "../model-builder.ts";

const VALUES = "kubeProxyReplacement: true\nexternalIPs:\n  enabled: true\n";

describe("removed-values-key", () => {
  it("warns that externalIPs.enabled is silently ignored on 1.18", () => {
    const [finding] = findingsOf(removedValuesKey, { values: VALUES });
    expect(finding).toMatchObject({ id: "removed-values-key", severity: "warning", line: 3 });
    expect(finding!.message).toContain("silently ignored by chart 1.18.11");
    expect(finding!.message).toContain("removed in 1.18.0");
    expect(finding!.message).toContain("Delete the key");
  });

  it("applies from 1.17.6 but not to 1.17.5", () => {
    expect(findingsOf(removedValuesKey, { version: "1.17.6", values: VALUES })).toHaveLength(1);
    expect(findingsOf(removedValuesKey, { version: "1.17.5", values: VALUES })).toEqual([]);
  });

  it("is silent when the key is absent", () => {
    expect(findingsOf(removedValuesKey, { values: "kubeProxyReplacement: true\n" })).toEqual([]);
  });
});
