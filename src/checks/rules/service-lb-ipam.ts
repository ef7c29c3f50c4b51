import {
  clashingPort,
  namespacesMayShare,
  requestedIps,
  type SharingAnnotations,
  sharingAnnotations,
  sharingKeyOf,
} from "../../lbipam/ip-sharing.ts";
import { parseIp } from "../../net/ip-address.ts";
import { rangeIncludes } from "../../net/ip-range.ts";
import type { Manifest } from "../../repo/infra-model.ts";
import { quoteExcerpt } from "../../repo/quote-excerpt.ts";
import { chartFacts } from "../chart-facts.ts";
import type { DocumentedRule } from "../documented-rule.ts";
import type { Finding } from "../finding.ts";
import { atManifest, describeManifest } from "../finding-location.ts";
import { record } from "../gateway-api-objects.ts";
import { CILIUM_LB_CLASSES, lbIpamServices, loadBalancerClassOf, usablePoolRanges } from "../lb-services.ts";

const LEGACY_IPS = "io.cilium/lb-ipam-ips";
const CURRENT_IPS = "lbipam.cilium.io/ips";
const LEGACY_SHARING = "io.cilium/lb-ipam-sharing-key";
const CURRENT_SHARING = "lbipam.cilium.io/sharing-key";

export const serviceLbIpam: DocumentedRule = {
  id: "service-lb-ipam",
  title:
    "LoadBalancer Services' LB-IPAM requests: requested IPs inside a pool, annotation names the version reads, sharing keys without port clashes, a class Cilium handles",
  severities: ["error", "warning", "info"],
  why: "LB-IPAM cannot satisfy an IP outside every pool (the Service stays <pending>), ignores an annotation name the version does not read, gives Services whose shared ports clash separate IPs, and ignores classes that are not Cilium's.",
  emits: [
    "service-lb-ip-outside-pools",
    "service-lb-ipam-annotation",
    "service-sharing-key-port-clash",
    "service-lb-class-not-cilium",
  ],
  check(model) {
    const facts = chartFacts(model);
    const findings: Finding[] = [];
    for (const service of model.services ?? []) {
      const lbClass = loadBalancerClassOf(service);
      if (lbClass !== undefined && !(CILIUM_LB_CLASSES as readonly string[]).includes(lbClass)) {
        findings.push({
          id: "service-lb-class-not-cilium",
          severity: "info",
          message: `${describeManifest(service)} has loadBalancerClass ${quoteExcerpt(lbClass)}: LB-IPAM handles only Services without a class or with ${CILIUM_LB_CLASSES.join(" / ")}, so Cilium gives it no address, sets no condition and no L2 policy announces it. That is right if another controller owns this class; otherwise remove \`loadBalancerClass\`.`,
          ...atManifest(service, ["spec", "loadBalancerClass"]),
        });
      }
    }
    if (!facts) return findings;
    const compat = facts.compat;
    const version = model.helmRelease.version;
    const ranges = usablePoolRanges(model, compat);
    const names = sharingAnnotations(compat);
    const readIps = names.ips;
    const readSharing = names.sharingKeys;
    const handled = lbIpamServices(model);
    for (const service of handled) {
      const name = describeManifest(service);
      const annotations = record(record(service.body.metadata).annotations);
      for (const [legacy, current, read, what] of [
        [LEGACY_IPS, CURRENT_IPS, readIps, "requested IPs"],
        [LEGACY_SHARING, CURRENT_SHARING, readSharing, "sharing key"],
      ] as const) {
        const at = (key: string) => atManifest(service, ["metadata", "annotations", key]);
        if (typeof annotations[current] === "string" && !read.includes(current)) {
          findings.push({
            id: "service-lb-ipam-annotation",
            severity: "warning",
            message: `${name} sets ${current}, which Cilium ${version} does not read (the name arrived in 1.16): its ${what} ${what === "requested IPs" ? "are" : "is"} silently ignored. Use ${legacy} on ${version}; 1.16 and later still read it.`,
            ...at(current),
          });
        } else if (typeof annotations[legacy] === "string" && read.includes(legacy) && legacy !== read[0]) {
          findings.push({
            id: "service-lb-ipam-annotation",
            severity: "warning",
            message: `${name} uses the 1.15 annotation ${legacy}: Cilium ${version} still reads it as an alias, but the current name is ${current}. Rename it (\`${current}: ${quoteExcerpt(annotations[legacy])}\`) before the alias goes away.`,
            ...at(legacy),
          });
        }
      }
      for (const request of requestedIps(service, names)) {
        const address = parseIp(request.text);
        const at = atManifest(service, request.path);
        if (!address) {
          findings.push({
            id: "service-lb-ip-outside-pools",
            severity: "error",
            message: `${name} requests ${quoteExcerpt(request.text)} via ${request.via}, which is not an IP address: LB-IPAM cannot satisfy it and the Service stays <pending>. Write plain addresses, comma-separated.`,
            ...at,
          });
          continue;
        }
        const inPool = ranges.some((range) => rangeIncludes(range, address));
        if (!inPool) {
          const pools = model.pools.map((pool) => describeManifest(pool)).join(", ") || "none";
          findings.push({
            id: "service-lb-ip-outside-pools",
            severity: "error",
            message: `${name} requests ${request.text} via ${request.via}, but no enabled pool can hand it out on ${version} (pools: ${pools}): the Service stays <pending> (condition cilium.io/IPAMRequestSatisfied=False, reason no_pool). Request an address inside a pool, or widen the pool.`,
            ...at,
          });
        }
      }
    }
    findings.push(...sharingClashes(handled, names));
    return findings;
  },
};

/** Services with one sharing key and namespaces that may share, but a port both use with one protocol. */
function sharingClashes(services: readonly Manifest[], names: SharingAnnotations): Finding[] {
  const findings: Finding[] = [];
  const seen: Manifest[] = [];
  for (const service of services) {
    const key = sharingKeyOf(service, names)?.key;
    if (key === undefined) continue;
    for (const other of seen) {
      if (sharingKeyOf(other, names)?.key !== key || !namespacesMayShare(service, other, names)) continue;
      const clash = clashingPort(service, other);
      if (!clash) continue;
      findings.push({
        id: "service-sharing-key-port-clash",
        severity: "warning",
        message: `${describeManifest(service)} shares the sharing key ${quoteExcerpt(key)} with ${describeManifest(other)} (${other.location.file}:${other.location.line}), but both use port ${clash.port}/${clash.protocol}: LB-IPAM shares an IP only between Services whose ports differ, so this one gets its own IP — or, when both request the same IP, none (reason already_allocated_incompatible_service). Use another port, or another sharing key and IP.`,
        ...atManifest(service, ["spec", "ports", clash.index, "port"]),
      });
    }
    seen.push(service);
  }
  return findings;
}
