// The repo's LoadBalancer Services as LB-IPAM and L2 announcements see them. LB-IPAM handles a
// Service with no loadBalancerClass or one of Cilium's classes and ignores the rest
// (operator/pkg/lbipam/lbipam.go); the L2 announcer skips the BGP class.
import type { CiliumCompat } from "../compat/compat-types.ts";
import { allocatableRange, isPoolDisabled, readPoolBlocks } from "../lbipam/pool-blocks.ts";
import type { IpRange } from "../net/ip-range.ts";
import type { InfraModel, Manifest } from "../repo/infra-model.ts";
import { record } from "./gateway-api-objects.ts";

export const CILIUM_LB_CLASSES = ["io.cilium/l2-announcer", "io.cilium/bgp-control-plane"] as const;

export function loadBalancerClassOf(service: Manifest): string | undefined {
  const value = record(service.body.spec).loadBalancerClass;
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** Whether LB-IPAM gives the Service an address (no class, or one of Cilium's). */
export function handledByLbIpam(service: Manifest): boolean {
  const lbClass = loadBalancerClassOf(service);
  return lbClass === undefined || (CILIUM_LB_CLASSES as readonly string[]).includes(lbClass);
}

/** The Services LB-IPAM gives an address to. */
export function lbIpamServices(model: InfraModel): Manifest[] {
  return (model.services ?? []).filter(handledByLbIpam);
}

/** The Services an L2 announcement policy can announce (no class, or the L2 announcer's). */
export function l2AnnouncedServices(model: InfraModel): Manifest[] {
  return (model.services ?? []).filter((service) => {
    const lbClass = loadBalancerClassOf(service);
    return lbClass === undefined || lbClass === "io.cilium/l2-announcer";
  });
}

/** What every enabled pool can hand out on this version (first/last-IP rules applied). */
export function usablePoolRanges(model: InfraModel, compat: CiliumCompat): IpRange[] {
  return model.pools
    .filter((pool) => !isPoolDisabled(pool))
    .flatMap((pool) => readPoolBlocks(pool, compat).blocks.map((block) => allocatableRange(block, compat)))
    .filter((range): range is IpRange => range !== undefined);
}
