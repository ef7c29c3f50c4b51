import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseCiliumVersion } from "../../src/compat/cilium-version.ts";
import { compatFor, removedKeysFor, supportedMinors } from "../../src/compat/compat-for.ts";
import { compatTable } from "../../src/compat/compat-table.ts";

const samples = join(import.meta.dirname, "../../../shared/cilium-samples/charts");

describe("compat table", () => {
  it("covers 1.15 to 1.20, each fact with a source", () => {
    expect(supportedMinors).toEqual(["1.15", "1.16", "1.17", "1.18", "1.19", "1.20"]);
    for (const entry of compatTable) {
      for (const [name, fact] of Object.entries(entry)) {
        if (typeof fact === "object" && fact !== null && "value" in fact) {
          expect((fact as { source: string }).source, `${entry.minor} ${name}`).toMatch(/\S/);
        }
      }
    }
  });

  it.each([
    [
      "1.15.19",
      ["cilium.io/v2alpha1"],
      "io.cilium/lb-ipam-ips",
      "v1.0.0",
      ["tlsroutes", "grpcroutes"],
      false,
    ],
    ["1.16.19", ["cilium.io/v2alpha1"], "lbipam.cilium.io/ips", "v1.1.0", ["tlsroutes"], true],
    ["1.17.17", ["cilium.io/v2alpha1"], "lbipam.cilium.io/ips", "v1.2.0", [], true],
    ["1.18.11", ["cilium.io/v2", "cilium.io/v2alpha1"], "lbipam.cilium.io/ips", "v1.2.0", [], true],
    ["1.19.5", ["cilium.io/v2", "cilium.io/v2alpha1"], "lbipam.cilium.io/ips", "v1.3.0", [], true],
  ])("%s", (version, pools, ips, gatewayApi, extras, firstLast) => {
    const compat = compatFor(version);
    expect(compat.poolApiVersions.value).toEqual(pools);
    expect(compat.ipsAnnotation.value).toBe(ips);
    expect(compat.gatewayApi.value).toEqual({
      version: gatewayApi,
      channel: "standard",
      extraExperimentalCrds: extras,
    });
    expect(compat.firstLastIpsAllocatedByDefault.value).toBe(firstLast);
    expect(compat.l2PolicyApiVersion.value).toBe("cilium.io/v2alpha1");
  });

  it("accepts strict only up to 1.15", () => {
    expect(compatFor("1.15.7").kubeProxyReplacementForms.value).toContain("strict");
    expect(compatFor("1.16.0").kubeProxyReplacementForms.value).toEqual(["true", "false"]);
  });

  it("applies externalIPs.enabled's removal from 1.17.6 only", () => {
    const keys = (version: string) =>
      removedKeysFor(compatFor(version), parseCiliumVersion(version)!).map((k) => k.key);
    expect(keys("1.17.5")).toEqual([]);
    expect(keys("1.17.6")).toEqual(["externalIPs.enabled"]);
    expect(keys("1.18.0")).toEqual(["externalIPs.enabled"]);
  });

  it("refuses unknown and malformed versions with exit 2 and a hint", () => {
    expect(() => compatFor("1.14.3")).toThrow(
      expect.objectContaining({ code: "CC_PLAN_VERSION_UNSUPPORTED", exitCode: 2 }),
    );
    expect(() => compatFor("latest")).toThrow(/not a Cilium chart version/);
    expect(compatFor("v1.20.0-pre.3").minor).toBe("1.20");
  });

  it("knows the pinned cilium CLI installs 1.16 and later only (install/helm.go getHelmValues)", () => {
    expect(compatTable.map((entry) => [entry.minor, entry.installableByPinnedCli.value])).toEqual([
      ["1.15", false],
      ["1.16", true],
      ["1.17", true],
      ["1.18", true],
      ["1.19", true],
      ["1.20", true],
    ]);
    expect(compatFor("1.15.19").installableByPinnedCli.source).toMatch(/cilium-cli v0.19.7 .*helm.go/);
  });

  it("knows each chart's cluster.name default and validation (templates/validate.yaml)", () => {
    expect(compatFor("1.15.19").clusterName.value).toEqual({
      defaultName: "default",
      maxLength: undefined,
      pattern: undefined,
    });
    for (const version of ["1.16.19", "1.17.17", "1.18.11", "1.19.5", "1.20.0-pre.3"]) {
      const rule = compatFor(version).clusterName.value;
      expect(rule.maxLength, version).toBe(32);
      expect(new RegExp(rule.pattern ?? "").test("kind-cc-20261126-203540-a1b2"), version).toBe(true);
      expect(new RegExp(rule.pattern ?? "").test("Home_Lab"), version).toBe(false);
      expect(compatFor(version).chartDefaultsCliOverrides.value).toEqual({
        "cluster.name": "default",
        "ipam.mode": "cluster-pool",
        "operator.replicas": 2,
      });
    }
  });

  // The real charts' values.yaml (shipped by cilium-cli v0.19.7, ../shared/cilium-samples/charts).
  it.each(["1.15.19", "1.16.19", "1.17.17", "1.18.11", "1.19.5"])(
    "%s: the chart defaults the plan pins are the chart's own values.yaml",
    (version) => {
      const values = parse(readFileSync(join(samples, version, "values.yaml"), "utf8")) as {
        cluster: { name: string };
        ipam: { mode: string; operator: { clusterPoolIPv4PodCIDRList: string[] } };
        operator: { replicas: number };
      };
      const compat = compatFor(version);
      expect(compat.chartDefaultsCliOverrides.value).toEqual({
        "cluster.name": values.cluster.name,
        "ipam.mode": values.ipam.mode,
        "operator.replicas": values.operator.replicas,
      });
      expect(compat.clusterName.value.defaultName).toBe(values.cluster.name);
      expect(compat.clusterPoolPodCidrsDefault.value).toEqual(
        values.ipam.operator.clusterPoolIPv4PodCIDRList,
      );
    },
  );
});
