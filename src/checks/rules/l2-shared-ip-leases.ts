// LoadBalancer Services that LB-IPAM puts on one address (src/lbipam/ip-sharing.ts) and that an
// L2 policy announces each get their own Lease, so two nodes can answer ARP for the one address
// (src/lbipam/shared-ip-announcement.ts has the source). Severity error, like the live verdict of
// the repo-contracts suite on such an address (src/conformance/repo-contracts/shared-ip-answer.ts):
// see docs/checks.md.

import {
  announcingNodes,
  type ServiceIdentity,
} from "../../conformance/l2-announcements/announcing-nodes.ts";
import { portsOf, sharedIpGroups, sharingAnnotations, sharingKeyOf } from "../../lbipam/ip-sharing.ts";
import { mergeServicesFix, splitAnnouncerWhy } from "../../lbipam/shared-ip-announcement.ts";
import type { Manifest } from "../../repo/infra-model.ts";
import { quoteExcerpt } from "../../repo/quote-excerpt.ts";
import { chartFacts } from "../chart-facts.ts";
import type { DocumentedRule } from "../documented-rule.ts";
import type { Finding } from "../finding.ts";
import { atManifest, describeManifest } from "../finding-location.ts";
import { record } from "../gateway-api-objects.ts";
import { readBoolean } from "../helm-booleans.ts";
import { l2AnnouncedServices, lbIpamServices } from "../lb-services.ts";
import { stringLabels } from "../selectable-services.ts";

function identityOf(service: Manifest): ServiceIdentity {
  const labels = stringLabels(record(service.body.metadata).labels);
  return { namespace: service.namespace ?? "default", name: service.name, labels };
}

export const l2SharedIpLeases: DocumentedRule = {
  id: "l2-shared-ip-leases",
  title:
    "No LB IP is shared (sharing key) by several LoadBalancer Services that L2 policies announce: each has its own Lease",
  severities: ["error"],
  why: "The L2 announcer elects one node per Service, one Lease each, not per address: the Services' Leases can be won by different nodes and then two MACs answer ARP for the shared IP, so clients flip between nodes (cilium/cilium#48419). One Service with both TCP and UDP ports has one Lease.",
  check(model) {
    const facts = chartFacts(model);
    if (!facts || !readBoolean(model, facts.compat, "l2announcements.enabled").on) return [];
    const names = sharingAnnotations(facts.compat);
    const announceable = new Set(l2AnnouncedServices(model));
    const findings: Finding[] = [];
    for (const group of sharedIpGroups(lbIpamServices(model), names)) {
      const announced = group.services.flatMap((service) => {
        if (!announceable.has(service)) return [];
        const policies = announcingNodes(model.l2Policies, identityOf(service), []).policies;
        return policies.length > 0 ? [{ service, policies }] : [];
      });
      if (announced.length < 2) continue;
      const [first] = announced;
      if (!first) continue;
      const services = announced.map(({ service }) => ({
        namespace: service.namespace ?? "default",
        name: service.name,
        file: service.location.file,
        line: service.location.line,
        ports: portsOf(service).map((port) => `${port.port}/${port.protocol}`),
      }));
      const address = group.ip ?? "one pool address";
      const policies = [...new Set(announced.flatMap(({ policies }) => policies))];
      const byPolicies = `the L2 ${policies.length === 1 ? "policy" : "policies"} ${policies.join(", ")}`;
      const keyAnnotation = sharingKeyOf(first.service, names)?.annotation ?? names.sharingKeys[0] ?? "";
      findings.push({
        id: "l2-shared-ip-leases",
        severity: "error",
        message: `${announced.map(({ service }) => describeManifest(service)).join(" and ")} share ${address} through the sharing key ${quoteExcerpt(group.key)}, and ${byPolicies} ${policies.length === 1 ? "announces" : "announce"} each of them. ${splitAnnouncerWhy(announced.length)} ${mergeServicesFix(services)}`,
        ...atManifest(first.service, ["metadata", "annotations", keyAnnotation]),
      });
    }
    return findings;
  },
};
