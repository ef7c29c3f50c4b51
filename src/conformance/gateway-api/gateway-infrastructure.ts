// The labels the suite's Gateway carries in `spec.infrastructure.labels`. Cilium's operator copies
// them onto the Gateway's LoadBalancer Service `cilium-gateway-<name>` (cilium/cilium
// operator/pkg/model/ingestion/gateway.go, from the v1.16 branch; the translator's getService
// merges them with `io.cilium.gateway/owning-gateway` and `gateway.networking.k8s.io/gateway-name`),
// and LB-IPAM and the L2 announcer match their serviceSelector against that Service's labels plus
// `io.kubernetes.service.namespace`/`name` (operator/pkg/lbipam svcLabels, pkg/l2announcer
// svcAndMetaLabels). With a selector on the repo's pool or L2 policy, a Gateway without the right
// labels never gets an address, or is never announced. The labels are derived the way the LB-IPAM
// and L2 suites derive their Services' (l2-service-labels.ts), then checked against the Service's
// full label set.

import type { CiliumCompat } from "../../compat/compat-types.ts";
import { asLabelSelector, type Labels, selectorMatches } from "../../k8s/label-selector.ts";
import type { Manifest } from "../../repo/infra-model.ts";
import { serviceSelectionLabels } from "../l2-announcements/announcing-nodes.ts";
import { announcedServiceLabels } from "../l2-announcements/l2-service-labels.ts";
import { labelsSelectedBy } from "../label-selector-match.ts";
import { gatewayServiceName } from "./gateway-service.ts";

export type GatewayLabels =
  | {
      ok: true;
      labels: Labels;
      /** The L2 policy that announces the Gateway's Service; undefined when none can (with why). */
      announcedBy: string | undefined;
      notAnnounced?: string;
    }
  | { ok: false; reason: string };

const selectorOf = (manifest: Manifest) =>
  asLabelSelector(((manifest.body.spec ?? {}) as Record<string, unknown>).serviceSelector);

const announcesLbIps = (policy: Manifest) =>
  ((policy.body.spec ?? {}) as Record<string, unknown>).loadBalancerIPs === true;

/** The labels Cilium's operator gives the Gateway's Service besides the infrastructure labels. */
export function gatewayServiceLabels(
  gateway: { namespace: string; name: string },
  infrastructure: Labels,
): Labels {
  return serviceSelectionLabels({
    namespace: gateway.namespace,
    name: gatewayServiceName(gateway.name),
    labels: {
      "io.cilium.gateway/owning-gateway": gateway.name,
      "gateway.networking.k8s.io/gateway-name": gateway.name,
      ...infrastructure,
    },
  });
}

/** Whether this version's Gateway API has `spec.infrastructure` (v1.1 and later; Cilium 1.16+). */
export function gatewayInfrastructureSupported(compat: CiliumCompat): boolean {
  return !/^v1\.0\./.test(compat.gatewayApi.value.version);
}

export function gatewayInfrastructureLabels(
  repo: { pools: readonly Manifest[]; l2Policies: readonly Manifest[] },
  gateway: { namespace: string; name: string },
  compat: CiliumCompat,
): GatewayLabels {
  const announcing = repo.l2Policies.filter(announcesLbIps);
  let labels: Labels | undefined;
  let announcedBy: string | undefined;
  const refusals: string[] = [];
  for (const policy of announcing) {
    const choice = announcedServiceLabels(policy, repo.pools);
    if (choice.ok) {
      labels = choice.labels;
      announcedBy = policy.name;
      break;
    }
    refusals.push(choice.reason);
  }
  labels ??= repo.pools
    .map((pool) => labelsSelectedBy(selectorOf(pool)))
    .find((found) => found !== undefined);
  if (!labels)
    return {
      ok: false,
      reason: "no pool of the repo can select any Service (contradictory serviceSelector)",
    };

  const full = gatewayServiceLabels(gateway, labels);
  if (!repo.pools.some((pool) => selectorMatches(selectorOf(pool), full))) {
    return {
      ok: false,
      reason: `no pool selects the Gateway's Service ${gatewayServiceName(gateway.name)} with labels ${JSON.stringify(full)}`,
    };
  }
  if (Object.keys(labels).length > 0 && !gatewayInfrastructureSupported(compat)) {
    return {
      ok: false,
      reason:
        `the repo's selectors need the labels ${JSON.stringify(labels)} on a Gateway's Service, but Gateway API ` +
        `${compat.gatewayApi.value.version} (Cilium ${compat.minor}) has no spec.infrastructure to put them there: ` +
        "no Gateway can get an address from these pools on this version",
    };
  }
  if (announcedBy) {
    const policy = announcing.find((candidate) => candidate.name === announcedBy);
    if (policy && !selectorMatches(selectorOf(policy), full)) announcedBy = undefined;
  }
  const notAnnounced = announcedBy
    ? undefined
    : announcing.length === 0
      ? "the repo has no L2 policy that announces LoadBalancer IPs"
      : `no L2 policy announces a Service a pool selects (${refusals.join("; ") || "selectors conflict"})`;
  return { ok: true, labels, announcedBy, ...(notAnnounced ? { notAnnounced } : {}) };
}
