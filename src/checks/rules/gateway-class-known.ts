import { quoteExcerpt } from "../../repo/quote-excerpt.ts";
import { chartFacts } from "../chart-facts.ts";
import type { DocumentedRule } from "../documented-rule.ts";
import type { Finding } from "../finding.ts";
import { atManifest, describeManifest } from "../finding-location.ts";
import { record } from "../gateway-api-objects.ts";

export const gatewayClassKnown: DocumentedRule = {
  id: "gateway-class-known",
  title:
    "Each Gateway's `gatewayClassName` is Cilium's class (`cilium`, or a repo GatewayClass with Cilium's controllerName)",
  severities: ["error", "warning"],
  why: "A Gateway whose class no controller owns is never Accepted nor Programmed and gets no address.",
  check(model) {
    const facts = chartFacts(model);
    if (!facts) return [];
    const cilium = facts.compat.gatewayClass.value;
    const findings: Finding[] = [];
    for (const gateway of model.gateways) {
      const className = record(gateway.body.spec).gatewayClassName;
      const at = atManifest(gateway, ["spec", "gatewayClassName"]);
      const name = describeManifest(gateway);
      if (typeof className !== "string" || className === "") {
        findings.push({
          id: "gateway-class-known",
          severity: "error",
          message: `${name} has no spec.gatewayClassName: the API server rejects it. Set \`gatewayClassName: ${cilium.name}\`.`,
          ...at,
        });
        continue;
      }
      const declared = model.gatewayClasses.find((gatewayClass) => gatewayClass.name === className);
      if (declared) {
        const controller = record(declared.body.spec).controllerName;
        if (controller !== cilium.controllerName) {
          findings.push({
            id: "gateway-class-known",
            severity: "warning",
            message: `${name} uses GatewayClass ${className}, whose controllerName is ${quoteExcerpt(controller)}, not Cilium's ${cilium.controllerName}: Cilium will not program this Gateway, and the conformance suites cannot vouch for it. Use \`gatewayClassName: ${cilium.name}\` if Cilium should serve it.`,
            ...at,
          });
        }
        continue;
      }
      if (className !== cilium.name) {
        findings.push({
          id: "gateway-class-known",
          severity: "error",
          message: `${name} uses gatewayClassName ${quoteExcerpt(className)}, but the repo has no GatewayClass of that name and the Cilium chart only creates ${quoteExcerpt(cilium.name)}: the Gateway is never Accepted and gets no address. Set \`gatewayClassName: ${cilium.name}\`.`,
          ...at,
        });
      }
    }
    return findings;
  },
};
