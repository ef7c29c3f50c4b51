// Two Services with one sharing key must end up on the same LB IP (and each be satisfied).

import { ingressIps, type WireService } from "../../decisions/lb-service-ip.ts";
import { fail, pass, type Verdict } from "../../decisions/verdict.ts";

export function sharedIpVerdict(
  a: WireService | undefined,
  b: WireService | undefined,
): Verdict<{ ip: string }> {
  const ipsA = ingressIps(a);
  const ipsB = ingressIps(b);
  const seen = `${a?.metadata?.name ?? "first"}: ${ipsA.join(",") || "no IP"}; ${b?.metadata?.name ?? "second"}: ${ipsB.join(",") || "no IP"}`;
  const common = ipsA.find((ip) => ipsB.includes(ip));
  return common ? pass(seen, { ip: common }) : fail(seen);
}
