import { formatRange, type PoolBlock, readPoolBlocks } from "../../lbipam/pool-blocks.ts";
import { rangeIntersection, rangesOverlap } from "../../net/ip-range.ts";
import { chartFacts } from "../chart-facts.ts";
import type { DocumentedRule } from "../documented-rule.ts";
import type { Finding } from "../finding.ts";
import { atManifest, describeManifest } from "../finding-location.ts";

export const poolOverlap: DocumentedRule = {
  id: "pool-overlap",
  title: "No two blocks overlap, inside one pool or across pools",
  severities: ["error"],
  why: "The operator marks a conflicting pool `cilium.io/PoolConflict=True` (reason cidr_overlap) and allocates nothing from it, not even the addresses that do not overlap.",
  check(model) {
    const compat = chartFacts(model)?.compat;
    const blocks: PoolBlock[] = model.pools.flatMap((pool) => readPoolBlocks(pool, compat).blocks);
    const findings: Finding[] = [];
    for (let later = 0; later < blocks.length; later++) {
      for (let earlier = 0; earlier < later; earlier++) {
        const a = blocks[earlier]!;
        const b = blocks[later]!;
        if (!rangesOverlap(a.range, b.range)) continue;
        const shared = formatRange(rangeIntersection(a.range, b.range)!);
        const samePool = a.pool === b.pool;
        const message = samePool
          ? `${describeManifest(b.pool)}: block ${b.text} overlaps block ${a.text} of the same pool (shared: ${shared}). The operator marks the pool cilium.io/PoolConflict=True (cidr_overlap) and allocates nothing from any of its blocks. Merge the two blocks into one, or make them disjoint.`
          : `${describeManifest(b.pool)}: block ${b.text} overlaps block ${a.text} of ${describeManifest(a.pool)} (shared: ${shared}). The operator marks whichever pool was created later cilium.io/PoolConflict=True (cidr_overlap) and allocates nothing from it. Give each pool its own addresses.`;
        findings.push({ id: "pool-overlap", severity: "error", message, ...atManifest(b.pool, b.path) });
      }
    }
    return findings;
  },
};
