// Is a LoadBalancer Service satisfied by LB-IPAM? Cilium's operator writes the condition
// `cilium.io/IPAMRequestSatisfied` (operator/pkg/lbipam/lbipam.go) and the IPs into
// `.status.loadBalancer.ingress[].ip`. The condition type comes from the compat table
// (serviceConditionType); the default is the name every supported minor uses.

import { describeCondition, findCondition, type WireCondition } from "./condition.ts";
import { fail, pass, type Verdict } from "./verdict.ts";
import type { WireObject } from "./wire-object.ts";

export const IPAM_CONDITION_TYPE = "cilium.io/IPAMRequestSatisfied";

export interface WireService extends WireObject {
  spec?: { type?: string; loadBalancerClass?: string; loadBalancerIP?: string };
  status?: {
    conditions?: WireCondition[];
    loadBalancer?: { ingress?: { ip?: string; hostname?: string; ipMode?: string }[] };
  };
}

export interface ServiceIpamOptions {
  conditionType?: string;
}

/** The IPs Cilium wrote into the Service's status, in order. */
export function ingressIps(service: WireService | undefined): string[] {
  const ingress = service?.status?.loadBalancer?.ingress ?? [];
  return ingress.flatMap((entry) => (entry.ip ? [entry.ip] : []));
}

/**
 * The Service has an address, whatever LB-IPAM's condition says: what a suite that only needs the
 * address (L2 announcements) waits for, so an LB-IPAM condition defect is the LB-IPAM suite's red,
 * not every L2 case's. The condition is still shown.
 */
export function serviceHasIp(
  service: WireService | undefined,
  options: ServiceIpamOptions = {},
): Verdict<{ ips: string[] }> {
  if (!service) return fail("Service not found");
  const type = options.conditionType ?? IPAM_CONDITION_TYPE;
  const ips = ingressIps(service);
  const seen = `${describeIps(ips)} (${describeCondition(findCondition(service.status?.conditions, type), type)})`;
  return ips.length > 0 ? pass(seen, { ips }) : fail(seen, { ips });
}

/** Satisfied = the IPAM condition is True and at least one ingress IP is set. */
export function serviceIpamSatisfied(
  service: WireService | undefined,
  options: ServiceIpamOptions = {},
): Verdict<{ ips: string[] }> {
  if (!service) return fail("Service not found");
  const type = options.conditionType ?? IPAM_CONDITION_TYPE;
  const condition = findCondition(service.status?.conditions, type);
  const ips = ingressIps(service);
  const seen = `${describeCondition(condition, type)}, ${describeIps(ips)}`;
  if (condition?.status === "True" && ips.length > 0) return pass(seen, { ips });
  return fail(seen, { ips });
}

/**
 * The Service's request was refused: the condition is False (with `expectedReason` when given)
 * and no IP was handed out. A refusal WITH an IP is not a refusal (a stale IP is a bug to report).
 */
export function serviceIpamRefused(
  service: WireService | undefined,
  options: ServiceIpamOptions & { expectedReason?: string } = {},
): Verdict<{ reason: string | undefined }> {
  if (!service) return fail("Service not found");
  const type = options.conditionType ?? IPAM_CONDITION_TYPE;
  const condition = findCondition(service.status?.conditions, type);
  const ips = ingressIps(service);
  const seen = `${describeCondition(condition, type)}, ${describeIps(ips)}`;
  const refused = condition?.status === "False" && ips.length === 0;
  const reasonMatches = options.expectedReason === undefined || condition?.reason === options.expectedReason;
  return refused && reasonMatches
    ? pass(seen, { reason: condition?.reason })
    : fail(seen, { reason: condition?.reason });
}

function describeIps(ips: readonly string[]): string {
  return ips.length === 0 ? "no ingress IP" : `ingress ${ips.join(",")}`;
}
