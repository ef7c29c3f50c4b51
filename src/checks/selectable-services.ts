// The Services of the repo as a pool's or an L2 policy's serviceSelector sees them: each
// LoadBalancer Service's labels plus `io.kubernetes.service.namespace`/`name`, which LB-IPAM and
// the L2 announcer add before matching (cilium/cilium v1.18 operator/pkg/lbipam/service_store.go,
// pkg/l2announcer/l2announcer.go svcAndMetaLabels), and the Service Cilium's operator makes for
// each Gateway: `cilium-gateway-<name>`, labelled io.cilium.gateway/owning-gateway and
// gateway.networking.k8s.io/gateway-name = the Gateway's name, merged under the Gateway's
// spec.infrastructure.labels (operator/pkg/model/translation/gateway-api/translator.go
// desiredService; the labels come from operator/pkg/model/ingestion/gateway.go — read on the v1.18
// backport branch of tommyp1ckles/cilium, VERSION 1.18.3).

import type { CiliumCompat } from "../compat/compat-types.ts";
import {
  gatewayInfrastructureSupported,
  gatewayServiceLabels,
} from "../conformance/gateway-api/gateway-infrastructure.ts";
import { gatewayServiceName } from "../conformance/gateway-api/gateway-service.ts";
import { serviceSelectionLabels } from "../conformance/l2-announcements/announcing-nodes.ts";
import { asLabelSelector, type LabelSelector, type Labels } from "../k8s/label-selector.ts";
import type { InfraModel, Manifest } from "../repo/infra-model.ts";
import { record } from "./gateway-api-objects.ts";
import { labelSelectorProblems } from "./label-selector.ts";

export interface SelectableService {
  /** `pihole/pihole-dns`, or `web/cilium-gateway-homelab (of Gateway web/homelab)`. */
  label: string;
  /** The labels a serviceSelector is matched against. */
  labels: Labels;
}

/** The string entries of a labels map (a non-string value is another rule's business). */
export function stringLabels(labels: unknown): Labels {
  return Object.fromEntries(
    Object.entries(record(labels)).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
}

/** A repo Service as the selectors see it. */
export function selectableService(service: Manifest): SelectableService {
  const namespace = service.namespace ?? "default";
  return {
    label: `${namespace}/${service.name}`,
    labels: serviceSelectionLabels({
      namespace,
      name: service.name,
      labels: stringLabels(record(service.body.metadata).labels),
    }),
  };
}

/** The LoadBalancer Service Cilium makes for each of the repo's Gateways, as the selectors see it. */
export function gatewayServices(model: InfraModel, compat: CiliumCompat | undefined): SelectableService[] {
  return model.gateways.map((gateway) => {
    const namespace = gateway.namespace ?? "default";
    // Before Gateway API v1.1 (Cilium < 1.16) there is no spec.infrastructure to copy from.
    const infrastructure =
      compat === undefined || gatewayInfrastructureSupported(compat)
        ? stringLabels(record(record(gateway.body.spec).infrastructure).labels)
        : {};
    return {
      label: `${namespace}/${gatewayServiceName(gateway.name)} (of Gateway ${namespace}/${gateway.name})`,
      labels: gatewayServiceLabels({ namespace, name: gateway.name }, infrastructure),
    };
  });
}

/** A serviceSelector that narrows (matchLabels or matchExpressions) and that Cilium can parse. */
export function narrowingSelector(value: unknown): LabelSelector | undefined {
  const selector = asLabelSelector(value);
  if (!selector || labelSelectorProblems(value).length > 0) return undefined;
  const narrows =
    Object.keys(record(selector.matchLabels)).length > 0 ||
    (Array.isArray(selector.matchExpressions) && selector.matchExpressions.length > 0);
  return narrows ? selector : undefined;
}

/**
 * The HelmReleases (besides Cilium's) whose charts may make Services this check cannot see, in
 * words for a message (empty when there are none). Computed once per rule run.
 */
export function unseenChartServices(model: InfraModel): string {
  const cilium = model.helmRelease.manifest;
  const charts = (model.manifests ?? []).filter(
    (manifest) =>
      manifest.kind === "HelmRelease" &&
      manifest.apiVersion.startsWith("helm.toolkit.fluxcd.io/") &&
      !(manifest.name === cilium.name && manifest.namespace === cilium.namespace),
  );
  if (charts.length === 0) return "";
  const named = charts
    .slice(0, 3)
    .map((chart) => `HelmRelease ${chart.namespace ? `${chart.namespace}/` : ""}${chart.name}`)
    .join(", ");
  const more = charts.length > 3 ? ` or ${charts.length - 3} more` : "";
  return ` (a Service that the chart of ${named}${more} makes is not in the repo and not seen here)`;
}

/** What the repo offers a selector, in words: `none of the repo's 2 LoadBalancer Services and 1 Gateway's Service`. */
export function offeredServices(
  services: readonly SelectableService[],
  gateways: readonly SelectableService[],
  unseen: string,
): string {
  const parts = [
    `${services.length} ${services.length === 1 ? "LoadBalancer Service" : "LoadBalancer Services"}`,
    `${gateways.length} ${gateways.length === 1 ? "Gateway's Service" : "Gateways' Services"}`,
  ];
  return `none of the repo's ${parts.join(" and ")}${unseen}`;
}

/** The fix both selector rules give, for the Services meant for the pool or the policy. */
export const SELECTOR_LABELS_FIX =
  "these labels (a Gateway's through spec.infrastructure.labels, which Cilium copies onto its cilium-gateway-<name> Service), or widen the selector.";
