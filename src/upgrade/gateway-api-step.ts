// The Gateway API CRDs the candidate requires. They must be upgraded BEFORE the chart: the
// operator checks for them once at start and otherwise silently disables Gateway API support.

import { readBoolean } from "../checks/helm-booleans.ts";
import type { GatewayApiRequirement } from "../compat/compat-types.ts";
import type { UpgradeSides } from "./upgrade-facts.ts";
import type { UpgradeFinding } from "./upgrade-finding.ts";

export function gatewayApiFindings({ model, current, candidate }: UpgradeSides): UpgradeFinding[] {
  if (!readBoolean(model, candidate.compat, "gatewayAPI.enabled").on) return [];
  const now = current.compat.gatewayApi.value;
  const next = candidate.compat.gatewayApi.value;
  const at = model.values.locate("gatewayAPI.enabled");
  const base = { id: "upgrade-gateway-api-crds", category: "gateway-api" as const, ...at };
  if (sameRequirement(now, next)) {
    return [
      {
        ...base,
        severity: "info",
        message: `Gateway API CRDs stay at ${describe(next)}: chart ${candidate.version.text} requires the same as ${current.version.text}.`,
      },
    ];
  }
  return [
    {
      ...base,
      severity: "warning",
      message: `Chart ${candidate.version.text} requires Gateway API CRDs ${describe(next)}; ${current.version.text} required ${describe(now)}. Upgrade the CRDs FIRST, then the chart: the operator checks for them once at start and silently disables Gateway API when they are missing or too old (no GatewayClass, Gateways stop being programmed). Apply ${crdSources(next)} server-side and wait for each CRD to be Established.`,
    },
  ];
}

function sameRequirement(a: GatewayApiRequirement, b: GatewayApiRequirement): boolean {
  return (
    a.version === b.version &&
    a.channel === b.channel &&
    [...a.extraExperimentalCrds].sort().join() === [...b.extraExperimentalCrds].sort().join()
  );
}

function describe(requirement: GatewayApiRequirement): string {
  const extras = requirement.extraExperimentalCrds.length
    ? ` + experimental ${requirement.extraExperimentalCrds.join(", ")}`
    : "";
  return `${requirement.version}, ${requirement.channel} channel${extras}`;
}

function crdSources(requirement: GatewayApiRequirement): string {
  const install = requirement.channel === "standard" ? "standard-install.yaml" : "experimental-install.yaml";
  const extras = requirement.extraExperimentalCrds.map((crd) => `the experimental ${crd} CRD`);
  return [`${install} of release ${requirement.version}`, ...extras].join(" and ");
}
