import { removedKeysFor } from "../../compat/compat-for.ts";
import { unknownValuesKeys } from "../../upgrade/unknown-values-keys.ts";
import { chartFacts } from "../chart-facts.ts";
import type { DocumentedRule } from "../documented-rule.ts";
import type { Finding } from "../finding.ts";

// Helm ignores a values key its chart does not have, silently: `hubble.relay.enable` (for
// `enabled`) looks like configuration and does nothing, and only a later failure points at it.
// The keys come from the pinned chart itself (values.yaml, and keys it documents only in comments),
// the same way `upgrade` compares them (src/upgrade/unknown-values-keys.ts), read from the chart
// cache (src/charts/pinned-chart-keys.ts); keys the compat table knows were removed are left to
// `removed-values-key`.

export const valuesKeyUnknown: DocumentedRule = {
  id: "values-key-unknown",
  title:
    "Every values key is a key of the pinned chart (with the nearest existing key); checked against the cached chart",
  severities: ["warning", "info"],
  why: "Helm silently ignores a key the chart does not have: a typo such as `hubble.relay.enable` switches nothing on, and nothing says so.",
  check(model, context) {
    const facts = chartFacts(model);
    const chart = context?.chart;
    if (!facts || !chart) return [];
    const at = { file: model.helmRelease.versionLocation.file, line: model.helmRelease.versionLocation.line };
    if (chart.kind === "unavailable") {
      return [
        {
          id: "values-key-unknown",
          severity: "info",
          message: `The values keys were not checked against chart ${chart.chart} ${chart.version}: ${chart.reason}. To check them, ${chart.fix}.`,
          ...at,
        },
      ];
    }
    const side = { version: facts.version, keys: chart.keys };
    const unknown = unknownValuesKeys({
      values: model.values,
      current: side,
      candidate: side,
      knownRemovals: removedKeysFor(facts.compat, facts.version),
    });
    const findings: Finding[] = [];
    for (const key of unknown) {
      // Known removals are removed-values-key's to report (with the replacement).
      if (key.kind !== "never-existed") continue;
      const path = key.segments.join(".");
      const below = key.leaves > 1 ? ` (and the ${key.leaves} values set below it)` : "";
      const hint = key.hint
        ? ` Did you mean \`${key.hint}\`?`
        : " Find the key in the chart's values.yaml, or delete it.";
      findings.push({
        id: "values-key-unknown",
        severity: "warning",
        message: `${path}${below} is not a key of chart ${chart.chart} ${chart.version}: Helm ignores it silently, so it configures nothing.${hint}`,
        ...model.values.locate(path),
      });
    }
    return findings;
  },
};
