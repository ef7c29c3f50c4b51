// What the upgrade preview reports: findings like the static checks' (id, severity, message with
// the fix, file:line), grouped into categories that become the JUnit test cases.

import type { Finding } from "../checks/finding.ts";

export const UPGRADE_CATEGORIES = [
  { id: "versions", title: "Version step (downgrade, skipped minors, upgradeCompatibility)" },
  { id: "values-keys", title: "Values keys the candidate chart does not have (Helm ignores them)" },
  { id: "values-schema", title: "Values types against the candidate chart's values.schema.json" },
  { id: "kube-proxy-replacement", title: "kubeProxyReplacement forms the candidate accepts" },
  { id: "pool-api", title: "CiliumLoadBalancerIPPool apiVersion and fields the candidate serves" },
  { id: "annotations", title: "LB-IPAM annotation names the candidate reads" },
  { id: "l2-announcements", title: "L2 announcement policy and behaviour changes" },
  { id: "gateway-api", title: "Gateway API CRD version the candidate requires (upgrade the CRDs first)" },
] as const;

export type UpgradeCategory = (typeof UPGRADE_CATEGORIES)[number]["id"];

export interface UpgradeFinding extends Finding {
  category: UpgradeCategory;
}
