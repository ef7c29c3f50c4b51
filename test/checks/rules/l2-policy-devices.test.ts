import { describe, expect, it } from "vitest";
import { l2PolicyDevices } from "../../../src/checks/rules/l2-policy-devices.ts";
import { l2PolicyYaml } from "../l2-policy-yaml.ts";
import { findingsOf, L2_FILE, VALUES_FILE } from "../model-builder.ts";

const check = (patterns: string[], devices: string | undefined, nics?: string[]) =>
  findingsOf(l2PolicyDevices, {
    values: devices === undefined ? "" : `devices: ${devices}\n`,
    files: {
      [L2_FILE]: l2PolicyYaml(
        `  loadBalancerIPs: true\n  interfaces:\n${patterns.map((p) => `    - '${p}'\n`).join("")}`,
      ),
    },
    ...(nics ? { lan: { nics } } : {}),
    withConfigFile: true,
  });

describe("l2-policy-devices", () => {
  it("stays silent without `devices` (the agent picks its devices itself)", () => {
    expect(check(["^wlan0$"], undefined, ["eno1"])).toEqual([]);
  });

  it("accepts patterns that match a device NIC (the seed's eno+/enp+ with its patterns)", () => {
    expect(check(["^eno[0-9]+$", "^enp[0-9]+s[0-9]+$"], "[eno+, enp+]", ["eno1", "enp1s0"])).toEqual([]);
    expect(check(["^eno[0-9]+$", "^enp[0-9]+s[0-9]+$"], "[eno+, enp+]")).toEqual([]);
  });

  it("errors, with lan.nics, on a pattern whose NICs are not Cilium devices", () => {
    const [finding, ...rest] = check(["^enp1s0$", "^eno1$"], "[eno1]", ["eno1", "enp1s0"]);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ id: "l2-policy-devices", severity: "error", file: L2_FILE, line: 8 });
    expect(finding!.message).toContain("matches enp1s0, but that NIC is not a Cilium device (devices: eno1)");
    expect(finding!.message).toContain(`Add the NIC to \`devices\` (${VALUES_FILE}:1)`);
    expect(finding!.message).toContain("match a device NIC (eno1)");
  });

  it("treats a trailing + as a prefix (Cilium's device wildcard), not as a regex", () => {
    // enp+ covers enp1s0 and enp2s0; "en" alone would not be a device, "enp" is a prefix.
    expect(check(["^enp2s0$"], "enp+", ["enp1s0", "enp2s0"])).toEqual([]);
    expect(check(["^enp2s0$"], "enp1+", ["enp1s0", "enp2s0"])[0]?.severity).toBe("error");
    // Unanchored: "eno1" also matches veno1x, which is no device of "eno+"... but eno1 is.
    expect(check(["eno1"], "eno+", ["eno1", "veno1x"])).toEqual([]);
  });

  it("reads `devices` written as one string, separated by spaces", () => {
    expect(check(["^enp1s0$"], '"eno1 eno2"', ["eno1", "enp1s0"])[0]?.severity).toBe("error");
    expect(check(["^eno2$"], '"eno1 eno2"', ["eno1", "eno2"])).toEqual([]);
  });

  it("without lan.nics, errors on exact device names the pattern cannot match, and says so", () => {
    const [finding] = check(["^eth[0-9]+$"], "[eno1, enp1s0]");
    expect(finding).toMatchObject({ severity: "error", line: 8 });
    expect(finding!.message).toContain(
      "matches none of the Cilium devices (eno1, enp1s0; checked on the device names, because",
    );
    expect(finding!.message).toContain("declares no `lan.nics`");
    expect(finding!.message).toContain("`^(eno1|enp1s0)$`");
  });

  it("without lan.nics, only warns for wildcard devices (checked on their prefix with typical endings)", () => {
    const [finding] = check(["^eth[0-9]+$"], "[eno+]");
    expect(finding).toMatchObject({ severity: "warning" });
    expect(finding!.message).toContain(
      "for a wildcard such as eno+ on its prefix followed by typical NIC name endings",
    );
    expect(finding!.message).toContain("`^(eno.*)$`");
    expect(check(["^enp0s31f6$"], "[enp+]")).toEqual([]);
  });

  it("leaves invalid patterns to l2-policy-interfaces", () => {
    expect(check(["^(?!lo)eth0"], "[eno1]")).toEqual([]);
  });
});
