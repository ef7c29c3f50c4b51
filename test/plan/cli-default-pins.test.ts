import { describe, expect, it } from "vitest";
import { ciliumCliKindDefaults } from "../../src/compat/cilium-cli-facts.ts";
import { compatFor } from "../../src/compat/compat-for.ts";
import { pinCliDefaults } from "../../src/plan/cli-default-pins.ts";
import { planValuesOverlay } from "../../src/plan/values-overlay.ts";
import {
  valuesLayerFromYaml,
  valuesModelFromLayers,
  valuesModelFromYaml,
} from "../../src/repo/values-model.ts";

const compat = compatFor("1.18.11");

describe("pinCliDefaults", () => {
  it("pins what cilium install would change on kind to the chart's defaults when the repo sets nothing", () => {
    const { pins, deviations } = pinCliDefaults(
      valuesModelFromYaml("kubeProxyReplacement: true\n", "v.yaml"),
      compat,
    );
    // cilium-cli v0.19.7 would set cluster.name=kind-<cluster>, ipam.mode=kubernetes, operator.replicas=1.
    expect(pins.map((pin) => [pin.key, pin.value, pin.origin])).toEqual([
      ["cluster.name", "default", "chart-default"],
      ["ipam.mode", "cluster-pool", "chart-default"],
      ["operator.replicas", 2, "chart-default"],
    ]);
    expect(pins[0]?.cliWouldSet).toMatch(/kind-<cluster>.*install\/helm.go/);
    expect(deviations).toEqual([]);
  });

  it("pins the repo's own value, with where it is written", () => {
    const values = valuesModelFromYaml(
      "cluster:\n  name: homelab\n  id: 3\nipam:\n  mode: kubernetes\n",
      "v.yaml",
    );
    const { pins } = pinCliDefaults(values, compat);
    expect(pins[0]).toMatchObject({
      key: "cluster.name",
      value: "homelab",
      origin: "repo",
      source: { file: "v.yaml", line: 2 },
    });
    expect(pins[1]).toMatchObject({ key: "ipam.mode", value: "kubernetes", origin: "repo" });
  });

  it("lists a pin as a deviation when a values layer it cannot read may set the key", () => {
    const sealed = {
      layer: {
        description: "valuesFrom Secret cilium-secret",
        file: "infra/cilium/helm-release.yaml",
        unread: {
          reason: "SOPS-encrypted",
          entry: { file: "infra/cilium/helm-release.yaml", line: 20 },
          label: "valuesFrom[1] (Secret cilium-secret, key values.yaml)",
        },
      },
      values: {},
      lineOf: () => 20,
    };
    const values = valuesModelFromLayers(
      [valuesLayerFromYaml("operator:\n  replicas: 1\n", "values.yaml", "values.yaml"), sealed],
      { file: "infra/cilium/helm-release.yaml", line: 1 },
    );
    const { deviations } = pinCliDefaults(values, compat);
    expect(deviations.map((d) => [d.key, d.kindValue])).toEqual([
      ["cluster.name", "default"],
      ["ipam.mode", "cluster-pool"],
      ["operator.replicas", 1],
    ]);
    expect(deviations[0]?.reason).toMatch(
      /valuesFrom\[1\] \(Secret cilium-secret.*cannot be read here and may set cluster.name/,
    );
  });

  it("puts every pin into the values overlay", () => {
    const { overlay, pins } = planValuesOverlay(
      valuesModelFromYaml("k8sServiceHost: 1.2.3.4\n", "v.yaml"),
      compat,
    );
    expect(overlay).toMatchObject({
      cluster: { name: "default" },
      ipam: { mode: "cluster-pool" },
      operator: { replicas: 2 },
    });
    expect(pins.map((pin) => pin.key)).toEqual(ciliumCliKindDefaults.value.map((d) => d.key));
  });
});
