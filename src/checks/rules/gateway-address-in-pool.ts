import { parseIp } from "../../net/ip-address.ts";
import { rangeIncludes } from "../../net/ip-range.ts";
import { quoteExcerpt } from "../../repo/quote-excerpt.ts";
import { chartFacts } from "../chart-facts.ts";
import type { DocumentedRule } from "../documented-rule.ts";
import type { Finding } from "../finding.ts";
import { atManifest, describeManifest } from "../finding-location.ts";
import { record } from "../gateway-api-objects.ts";
import { annotatedIpRequests, type IpRequest } from "../lb-ip-requests.ts";
import { usablePoolRanges } from "../lb-services.ts";

export const gatewayAddressInPool: DocumentedRule = {
  id: "gateway-address-in-pool",
  title:
    "A Gateway that asks for a specific IP (spec.addresses or the LB-IPAM annotation) asks for one an enabled pool can give",
  severities: ["error"],
  why: "LB-IPAM cannot satisfy an IP outside every pool: the Gateway's Service stays <pending> and the Gateway is never Programmed (AddressNotAssigned).",
  check(model) {
    const facts = chartFacts(model);
    if (!facts) return [];
    const compat = facts.compat;
    const usable = usablePoolRanges(model, compat);
    const annotationNames = [compat.ipsAnnotation.value, ...compat.ipsAnnotationLegacy.value];
    const findings: Finding[] = [];
    for (const gateway of model.gateways) {
      const spec = record(gateway.body.spec);
      const requested: IpRequest[] = [];
      if (Array.isArray(spec.addresses)) {
        for (const [index, item] of spec.addresses.entries()) {
          const address = record(item);
          if ((address.type ?? "IPAddress") !== "IPAddress" || typeof address.value !== "string") continue;
          requested.push({
            text: address.value,
            path: ["spec", "addresses", index, "value"],
            via: "spec.addresses",
          });
        }
      }
      requested.push(
        ...annotatedIpRequests(record(record(spec.infrastructure).annotations), annotationNames, [
          "spec",
          "infrastructure",
          "annotations",
        ]),
      );
      for (const request of requested) {
        const at = atManifest(gateway, request.path);
        const address = parseIp(request.text);
        if (!address) {
          findings.push({
            id: "gateway-address-in-pool",
            severity: "error",
            message: `${describeManifest(gateway)} requests ${quoteExcerpt(request.text)} via ${request.via}, which is not an IP address: LB-IPAM cannot satisfy it and the Gateway gets no address. Write a plain address such as 192.168.5.40.`,
            ...at,
          });
          continue;
        }
        const inPool = usable.some((range) => rangeIncludes(range, address));
        if (!inPool) {
          const pools = model.pools.map((pool) => describeManifest(pool)).join(", ") || "none";
          findings.push({
            id: "gateway-address-in-pool",
            severity: "error",
            message: `${describeManifest(gateway)} requests ${request.text} via ${request.via}, but no enabled pool can hand it out (pools: ${pools}): its Service cilium-gateway-${gateway.name} stays <pending> and the Gateway is never Programmed (AddressNotAssigned). Request an address inside a pool, or widen the pool.`,
            ...at,
          });
        }
      }
    }
    return findings;
  },
};
