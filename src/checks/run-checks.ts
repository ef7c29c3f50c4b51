// Runs every static rule over the repo model. A rule that throws becomes one error finding
// naming the rule: a bug in one rule must never hide the others' findings or crash `check`.
import type { InfraModel } from "../repo/infra-model.ts";
import type { DocumentedRule } from "./documented-rule.ts";
import type { CheckContext, CheckRule, Finding } from "./finding.ts";
import { chartVersionKnown } from "./rules/chart-version-known.ts";
import { featurePrerequisites } from "./rules/feature-prerequisites.ts";
import { fluxBuild } from "./rules/flux-build.ts";
import { gatewayAddressInPool } from "./rules/gateway-address-in-pool.ts";
import { gatewayClassKnown } from "./rules/gateway-class-known.ts";
import { gatewayListeners } from "./rules/gateway-listeners.ts";
import { httpRouteHostnames } from "./rules/httproute-hostnames.ts";
import { httpRouteParentRefs } from "./rules/httproute-parent-refs.ts";
import { k8sServiceEndpoint } from "./rules/k8s-service-endpoint.ts";
import { k8sServiceHostResolvable } from "./rules/k8s-service-host-resolvable.ts";
import { kubeProxyReplacementForm } from "./rules/kube-proxy-replacement-form.ts";
import { l2ClientRateLimit } from "./rules/l2-client-rate-limit.ts";
import { l2LeaseTimings } from "./rules/l2-lease-timings.ts";
import { l2PolicyAnnouncesNothing } from "./rules/l2-policy-announces-nothing.ts";
import { l2PolicyApiVersion } from "./rules/l2-policy-api-version.ts";
import { l2PolicyDevices } from "./rules/l2-policy-devices.ts";
import { l2PolicyInterfaces } from "./rules/l2-policy-interfaces.ts";
import { l2PolicyPresent } from "./rules/l2-policy-present.ts";
import { l2PolicySelectors } from "./rules/l2-policy-selectors.ts";
import { l2PolicySelectsServices } from "./rules/l2-policy-selects-services.ts";
import { l2SharedIpLeases } from "./rules/l2-shared-ip-leases.ts";
import { lbIpamPoolPresent } from "./rules/lb-ipam-pool-present.ts";
import { poolApiVersion } from "./rules/pool-api-version.ts";
import { poolBlockSyntax } from "./rules/pool-block-syntax.ts";
import { poolCidrsField } from "./rules/pool-cidrs-field.ts";
import { poolDisabled } from "./rules/pool-disabled.ts";
import { poolIpCount } from "./rules/pool-ip-count.ts";
import { poolLanCollisions } from "./rules/pool-lan-collisions.ts";
import { poolNodeAddresses } from "./rules/pool-node-addresses.ts";
import { poolOverlap } from "./rules/pool-overlap.ts";
import { poolSelectsServices } from "./rules/pool-selects-services.ts";
import { poolServiceSelector } from "./rules/pool-service-selector.ts";
import { promisedCapabilityOff } from "./rules/promised-capability-off.ts";
import { removedValuesKey } from "./rules/removed-values-key.ts";
import { serviceLbIpam } from "./rules/service-lb-ipam.ts";
import { targetNamespaceExists } from "./rules/target-namespace-exists.ts";
import { valuesKeyUnknown } from "./rules/values-key-unknown.ts";
import { valuesLayerUnread } from "./rules/values-layer-unread.ts";
import { valuesSchemaTypes } from "./rules/values-schema-types.ts";

/** Every rule, in the order of docs/checks.md: values, pools, L2 policies, Gateway API. */
export const documentedRules: readonly DocumentedRule[] = [
  chartVersionKnown,
  fluxBuild,
  targetNamespaceExists,
  valuesLayerUnread,
  promisedCapabilityOff,
  kubeProxyReplacementForm,
  k8sServiceEndpoint,
  k8sServiceHostResolvable,
  featurePrerequisites,
  valuesSchemaTypes,
  removedValuesKey,
  valuesKeyUnknown,
  l2ClientRateLimit,
  l2LeaseTimings,
  lbIpamPoolPresent,
  poolApiVersion,
  poolCidrsField,
  poolBlockSyntax,
  poolOverlap,
  poolIpCount,
  poolLanCollisions,
  poolNodeAddresses,
  poolDisabled,
  poolServiceSelector,
  poolSelectsServices,
  l2PolicyPresent,
  l2PolicyApiVersion,
  l2PolicyAnnouncesNothing,
  l2PolicyInterfaces,
  l2PolicyDevices,
  l2PolicySelectors,
  l2PolicySelectsServices,
  gatewayClassKnown,
  gatewayListeners,
  httpRouteParentRefs,
  httpRouteHostnames,
  gatewayAddressInPool,
  serviceLbIpam,
  l2SharedIpLeases,
];

export const checkRules: readonly CheckRule[] = documentedRules;

export const INTERNAL_RULE_ERROR = "internal-rule-error";

export function runChecks(
  model: InfraModel,
  rules: readonly CheckRule[] = checkRules,
  context: CheckContext = {},
): Finding[] {
  const findings: Finding[] = [];
  for (const rule of rules) {
    try {
      findings.push(...rule.check(model, context));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      findings.push({
        id: INTERNAL_RULE_ERROR,
        severity: "error",
        message: `Rule ${rule.id} crashed (${reason}); its checks did not run. This is a bug in cilium-conformance, not in your repo: please report it with the file it points at.`,
        file: model.helmRelease.manifest.location.file,
        line: model.helmRelease.manifest.location.line,
      });
    }
  }
  return findings.sort(compareFindings);
}

export function compareFindings(a: Finding, b: Finding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.line !== b.line) return a.line - b.line;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
