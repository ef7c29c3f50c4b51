// A pool whose serviceSelector selects none of the Services LB-IPAM would give an address — the
// repo's LoadBalancer Services of no class or Cilium's (operator/pkg/lbipam ignores the others)
// and the Services Cilium makes for its Gateways — hands out nothing the repo has. A warning: a
// chart's Service, or one made by hand, may carry the labels.

import { describeSelector, selectorMatches } from "../../k8s/label-selector.ts";
import { isPoolDisabled, poolSpec } from "../../lbipam/pool-blocks.ts";
import { chartFacts } from "../chart-facts.ts";
import type { DocumentedRule } from "../documented-rule.ts";
import type { Finding } from "../finding.ts";
import { atManifest, describeManifest } from "../finding-location.ts";
import { lbIpamServices } from "../lb-services.ts";
import {
  gatewayServices,
  narrowingSelector,
  offeredServices,
  SELECTOR_LABELS_FIX,
  selectableService,
  unseenChartServices,
} from "../selectable-services.ts";

export const poolSelectsServices: DocumentedRule = {
  id: "pool-selects-no-service",
  title:
    "A pool's `serviceSelector` selects some Service of the repo (a LoadBalancer Service or a Gateway's)",
  severities: ["warning"],
  why: "LB-IPAM gives a pool's addresses only to the Services its selector matches: a selector that matches none of the repo's Services (nor the cilium-gateway-<name> Services Cilium labels from a Gateway's spec.infrastructure.labels) leaves the pool unused, and a Service meant for it stays <pending> or takes another pool's address.",
  check(model) {
    const compat = chartFacts(model)?.compat;
    const services = lbIpamServices(model).map(selectableService);
    const gateways = gatewayServices(model, compat);
    const unseen = unseenChartServices(model);
    const findings: Finding[] = [];
    for (const pool of model.pools) {
      if (isPoolDisabled(pool)) continue;
      const selector = narrowingSelector(poolSpec(pool).serviceSelector);
      if (!selector) continue;
      if ([...services, ...gateways].some((service) => selectorMatches(selector, service.labels))) continue;
      findings.push({
        id: "pool-selects-no-service",
        severity: "warning",
        message: `${describeManifest(pool)}: spec.serviceSelector (${describeSelector(selector)}) selects ${offeredServices(services, gateways, unseen)}: nothing in the repo gets an address from this pool. Give the Services meant for it ${SELECTOR_LABELS_FIX}`,
        ...atManifest(pool, ["spec", "serviceSelector"]),
      });
    }
    return findings;
  },
};
