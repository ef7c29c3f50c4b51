import { isPoolDisabled } from "../../lbipam/pool-blocks.ts";
import type { DocumentedRule } from "../documented-rule.ts";
import { atManifest, describeManifest } from "../finding-location.ts";

export const poolDisabled: DocumentedRule = {
  id: "pool-disabled",
  title: "Pools with `spec.disabled: true`",
  severities: ["warning"],
  why: "A disabled pool keeps existing allocations but hands out no new IP, so new Services stay <pending>.",
  check(model) {
    return model.pools.filter(isPoolDisabled).map((pool) => ({
      id: "pool-disabled",
      severity: "warning" as const,
      message: `${describeManifest(pool)} is disabled: Services keep the IPs they already have, but no new Service gets one from it (they stay <pending>). Remove \`disabled: true\` if that is not intended.`,
      ...atManifest(pool, ["spec", "disabled"]),
    }));
  },
};
