import { describe, expect, it } from "vitest";
import { compatFor } from "../../src/compat/compat-for.ts";
import type { JsonObject } from "../../src/plan/run-plan.ts";
import { planValuesOverlay } from "../../src/plan/values-overlay.ts";
import { valuesModelFromYaml } from "../../src/repo/values-model.ts";

// The overlay always pins cluster.name, ipam.mode and operator.replicas (cli-default-pins.test.ts);
// these tests look at the rest.
const PINNED = ["cluster.name", "ipam.mode", "operator.replicas"];

const overlayFor = (yaml: string, version = "1.18.11") => {
  const result = planValuesOverlay(valuesModelFromYaml(yaml, "values.yaml"), compatFor(version));
  return { ...result, overlay: withoutPins(result.overlay) };
};

function withoutPins(overlay: JsonObject): JsonObject {
  const copy = structuredClone(overlay);
  for (const key of PINNED) {
    const [parent, child] = key.split(".") as [string, string];
    const node = copy[parent] as JsonObject | undefined;
    if (!node) continue;
    delete node[child];
    if (Object.keys(node).length === 0) delete copy[parent];
  }
  return copy;
}

describe("planValuesOverlay", () => {
  it("points Cilium at the kind API server, with the repo's value and line in the deviation", () => {
    const { overlay, deviations } = overlayFor(
      "kubeProxyReplacement: true\nk8sServiceHost: 192.168.5.10\nk8sServicePort: 6443\n",
    );
    expect(overlay).toEqual({ k8sServiceHost: "${controlPlaneIp}" });
    expect(deviations).toEqual([
      expect.objectContaining({
        target: "values",
        key: "k8sServiceHost",
        repoValue: "192.168.5.10",
        kindValue: "${controlPlaneIp}",
        source: { file: "values.yaml", line: 2 },
      }),
    ]);
  });

  it("sets the port too when the repo uses another one or none", () => {
    const { overlay, deviations } = overlayFor("k8sServicePort: 8443\n");
    expect(overlay).toEqual({ k8sServiceHost: "${controlPlaneIp}", k8sServicePort: 6443 });
    expect(deviations.find((d) => d.key === "k8sServiceHost")).toMatchObject({ repoValue: null });
    expect(deviations.find((d) => d.key === "k8sServiceHost")).not.toHaveProperty("source");
    expect(deviations.find((d) => d.key === "k8sServicePort")).toMatchObject({
      repoValue: 8443,
      kindValue: 6443,
    });
  });

  it("replaces physical NIC device names with eth0, keeping the value's form", () => {
    expect(overlayFor("devices: [eno+, enp+]\n").overlay.devices).toEqual(["eth0"]);
    expect(overlayFor("devices: eno1 enp1s0\n").overlay.devices).toBe("eth0");
    // Entries that already select eth0 survive; only the missing NIC goes.
    expect(overlayFor("devices: [eth+, eno1]\n").overlay.devices).toEqual(["eth+"]);
    expect(overlayFor("devices: [eth+]\n").overlay).not.toHaveProperty("devices");
    expect(overlayFor("devices: eth0\n").deviations.map((d) => d.key)).toEqual([
      "k8sServiceHost",
      "k8sServicePort",
    ]);
    expect(overlayFor("l2podAnnouncements:\n  interface: eno1\n").overlay).toMatchObject({
      l2podAnnouncements: { interface: "eth0" },
    });
  });

  it("turns pull policy Always into IfNotPresent wherever the repo sets it", () => {
    const { overlay, deviations } = overlayFor(
      "image:\n  pullPolicy: Always\nhubble:\n  relay:\n    image:\n      pullPolicy: Always\noperator:\n  image:\n    pullPolicy: IfNotPresent\n",
    );
    expect(overlay).toMatchObject({
      image: { pullPolicy: "IfNotPresent" },
      hubble: { relay: { image: { pullPolicy: "IfNotPresent" } } },
    });
    expect(overlay).not.toHaveProperty("operator");
    expect(deviations.find((d) => d.key === "hubble.relay.image.pullPolicy")?.source).toEqual({
      file: "values.yaml",
      line: 6,
    });
  });

  it("clears k8sServiceHostRef from 1.18 on, where it excludes k8sServiceHost", () => {
    const yaml = "k8sServiceHostRef:\n  name: api-endpoint\n  key: host\n";
    expect(overlayFor(yaml, "1.18.11").overlay).toMatchObject({ k8sServiceHostRef: { name: null } });
    expect(overlayFor(yaml, "1.17.17").overlay).not.toHaveProperty("k8sServiceHostRef");
  });

  it("changes nothing else", () => {
    const { overlay } = overlayFor(
      "kubeProxyReplacement: strict\nipam:\n  mode: cluster-pool\nhubble:\n  enabled: true\n",
    );
    expect(Object.keys(overlay).sort()).toEqual(["k8sServiceHost", "k8sServicePort"]);
  });
});
