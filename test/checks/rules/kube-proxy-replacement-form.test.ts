import { describe, expect, it } from "vitest";
import { kubeProxyReplacementForm } from "../../../src/checks/rules/kube-proxy-replacement-form.ts";
import { findingsOf } from "../model-builder.ts";

describe("kube-proxy-replacement-form", () => {
  it("accepts true, false and the string forms on 1.18", () => {
    for (const value of ["true", "false", '"true"']) {
      expect(findingsOf(kubeProxyReplacementForm, { values: `kubeProxyReplacement: ${value}\n` })).toEqual(
        [],
      );
    }
  });

  it("rejects strict from 1.16 with the exact fix, at its line", () => {
    const values = "ipam:\n  mode: kubernetes\nkubeProxyReplacement: strict\n";
    for (const version of ["1.16.19", "1.17.17", "1.18.11", "1.19.5"]) {
      const [finding] = findingsOf(kubeProxyReplacementForm, { version, values });
      expect(finding).toMatchObject({
        severity: "error",
        file: "infra/controllers/cilium/values.yaml",
        line: 3,
      });
      expect(finding!.message).toContain('"strict"');
      expect(finding!.message).toContain("`kubeProxyReplacement: true` (what `strict` meant)");
    }
  });

  it("still accepts strict on 1.15", () => {
    expect(
      findingsOf(kubeProxyReplacementForm, { version: "1.15.19", values: "kubeProxyReplacement: strict\n" }),
    ).toEqual([]);
  });

  it("rejects partial on 1.16 and suggests false or true", () => {
    const [finding] = findingsOf(kubeProxyReplacementForm, {
      version: "1.16.19",
      values: "kubeProxyReplacement: partial\n",
    });
    expect(finding!.message).toContain("`kubeProxyReplacement: false`, or `true`");
  });
});
