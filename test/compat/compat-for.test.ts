import { describe, expect, it } from "vitest";
import { parseCiliumVersion } from "../../src/compat/cilium-version.ts";
import {
  compatFor,
  connectivityTestNamespace,
  removedKeysFor,
  supportedMinors,
} from "../../src/compat/compat-for.ts";
import { compatTable } from "../../src/compat/compat-table.ts";

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

  it("names the connectivity-test namespace by cilium-cli version", () => {
    expect(connectivityTestNamespace("v0.16.7")).toBe("cilium-test");
    expect(connectivityTestNamespace("v0.16.8")).toBe("cilium-test-1");
    expect(connectivityTestNamespace("v0.19.7")).toBe("cilium-test-1");
  });
});
