// GatewayClass `cilium` (controllerName io.cilium/gateway-controller) must be Accepted by the
// operator; Helm creates it only when the Gateway API CRDs existed at install time.

import { describeCondition, findCondition, isStale, type WireCondition } from "./condition.ts";
import { CILIUM_GATEWAY_CONTROLLER } from "./httproute-accepted.ts";
import { fail, pass, type Verdict } from "./verdict.ts";
import type { WireObject } from "./wire-object.ts";

export interface WireGatewayClass extends WireObject {
  spec?: { controllerName?: string };
  status?: { conditions?: WireCondition[] };
}

export function gatewayClassAccepted(
  gatewayClass: WireGatewayClass | undefined,
  controllerName: string = CILIUM_GATEWAY_CONTROLLER,
): Verdict {
  if (!gatewayClass) return fail("GatewayClass not found");
  const controller = gatewayClass.spec?.controllerName;
  if (controller !== controllerName)
    return fail(`controllerName ${controller ?? "unset"} (want ${controllerName})`);
  const accepted = findCondition(gatewayClass.status?.conditions, "Accepted");
  const seen = describeCondition(accepted, "Accepted");
  if (isStale(accepted, gatewayClass.metadata?.generation)) {
    return fail(
      `${seen} for generation ${accepted?.observedGeneration}, object is at ${gatewayClass.metadata?.generation}`,
    );
  }
  return accepted?.status === "True" ? pass(seen) : fail(seen);
}
