import { isPoolDisabled } from "../../lbipam/pool-blocks.ts";
import type { DocumentedRule } from "../documented-rule.ts";

export const lbIpamPoolPresent: DocumentedRule = {
  id: "lb-ipam-pool-present",
  title: "LB-IPAM is promised and the repo has at least one enabled pool",
  severities: ["error"],
  why: "LB-IPAM stays dormant without a pool: every LoadBalancer Service, Gateways included, stays <pending>.",
  check(model) {
    if (!model.config.promises.lbIpam) return [];
    if (model.pools.some((pool) => !isPoolDisabled(pool))) return [];
    const file = model.config.file ?? model.helmRelease.manifest.location.file;
    const line = model.config.file ? 1 : model.helmRelease.manifest.location.line;
    const what =
      model.pools.length === 0
        ? `no CiliumLoadBalancerIPPool was found (looked under ${model.config.paths.scan.join(", ") || "the repo"})`
        : "every CiliumLoadBalancerIPPool is disabled";
    return [
      {
        id: "lb-ipam-pool-present",
        severity: "error",
        message: `LB-IPAM is promised but ${what}: LoadBalancer Services and Gateways will never get an address. Add a pool (e.g. ${model.config.paths.pool}) with \`blocks: [{ start: …, stop: … }]\` inside your LAN.`,
        file,
        line,
      },
    ];
  },
};
