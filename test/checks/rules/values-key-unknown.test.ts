import { describe, expect, it } from "vitest";
import type { PinnedChart } from "../../../src/charts/pinned-chart-keys.ts";
import { valuesKeyUnknown } from "../../../src/checks/rules/values-key-unknown.ts";
import { chartKeys } from "../../../src/upgrade/chart-keys.ts";
import { buildModel } from "../model-builder.ts";

// A chart with the keys the tests use, laid out as Cilium's values.yaml lays them out.
const chartValues = `hubble:
  enabled: true
  relay:
    enabled: false
    replicas: 1
  ui:
    enabled: false
l2announcements:
  enabled: false
  # leaseDuration: 15s
kubeProxyReplacement: "false"
`;

function loaded(): PinnedChart {
  const values = {
    hubble: { enabled: true, relay: { enabled: false, replicas: 1 }, ui: { enabled: false } },
    l2announcements: { enabled: false },
    kubeProxyReplacement: "false",
  };
  return {
    kind: "loaded",
    chart: "cilium",
    version: "1.18.11",
    origin: "test",
    keys: chartKeys(values, chartValues),
  };
}

const check = (values: string, chart: PinnedChart | undefined = loaded()) =>
  valuesKeyUnknown.check(buildModel({ values }), chart ? { chart } : {});

describe("values-key-unknown", () => {
  it("flags a key the pinned chart does not have, at its line, with the nearest existing key", () => {
    const [finding] = check("hubble:\n  relay:\n    enable: true\n");
    expect(finding).toMatchObject({ id: "values-key-unknown", severity: "warning", line: 3 });
    expect(finding!.message).toBe(
      "hubble.relay.enable is not a key of chart cilium 1.18.11: Helm ignores it silently, so it configures nothing. Did you mean `hubble.relay.enabled`?",
    );
  });

  it("accepts the chart's keys, keys it documents only in comments, and says nothing of known removals", () => {
    expect(check("hubble:\n  relay:\n    enabled: true\nl2announcements:\n  leaseDuration: 10s\n")).toEqual(
      [],
    );
    // externalIPs.enabled is removed-values-key's to report, with its replacement.
    expect(check("externalIPs:\n  enabled: true\n")).toEqual([]);
  });

  it("says when the chart could not be read, and how to get it, instead of staying silent", () => {
    const [finding] = check("hubble:\n  relay:\n    enable: true\n", {
      kind: "unavailable",
      chart: "cilium",
      version: "1.18.11",
      reason: "chart cilium 1.18.11 is not in the chart cache (/c/charts)",
      fix: "run `cilium-conformance check --fetch-chart` once",
    });
    expect(finding).toMatchObject({ severity: "info" });
    expect(finding!.message).toBe(
      "The values keys were not checked against chart cilium 1.18.11: chart cilium 1.18.11 is not in the chart cache (/c/charts). To check them, run `cilium-conformance check --fetch-chart` once.",
    );
  });

  it("does nothing without a chart context (callers that do not read charts)", () => {
    expect(
      valuesKeyUnknown.check(buildModel({ values: "hubble:\n  relay:\n    enable: true\n" }), {}),
    ).toEqual([]);
  });
});
