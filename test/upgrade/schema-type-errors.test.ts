import { describe, expect, it } from "vitest";
import { schemaProblems } from "../../src/upgrade/schema-type-errors.ts";
import { yaml } from "../support/temp-repo.ts";
import { preview, testChart, VALUES_FILE } from "./support/upgrade-repo.ts";

const schemaFindings = (from: string, to: string, values: string) =>
  preview(from, to, { values }).filter((finding) => finding.category === "values-schema");

describe("values types against the candidate's values.schema.json", () => {
  it("reports a quoted boolean and a fractional rate limit with the key, expected type and file:line", () => {
    const values = yaml`
      kubeProxyReplacement: true
      k8sClientRateLimit:
        qps: 2.5
        burst: 60
      hubble:
        relay:
          enabled: "true"
    `;
    const findings = schemaFindings("1.18.11", "1.19.5", values);
    expect(findings.map((f) => [f.id, f.severity, f.file, f.line])).toEqual([
      ["upgrade-values-schema", "error", VALUES_FILE, 3],
      ["upgrade-values-schema", "error", VALUES_FILE, 7],
    ]);
    expect(findings[0]?.message).toContain(
      "k8sClientRateLimit.qps is 2.5 (a fractional number), but the values.schema.json of chart 1.19.5 says it must be null or integer",
    );
    expect(findings[0]?.message).toContain("`k8sClientRateLimit.qps: 3` (a whole number)");
    expect(findings[1]?.message).toContain('hubble.relay.enabled is "true" (a string)');
    expect(findings[1]?.message).toContain("must be boolean");
    expect(findings[1]?.message).toContain("`hubble.relay.enabled: true` (unquoted)");
  });

  it("ignores keys set to null (Helm drops them before validating)", () => {
    const values = yaml`
      hubble:
        relay:
          enabled: null
    `;
    expect(schemaFindings("1.18.11", "1.19.5", values)).toEqual([]);
  });

  it("validates list items and dotted keys (JSON pointers mapped back to values keys)", () => {
    const chart = testChart("1.19.5");
    const problems = schemaProblems(chart.schema ?? {}, {
      tolerations: [{ operator: 5 }],
      nodeSelector: { "kubernetes.io/os": 1 },
    });
    expect(problems.map((p) => [p.key, p.expectedTypes])).toEqual([
      ["nodeSelector.kubernetes.io/os", ["string"]],
      ["tolerations.0.operator", ["string"]],
    ]);
  });

  it("checks nothing against a chart without a schema, and says when the candidate introduces one", () => {
    const values = yaml`
      kubeProxyReplacement: true
      hubble:
        relay:
          enabled: "true"
    `;
    expect(schemaFindings("1.15.19", "1.15.19", values)).toEqual([]);
    const findings = schemaFindings("1.15.19", "1.16.19", values);
    expect(findings.map((f) => f.id)).toEqual(["upgrade-values-schema", "upgrade-values-schema-introduced"]);
  });
});
