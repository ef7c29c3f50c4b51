import type { GoRegex } from "../../go/go-regex.ts";
import { checkGoRegex, goMatches } from "../../go/go-regex.ts";
import { quoteExcerpt } from "../../repo/quote-excerpt.ts";
import { ciliumDevices, type DeviceEntry, isCiliumDevice } from "../cilium-devices.ts";
import type { DocumentedRule } from "../documented-rule.ts";
import type { Finding } from "../finding.ts";
import { atManifest, atValue, describeManifest } from "../finding-location.ts";
import { record } from "../gateway-api-objects.ts";

// Typical tails of Linux NIC names after a wildcard device's prefix (eno1, enp1s0, enp0s31f6,
// ens192, eth0, wlp2s0, enx00e04c…, bond0.100): used only when lan.nics is not declared.
const TYPICAL_TAILS = [
  "",
  "0",
  "1",
  "2",
  "10",
  "192",
  "0s1",
  "1s0",
  "2s0",
  "0s31f6",
  "1s0f0",
  "1s0f1",
  "p1s0",
  "s0",
  "f0",
  "np0",
  "0.100",
  "00e04c680001",
];

export const l2PolicyDevices: DocumentedRule = {
  id: "l2-policy-devices",
  title: "L2 policy `interfaces` match at least one of the Cilium `devices` (when `devices` is set)",
  severities: ["error", "warning"],
  why: "The agent answers ARP only on interfaces that are both Cilium devices and matched by the policy: a pattern that matches no device announces nowhere.",
  check(model) {
    const devices = ciliumDevices(model.values);
    if (!devices) return [];
    const nics = model.config.lan.nics?.value;
    const deviceList = devices.map((entry) => entry.text).join(", ");
    const devicesAt = atValue(model, "devices");
    const devicesWhere = `\`devices\` (${devicesAt.file}:${devicesAt.line})`;
    const findings: Finding[] = [];
    for (const policy of model.l2Policies) {
      const patterns = record(policy.body.spec).interfaces;
      if (!Array.isArray(patterns)) continue;
      for (const [index, pattern] of patterns.entries()) {
        if (typeof pattern !== "string") continue;
        const compiled = checkGoRegex(pattern);
        // An invalid pattern is l2-policy-interface-regex's finding.
        if (!compiled.ok) continue;
        const at = atManifest(policy, ["spec", "interfaces", index]);
        const name = `${describeManifest(policy)}: interface pattern ${quoteExcerpt(pattern)}`;
        if (nics && nics.length > 0) {
          const matchedNics = nics.filter((nic) => goMatches(compiled.regex, nic));
          // A pattern that matches no declared NIC is l2-policy-interface-no-nic-match's finding.
          if (matchedNics.length === 0 || matchedNics.some((nic) => isCiliumDevice(devices, nic))) continue;
          const deviceNics = nics.filter((nic) => isCiliumDevice(devices, nic));
          findings.push({
            id: "l2-policy-devices",
            severity: "error",
            message: `${name} matches ${matchedNics.join(", ")}, but ${matchedNics.length === 1 ? "that NIC is not" : "none of those NICs is"} a Cilium device (devices: ${deviceList}): the agent answers ARP only on interfaces that are both devices and matched by the policy, so this pattern announces nowhere. Add the NIC to ${devicesWhere}, or match a device NIC${deviceNics.length > 0 ? ` (${deviceNics.join(", ")})` : ""} in the pattern.`,
            ...at,
          });
          continue;
        }
        const verdict = matchesDevices(compiled.regex, devices);
        if (verdict.matched) continue;
        const wildcards = devices.some((entry) => entry.prefix !== undefined);
        findings.push({
          id: "l2-policy-devices",
          severity: wildcards ? "warning" : "error",
          message: `${name} matches none of the Cilium devices (${deviceList}; checked on the device names${wildcards ? ", and for a wildcard such as eno+ on its prefix followed by typical NIC name endings" : ""}, because ${model.config.file ?? ".cilium-conformance.yaml"} declares no \`lan.nics\`; Go matches the pattern anywhere in the name): the agent answers ARP only on interfaces that are both devices and matched by the policy, so this pattern announces nowhere. Make the pattern match a device (e.g. \`${suggestion(devices)}\`), or add the interface to ${devicesWhere}. Declare \`lan.nics\` for an exact verdict.`,
          ...at,
        });
      }
    }
    return findings;
  },
};

function matchesDevices(regex: GoRegex, devices: readonly DeviceEntry[]): { matched: boolean } {
  const names = devices.flatMap((entry) =>
    entry.prefix === undefined ? [entry.text] : TYPICAL_TAILS.map((tail) => `${entry.prefix}${tail}`),
  );
  return { matched: names.some((name) => goMatches(regex, name)) };
}

function suggestion(devices: readonly DeviceEntry[]): string {
  const parts = devices.map((entry) => (entry.prefix !== undefined ? `${entry.prefix}.*` : entry.text));
  return `^(${parts.join("|")})$`;
}
