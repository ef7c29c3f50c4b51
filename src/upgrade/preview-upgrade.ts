// The static upgrade preview: the repo's values and manifests against the candidate chart and
// the compat table, with the current chart as the reference for "what changes". Pure: charts and
// model in, findings out.

import type { LoadedChart } from "../charts/loaded-chart.ts";
import { parseCiliumVersion } from "../compat/cilium-version.ts";
import { compatFor, removedKeysFor } from "../compat/compat-for.ts";
import { PlanError } from "../errors.ts";
import type { InfraModel } from "../repo/infra-model.ts";
import { annotationFindings } from "./annotation-step.ts";
import { chartKeys } from "./chart-keys.ts";
import { gatewayApiFindings } from "./gateway-api-step.ts";
import { kubeProxyReplacementFindings } from "./kube-proxy-replacement-step.ts";
import { l2Findings } from "./l2-step.ts";
import { poolApiFindings } from "./pool-api-step.ts";
import { schemaFindings, schemaProblems } from "./schema-type-errors.ts";
import { unknownKeyFindings, unknownValuesKeys } from "./unknown-values-keys.ts";
import type { UpgradeSides, VersionSide } from "./upgrade-facts.ts";
import type { UpgradeFinding } from "./upgrade-finding.ts";
import { versionStepFindings } from "./version-step.ts";

export interface PreviewInput {
  model: InfraModel;
  currentChart: LoadedChart;
  candidateChart: LoadedChart;
}

export function versionSide(text: string): VersionSide {
  const compat = compatFor(text);
  const version = parseCiliumVersion(text);
  if (!version) throw new PlanError("CC_PLAN_VERSION_UNSUPPORTED", `"${text}" is not a Cilium chart version`);
  return { version, compat };
}

export function previewUpgrade(input: PreviewInput): UpgradeFinding[] {
  const { model, currentChart, candidateChart } = input;
  const sides: UpgradeSides = {
    model,
    current: versionSide(currentChart.version),
    candidate: versionSide(candidateChart.version),
  };
  const versions = { current: currentChart.version, candidate: candidateChart.version };
  const unknown = unknownValuesKeys({
    values: model.values,
    current: {
      version: sides.current.version,
      keys: chartKeys(currentChart.values, currentChart.valuesText),
    },
    candidate: {
      version: sides.candidate.version,
      keys: chartKeys(candidateChart.values, candidateChart.valuesText),
    },
    knownRemovals: removedKeysFor(sides.candidate.compat, sides.candidate.version),
  });
  return [
    ...versionStepFindings(sides),
    ...unknownKeyFindings(unknown, model.values, versions),
    ...schemaStep(input, versions.candidate),
    ...kubeProxyReplacementFindings(sides),
    ...poolApiFindings(sides),
    ...annotationFindings(sides),
    ...l2Findings(sides),
    ...gatewayApiFindings(sides),
  ];
}

function schemaStep(input: PreviewInput, candidate: string): UpgradeFinding[] {
  const { model, currentChart, candidateChart } = input;
  if (!candidateChart.schema) return [];
  const findings = schemaFindings(
    schemaProblems(candidateChart.schema, model.values.merged),
    model.values,
    candidate,
  );
  if (!currentChart.schema) {
    findings.push({
      id: "upgrade-values-schema-introduced",
      category: "values-schema",
      severity: "info",
      message: `Chart ${candidate} ships a values.schema.json (${currentChart.version} has none): from now on Helm refuses the release when a value has the wrong type, e.g. a quoted "true".`,
      ...model.helmRelease.versionLocation,
    });
  }
  return findings;
}
