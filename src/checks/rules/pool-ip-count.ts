// How many addresses each pool gives Services, and what its `cilium.io/IPsTotal` will say — two
// different numbers whenever a cidr block reserves its first and last address, because LB-IPAM
// allocates the reserved addresses to nobody and counts them as used (src/lbipam/pool-counts.ts,
// from cilium/cilium operator/pkg/lbipam/lbipam.go updatePoolCounts/handleNewPool and
// pkg/ipalloc Stats()).

import { isPoolDisabled, reservesFirstLast } from "../../lbipam/pool-blocks.ts";
import { poolCounts } from "../../lbipam/pool-counts.ts";
import { chartFacts } from "../chart-facts.ts";
import type { DocumentedRule } from "../documented-rule.ts";
import type { Finding } from "../finding.ts";
import { atManifest, describeManifest } from "../finding-location.ts";

export const poolIpCount: DocumentedRule = {
  id: "pool-ip-count",
  title:
    "How many IPs each pool gives Services on the pinned version, and the `cilium.io/IPsTotal` it will report",
  severities: ["info"],
  why: 'The two differ: reserved first/last addresses of cidr blocks (the 1.15 default, or allowFirstLastIPs "No") go to no Service, yet LB-IPAM counts them as used, so IPsTotal is the raw size of every block. Knowing both before a cluster exists explains the pool\'s conditions.',
  check(model) {
    const facts = chartFacts(model);
    if (!facts) return [];
    const compat = facts.compat;
    const findings: Finding[] = [];
    for (const pool of model.pools) {
      const counts = poolCounts(pool, compat);
      if (counts.blocks.length === 0) continue;
      const reserves = reservesFirstLast(pool, compat);
      const explicit =
        pool.body.spec && typeof pool.body.spec === "object" && "allowFirstLastIPs" in pool.body.spec;
      const notes = new Set<string>();
      const parts = counts.blocks.map(({ block, size, offered }) => {
        if (block.kind === "cidr" && reserves) {
          notes.add(
            offered === size
              ? `a /${block.range.family === 4 ? "31 or /32" : "127 or /128"} block is never reserved`
              : `first and last IP of each cidr block reserved (${explicit ? 'allowFirstLastIPs: "No"' : `the ${compat.minor} default`})`,
          );
        }
        if (block.kind === "range")
          notes.add("start/stop ranges are used in full (allowFirstLastIPs applies to cidr blocks only)");
        return offered === size ? `${block.text}: ${offered}` : `${block.text}: ${offered} of ${size}`;
      });
      const noteText = notes.size > 0 ? `; ${[...notes].join("; ")}` : "";
      const reported =
        counts.reserved > 0n
          ? `its cilium.io/IPsTotal will say ${counts.ipsTotal}, not ${counts.offered}: LB-IPAM counts the ${counts.reserved} reserved addresses as used (IPsUsed ${counts.reserved} and IPsAvailable ${counts.offered} while no Service holds an IP)`
          : `its cilium.io/IPsTotal will say ${counts.ipsTotal}`;
      findings.push({
        id: "pool-ip-count",
        severity: "info",
        message: `${describeManifest(pool)} offers ${counts.offered} IP${counts.offered === 1n ? "" : "s"} to Services on Cilium ${facts.version.text}${isPoolDisabled(pool) ? " once re-enabled (it is disabled)" : ""} (${parts.join(", ")}${noteText}); ${reported}.`,
        ...atManifest(pool, ["spec", "blocks"]),
      });
    }
    return findings;
  },
};
