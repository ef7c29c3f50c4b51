import { describe, expect, it } from "vitest";
import { valuesSchemaTypes } from "../../../src/checks/rules/values-schema-types.ts";
import { findingsOf } from "../model-builder.ts";

describe("values-schema-types", () => {
  it("is silent for real booleans and integer rate limits", () => {
    const values = "hubble:\n  relay:\n    enabled: true\nk8sClientRateLimit:\n  qps: 30\n  burst: 60\n";
    expect(findingsOf(valuesSchemaTypes, { values })).toEqual([]);
  });

  it("rejects a fractional qps on 1.16+ with a whole-number fix", () => {
    const values = "k8sClientRateLimit:\n  qps: 2.5\n  burst: 10\n";
    const [finding] = findingsOf(valuesSchemaTypes, { version: "1.16.19", values });
    expect(finding).toMatchObject({ severity: "error", line: 2 });
    expect(finding!.message).toContain("a fractional number, not an integer");
    expect(finding!.message).toContain("`k8sClientRateLimit.qps: 3`");
    expect(finding!.message).toContain("Helm refuses");
  });

  it('rejects the string "true" for hubble.relay.enabled on 1.18', () => {
    const values = 'hubble:\n  relay:\n    enabled: "true"\n';
    const [finding] = findingsOf(valuesSchemaTypes, { values });
    expect(finding).toMatchObject({ severity: "error", line: 3 });
    expect(finding!.message).toContain("`hubble.relay.enabled: true` (unquoted)");
  });

  it('on 1.15 (no schema) warns that the string "false" is ON in the templates', () => {
    const values = 'hubble:\n  ui:\n    enabled: "false"\n';
    const [finding] = findingsOf(valuesSchemaTypes, { version: "1.15.19", values });
    expect(finding!.severity).toBe("warning");
    expect(finding!.message).toContain('"false" counts as ON');
    expect(finding!.message).toContain("`hubble.ui.enabled: false`");
  });

  it("does not claim the schema rejects a key the pinned chart no longer has", () => {
    // externalIPs.enabled left values.yaml (and so values.schema.json) in 1.18: the schema has no
    // additionalProperties: false, so Helm accepts any type there; removed-values-key reports it.
    const values = 'externalIPs:\n  enabled: "true"\n';
    expect(findingsOf(valuesSchemaTypes, { version: "1.18.11", values })).toEqual([]);
    const [finding] = findingsOf(valuesSchemaTypes, { version: "1.17.5", values });
    expect(finding).toMatchObject({ severity: "error", line: 2 });
    expect(finding!.message).toContain("`externalIPs.enabled: true` (unquoted)");
  });
});
