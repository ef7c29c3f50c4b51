import { removedKeysFor } from "../../compat/compat-for.ts";
import { chartFacts } from "../chart-facts.ts";
import type { DocumentedRule } from "../documented-rule.ts";
import type { Finding } from "../finding.ts";
import { atValue } from "../finding-location.ts";
import { goTemplateTruthy, showValue } from "../helm-values.ts";

function typeProblem(value: unknown, type: "boolean" | "integer"): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (type === "boolean") return typeof value === "boolean" ? undefined : `a ${typeof value}, not a boolean`;
  if (typeof value === "number" && Number.isInteger(value)) return undefined;
  if (typeof value === "number") return "a fractional number, not an integer";
  return `a ${typeof value}, not an integer`;
}

function fixFor(key: string, value: unknown, type: "boolean" | "integer"): string {
  if (type === "boolean") {
    return `\`${key}: ${goTemplateTruthy(value) && value !== "false" ? "true" : "false"}\` (unquoted)`;
  }
  const number = Number(value);
  return Number.isFinite(number)
    ? `\`${key}: ${Math.max(1, Math.ceil(number))}\` (a whole number)`
    : `a whole number`;
}

export const valuesSchemaTypes: DocumentedRule = {
  id: "values-schema-types",
  title: "Typed values have the type the chart schema demands (booleans, integer client rate limits)",
  severities: ["error", "warning"],
  why: 'From 1.16 the chart\'s values.schema.json makes Helm refuse the whole release; in 1.15 a string "false" is silently true in the templates.',
  check(model) {
    const facts = chartFacts(model);
    if (!facts) return [];
    const findings: Finding[] = [];
    const hasSchema = facts.compat.hasValuesSchema.value;
    // A key the chart dropped is gone from its schema too: Helm ignores it whatever its type.
    const removed = new Set(removedKeysFor(facts.compat, facts.version).map((entry) => entry.key));
    for (const { key, type } of facts.compat.valuesKeyTypes.value) {
      if (!model.values.has(key) || removed.has(key)) continue;
      const value = model.values.get(key);
      const problem = typeProblem(value, type);
      if (!problem) continue;
      const fix = fixFor(key, value, type);
      const truthyNote =
        type === "boolean" && goTemplateTruthy(value) && value !== true
          ? ` The templates test it with Go truthiness, so ${showValue(value)} counts as ON.`
          : "";
      findings.push(
        hasSchema
          ? {
              id: "values-schema-types",
              severity: "error",
              message: `${key} is ${showValue(value)}, ${problem}: the values.schema.json of chart ${facts.version.text} rejects it and Helm refuses to install or upgrade the release (Flux reports the schema error). Write ${fix}.`,
              ...atValue(model, key),
            }
          : {
              id: "values-schema-types",
              severity: "warning",
              message: `${key} is ${showValue(value)}, ${problem}. Chart ${facts.version.text} has no values schema so Helm takes it as is,${truthyNote ? truthyNote.replace(/^ The/, " but the") : ""} and from 1.16 the schema rejects it and the upgrade fails. Write ${fix}.`,
              ...atValue(model, key),
            },
      );
    }
    return findings;
  },
};
