import { describe, expect, it } from "vitest";
import type { CheckRule } from "../../src/checks/finding.ts";
import { checkRules, documentedRules, runChecks } from "../../src/checks/run-checks.ts";
import { buildModel, POOL_FILE, poolYaml, VALUES_FILE } from "./model-builder.ts";

describe("runChecks", () => {
  it("sorts findings by file, line and id", () => {
    const model = buildModel({
      values: "kubeProxyReplacement: strict\nexternalIPs:\n  enabled: true\n",
      files: {
        [POOL_FILE]: poolYaml("home", "  blocks:\n    - start: 192.168.5.0\n      stop: 192.168.5.255\n"),
      },
    });
    const findings = runChecks(model);
    const keys = findings.map((finding) => [finding.file, finding.line, finding.id] as const);
    const sorted = [...keys].sort((a, b) =>
      a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1] || (a[2] < b[2] ? -1 : 1),
    );
    expect(keys).toEqual(sorted);
    expect(
      findings.some(
        (finding) => finding.file === VALUES_FILE && finding.id === "kube-proxy-replacement-form",
      ),
    ).toBe(true);
  });

  it("turns a rule that throws into an internal-rule-error finding and runs the others", () => {
    const broken: CheckRule = {
      id: "broken-rule",
      title: "always throws",
      check() {
        throw new TypeError("cannot read properties of undefined");
      },
    };
    const findings = runChecks(buildModel({ values: "externalIPs:\n  enabled: true\n" }), [
      broken,
      ...checkRules,
    ]);
    const internal = findings.find((finding) => finding.id === "internal-rule-error");
    expect(internal).toMatchObject({
      severity: "error",
      file: "infra/controllers/cilium/helm-release.yaml",
      line: 1,
    });
    expect(internal!.message).toContain("Rule broken-rule crashed (cannot read properties of undefined)");
    expect(findings.some((finding) => finding.id === "removed-values-key")).toBe(true);
  });

  it("has unique, kebab-case rule ids and emitted ids", () => {
    const ids = documentedRules.flatMap((rule) => [rule.id, ...(rule.emits ?? [])]);
    const ruleIds = documentedRules.map((rule) => rule.id);
    expect(new Set(ruleIds).size).toBe(ruleIds.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it("only emits ids a rule declares", () => {
    const model = buildModel({
      version: "1.18.3",
      values: "kubeProxyReplacement: true\nl2announcements:\n  enabled: true\n",
      files: {
        [POOL_FILE]: poolYaml("home", "  blocks:\n    - start: 192.168.5.0\n      stop: 192.168.5.255\n"),
      },
      lan: { gateway: "192.168.5.1" },
      promises: { lbIpam: true, l2Announcements: true },
    });
    for (const rule of documentedRules) {
      const allowed = new Set([rule.id, ...(rule.emits ?? [])]);
      for (const finding of rule.check(model)) expect(allowed.has(finding.id)).toBe(true);
    }
  });
});
