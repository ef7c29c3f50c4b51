import { parseCiliumVersion } from "../../compat/cilium-version.ts";
import { supportedMinors } from "../../compat/compat-for.ts";
import { chartFacts } from "../chart-facts.ts";
import type { DocumentedRule } from "../documented-rule.ts";
import type { Finding } from "../finding.ts";

export const chartVersionKnown: DocumentedRule = {
  id: "chart-version-known",
  title: "The HelmRelease pins a Cilium chart version the checks have facts for",
  severities: ["error", "info"],
  why: "Most verdicts (accepted values, pool apiVersions, first/last IP rules) depend on the version; an unknown one would make them guesses.",
  emits: ["chart-version-known", "chart-version-newer-patch"],
  check(model) {
    const release = model.helmRelease;
    const at = release.versionLocation;
    const facts = chartFacts(model);
    if (!facts) {
      const parsed = parseCiliumVersion(release.version);
      const what = parsed
        ? `Cilium ${parsed.text} is not in the compatibility table (known minors: ${supportedMinors.join(", ")})`
        : `"${release.version}" is not a Cilium chart version`;
      return [
        {
          id: "chart-version-known",
          severity: "error",
          message: `${what}, so every version-dependent check was skipped. Pin a released chart version such as \`version: 1.18.11\`, or add the minor to src/compat/compat-table.ts.`,
          ...at,
        },
      ];
    }
    const latest = parseCiliumVersion(facts.compat.latestPatch);
    const findings: Finding[] = [];
    if (latest && !facts.version.prerelease && latest.patch > facts.version.patch) {
      findings.push({
        id: "chart-version-newer-patch",
        severity: "info",
        message: `Cilium ${facts.version.text} is pinned; ${facts.compat.latestPatch} is the newest ${facts.compat.minor} patch known. Patch releases carry fixes only: consider \`version: ${facts.compat.latestPatch}\`.`,
        ...at,
      });
    }
    return findings;
  },
};
