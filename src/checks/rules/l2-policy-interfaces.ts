import type { GoRegex } from "../../go/go-regex.ts";
import { checkGoRegex, goMatches } from "../../go/go-regex.ts";
import type { Manifest, SourceLocation } from "../../repo/infra-model.ts";
import { quoteExcerpt } from "../../repo/quote-excerpt.ts";
import type { DocumentedRule } from "../documented-rule.ts";
import type { Finding } from "../finding.ts";
import { atManifest, describeManifest } from "../finding-location.ts";

function interfacesOf(policy: Manifest): unknown {
  const spec = policy.body.spec;
  return typeof spec === "object" && spec !== null ? (spec as Record<string, unknown>).interfaces : undefined;
}

export const l2PolicyInterfaces: DocumentedRule = {
  id: "l2-policy-interfaces",
  title: "L2 policy `interfaces` are valid Go (RE2) regexes and match the declared NIC names",
  severities: ["error", "warning", "info"],
  why: "An invalid regex sets io.cilium/bad-interface-regex and the policy announces nothing; a pattern that matches no real NIC answers ARP nowhere.",
  emits: [
    "l2-policy-interface-regex",
    "l2-policy-interface-no-nic-match",
    "l2-policy-interface-nics-unknown",
  ],
  check(model) {
    const findings: Finding[] = [];
    const nics = model.config.lan.nics;
    for (const policy of model.l2Policies) {
      const name = describeManifest(policy);
      const patterns = interfacesOf(policy);
      if (patterns === undefined || patterns === null) continue;
      if (!Array.isArray(patterns)) {
        findings.push({
          id: "l2-policy-interface-regex",
          severity: "error",
          message: `${name}: spec.interfaces must be a list of regular expressions, e.g. \`interfaces: ["^eno[0-9]+$"]\`.`,
          ...atManifest(policy, ["spec", "interfaces"]),
        });
        continue;
      }
      const compiled: { pattern: string; index: number; regex: GoRegex; at: SourceLocation }[] = [];
      for (const [index, pattern] of patterns.entries()) {
        const at = atManifest(policy, ["spec", "interfaces", index]);
        if (typeof pattern !== "string") {
          findings.push({
            id: "l2-policy-interface-regex",
            severity: "error",
            message: `${name}: interfaces[${index}] is ${quoteExcerpt(pattern)}, not a string: quote it.`,
            ...at,
          });
          continue;
        }
        const result = checkGoRegex(pattern);
        if (!result.ok) {
          findings.push({
            id: "l2-policy-interface-regex",
            severity: "error",
            message: result.javascriptOnly
              ? `${name}: interface pattern ${quoteExcerpt(pattern)} uses a ${result.javascriptOnly}, which JavaScript and PCRE know but Go's RE2 does not: the agent marks the policy io.cilium/bad-interface-regex and announces nothing. Rewrite it without it (e.g. list the wanted names: \`^(eno1|enp3s0)$\`).`
              : `${name}: interface pattern ${quoteExcerpt(pattern)} is not a valid Go regular expression (${result.reason}): the agent marks the policy io.cilium/bad-interface-regex and announces nothing. Fix the pattern, e.g. \`^eno[0-9]+$\`.`,
            ...at,
          });
          continue;
        }
        compiled.push({ pattern, index, regex: result.regex, at });
      }
      if (compiled.length === 0) continue;
      if (!nics || nics.value.length === 0) {
        findings.push({
          id: "l2-policy-interface-nics-unknown",
          severity: "info",
          message: `${name}: the interface patterns cannot be checked against the nodes' NICs because ${model.config.file ?? ".cilium-conformance.yaml"} declares no \`lan.nics\`. Declare the real NIC names (e.g. \`nics: [eno1, enp3s0]\`) to catch a pattern that matches none of them.`,
          ...compiled[0]!.at,
        });
        continue;
      }
      const matchedByAny = nics.value.filter((nic) => compiled.some((entry) => goMatches(entry.regex, nic)));
      for (const entry of compiled) {
        const matched = nics.value.filter((nic) => goMatches(entry.regex, nic));
        if (matched.length > 0) continue;
        const none = matchedByAny.length === 0;
        findings.push({
          id: "l2-policy-interface-no-nic-match",
          severity: none ? "error" : "warning",
          message: `${name}: interface pattern ${quoteExcerpt(entry.pattern)} matches none of the declared NICs (${nics.value.join(", ")}; Go matches it anywhere in the name, unanchored)${none ? ": no pattern of this policy matches a real NIC, so no node answers ARP for its Services" : ""}. Adjust it, e.g. \`^(${nics.value.join("|")})$\`, or fix \`lan.nics\` in ${nics.location.file}.`,
          ...entry.at,
        });
      }
    }
    return findings;
  },
};
