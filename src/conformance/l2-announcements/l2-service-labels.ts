// Labels for the L2 suite's Services, derived from the repo: the announced Service must be
// selected by the L2 policy AND by a pool (or it gets no IP to announce); the "not selected"
// Service must still get an IP from a pool but fall outside the policy's serviceSelector.

import { asLabelSelector, type Labels, selectorMatches } from "../../k8s/label-selector.ts";
import type { Manifest } from "../../repo/infra-model.ts";
import { labelsNotSelectedBy, labelsSelectedBy } from "../label-selector-match.ts";

export type LabelsChoice = { ok: true; labels: Labels } | { ok: false; reason: string };

function serviceSelectorOf(manifest: Manifest) {
  const spec = (manifest.body.spec ?? {}) as Record<string, unknown>;
  return asLabelSelector(spec.serviceSelector);
}

function poolSelectorLabels(pools: readonly Manifest[]): Labels | undefined {
  for (const pool of pools) {
    const labels = labelsSelectedBy(serviceSelectorOf(pool));
    if (labels) return labels;
  }
  return undefined;
}

export function announcedServiceLabels(policy: Manifest, pools: readonly Manifest[]): LabelsChoice {
  const poolLabels = poolSelectorLabels(pools);
  if (!poolLabels)
    return {
      ok: false,
      reason: "no pool of the repo can select any Service (contradictory serviceSelector)",
    };
  const policyLabels = labelsSelectedBy(serviceSelectorOf(policy));
  if (!policyLabels) {
    return {
      ok: false,
      reason: `the serviceSelector of L2 policy ${policy.name} selects no Service (contradictory expressions)`,
    };
  }
  const labels = { ...poolLabels, ...policyLabels };
  const policySelects = selectorMatches(serviceSelectorOf(policy), labels);
  const poolSelects = pools.some((pool) => selectorMatches(serviceSelectorOf(pool), labels));
  if (!policySelects || !poolSelects) {
    return {
      ok: false,
      reason: `no Service can be selected by both L2 policy ${policy.name} and a pool (their serviceSelectors conflict on ${JSON.stringify(labels)})`,
    };
  }
  return { ok: true, labels };
}

/** Labels of a Service that gets an IP but that the policy does not announce; a skip reason otherwise. */
export function unannouncedServiceLabels(policy: Manifest, pools: readonly Manifest[]): LabelsChoice {
  const selector = serviceSelectorOf(policy);
  const hasSelector =
    selector !== undefined &&
    (Object.keys(selector.matchLabels ?? {}).length > 0 || (selector.matchExpressions ?? []).length > 0);
  if (!hasSelector) {
    return {
      ok: false,
      reason: `L2 policy ${policy.name} has no serviceSelector: it announces every Service, so there is no unselected Service to test`,
    };
  }
  const poolLabels = poolSelectorLabels(pools) ?? {};
  const labels = labelsNotSelectedBy(selector, poolLabels);
  if (!labels || !pools.some((pool) => selectorMatches(serviceSelectorOf(pool), labels))) {
    return {
      ok: false,
      reason: `every Service a pool selects is also selected by L2 policy ${policy.name}: no unannounced Service can get an IP`,
    };
  }
  return { ok: true, labels };
}
