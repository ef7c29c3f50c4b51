// Is a Gateway ready for traffic? Cilium's gateway controller (operator/pkg/gateway-api) sets
// Accepted, and Programmed=True only once the Service `cilium-gateway-<name>` has an LB address
// (else Programmed=False reason=AddressNotAssigned); `status.addresses` copies that address.

import { describeCondition, findCondition, isStale, type WireCondition } from "./condition.ts";
import { fail, pass, type Verdict } from "./verdict.ts";
import type { WireObject } from "./wire-object.ts";

export interface WireGateway extends WireObject {
  spec?: { gatewayClassName?: string };
  status?: {
    addresses?: { type?: string; value: string }[];
    conditions?: WireCondition[];
    listeners?: { name: string; attachedRoutes?: number; conditions?: WireCondition[] }[];
  };
}

export function gatewayAddresses(gateway: WireGateway | undefined): string[] {
  return (gateway?.status?.addresses ?? []).map((address) => address.value);
}

/** Accepted=True, Programmed=True for the current generation, and at least one address. */
export function gatewayProgrammed(gateway: WireGateway | undefined): Verdict<{ addresses: string[] }> {
  if (!gateway) return fail("Gateway not found");
  const generation = gateway.metadata?.generation;
  const accepted = findCondition(gateway.status?.conditions, "Accepted");
  const programmed = findCondition(gateway.status?.conditions, "Programmed");
  const addresses = gatewayAddresses(gateway);
  const where = addresses.length === 0 ? "no address" : `address ${addresses.join(",")}`;
  const seen = `${describeCondition(accepted, "Accepted")}, ${describeCondition(programmed, "Programmed")}, ${where}`;
  for (const [condition, type] of [
    [accepted, "Accepted"],
    [programmed, "Programmed"],
  ] as const) {
    if (isStale(condition, generation)) {
      return fail(
        `${type} is for generation ${condition?.observedGeneration}, object is at ${generation}; ${seen}`,
        { addresses },
      );
    }
  }
  const ok = accepted?.status === "True" && programmed?.status === "True" && addresses.length > 0;
  return ok ? pass(seen, { addresses }) : fail(seen, { addresses });
}
