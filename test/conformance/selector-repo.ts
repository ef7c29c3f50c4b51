// A repo model with one pool and one L2 policy, each with an optional selector (YAML lines), for
// the suites' label derivations.

import type { InfraModel } from "../../src/repo/infra-model.ts";
import { buildModel, L2_FILE, POOL_FILE } from "../checks/model-builder.ts";

export const poolWith = (selector = "") => `apiVersion: cilium.io/v2
kind: CiliumLoadBalancerIPPool
metadata:
  name: pool
spec:
${selector}  blocks:
    - start: 192.168.5.30
      stop: 192.168.5.40
`;

export const policyWith = (
  selector = "",
  announces = "  loadBalancerIPs: true\n",
) => `apiVersion: cilium.io/v2alpha1
kind: CiliumL2AnnouncementPolicy
metadata:
  name: l2
spec:
${selector}${announces}`;

export function selectorRepo(poolSelector: string, policySelector: string, announces?: string): InfraModel {
  return buildModel({
    files: { [POOL_FILE]: poolWith(poolSelector), [L2_FILE]: policyWith(policySelector, announces) },
  });
}
