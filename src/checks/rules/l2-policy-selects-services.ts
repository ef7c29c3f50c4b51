// An L2 announcement policy whose serviceSelector selects none of the Services the repo makes —
// its LoadBalancer Services (of no class or the L2 announcer's: pkg/l2announcer skips other
// classes), the Services Cilium makes for its Gateways, and, when it announces externalIPs, the
// Services with spec.externalIPs — announces nothing the repo has: no node answers ARP for any of
// the repo's addresses. A warning: a chart's Service, or one made by hand, may carry the labels.

import { describeSelector, selectorMatches } from "../../k8s/label-selector.ts";
import { chartFacts } from "../chart-facts.ts";
import type { DocumentedRule } from "../documented-rule.ts";
import type { Finding } from "../finding.ts";
import { atManifest, describeManifest } from "../finding-location.ts";
import { record } from "../gateway-api-objects.ts";
import { l2AnnouncedServices } from "../lb-services.ts";
import {
  gatewayServices,
  narrowingSelector,
  offeredServices,
  SELECTOR_LABELS_FIX,
  selectableService,
  unseenChartServices,
} from "../selectable-services.ts";

export const l2PolicySelectsServices: DocumentedRule = {
  id: "l2-policy-selects-no-service",
  title:
    "An L2 policy's `serviceSelector` selects some Service of the repo (a LoadBalancer Service or a Gateway's)",
  severities: ["warning"],
  why: "The L2 announcer answers ARP only for the Services a policy selects: a selector that matches none of the repo's Services (nor the cilium-gateway-<name> Services Cilium labels from a Gateway's spec.infrastructure.labels) announces nothing, and the LAN cannot reach any address.",
  check(model) {
    const compat = chartFacts(model)?.compat;
    const announced = l2AnnouncedServices(model).map(selectableService);
    const withExternalIps = (model.allServices ?? [])
      .filter((service) => {
        const external = record(service.body.spec).externalIPs;
        return Array.isArray(external) && external.length > 0;
      })
      .map(selectableService);
    const gatewaysOf = gatewayServices(model, compat);
    const unseen = unseenChartServices(model);
    const findings: Finding[] = [];
    for (const policy of model.l2Policies) {
      const spec = record(policy.body.spec);
      const selector = narrowingSelector(spec.serviceSelector);
      const lbIps = spec.loadBalancerIPs === true;
      if (!selector || (!lbIps && spec.externalIPs !== true)) continue;
      const services = [...(lbIps ? announced : []), ...(spec.externalIPs === true ? withExternalIps : [])];
      const gateways = lbIps ? gatewaysOf : [];
      if ([...services, ...gateways].some((service) => selectorMatches(selector, service.labels))) continue;
      findings.push({
        id: "l2-policy-selects-no-service",
        severity: "warning",
        message: `${describeManifest(policy)}: spec.serviceSelector (${describeSelector(selector)}) selects ${offeredServices(services, gateways, unseen)}: nothing in the repo is announced, so no node answers ARP for its addresses. Give the Services that must be reachable from the LAN ${SELECTOR_LABELS_FIX}`,
        ...atManifest(policy, ["spec", "serviceSelector"]),
      });
    }
    return findings;
  },
};
