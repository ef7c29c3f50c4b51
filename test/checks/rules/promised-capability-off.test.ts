import { describe, expect, it } from "vitest";
import { promisedCapabilityOff } from "../../../src/checks/rules/promised-capability-off.ts";
import { findingsOf, SEED_PROMISES } from "../model-builder.ts";

const ALL_ON = `kubeProxyReplacement: true
l2announcements:
  enabled: true
gatewayAPI:
  enabled: true
hubble:
  relay:
    enabled: true
  ui:
    enabled: true
`;

describe("promised-capability-off", () => {
  it("is silent when every promise is on (hubble.enabled defaults to true)", () => {
    expect(findingsOf(promisedCapabilityOff, { values: ALL_ON, promises: SEED_PROMISES })).toEqual([]);
  });

  it("reports each promised capability left off, at its key", () => {
    const values = ALL_ON.replace("gatewayAPI:\n  enabled: true", "gatewayAPI:\n  enabled: false");
    const findings = findingsOf(promisedCapabilityOff, { values, promises: SEED_PROMISES });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "error", line: 5 });
    expect(findings[0]!.message).toContain("Gateway API");
    expect(findings[0]!.message).toContain("`gatewayAPI.enabled: true`");
  });

  it("reports unset keys as the chart default and KPR left false", () => {
    const findings = findingsOf(promisedCapabilityOff, {
      values: "ipam:\n  mode: kubernetes\n",
      promises: SEED_PROMISES,
    });
    const messages = findings.map((finding) => finding.message).join("\n");
    expect(findings).toHaveLength(5); // KPR, L2, Gateway API, relay, UI; hubble itself defaults to on
    expect(messages).toContain("kubeProxyReplacement is unset (chart default false)");
    expect(messages).toContain("l2announcements.enabled is unset (chart default false)");
  });

  it("says relay needs hubble.enabled when Hubble itself is off", () => {
    const values = "hubble:\n  enabled: false\n  relay:\n    enabled: true\n";
    const findings = findingsOf(promisedCapabilityOff, { values, promises: { hubbleRelay: true } });
    expect(findings[0]!.message).toContain("renders Hubble Relay only when Hubble itself is on");
    expect(findings[0]!.line).toBe(2);
  });

  it("does not check what is not promised", () => {
    expect(findingsOf(promisedCapabilityOff, { values: "" })).toEqual([]);
  });
});
