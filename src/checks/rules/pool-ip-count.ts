import {
  allocatableRange,
  isPoolDisabled,
  readPoolBlocks,
  reservesFirstLast,
} from "../../lbipam/pool-blocks.ts";
import { rangeSize } from "../../net/ip-range.ts";
import { chartFacts } from "../chart-facts.ts";
import type { DocumentedRule } from "../documented-rule.ts";
import type { Finding } from "../finding.ts";
import { atManifest, describeManifest } from "../finding-location.ts";

export const poolIpCount: DocumentedRule = {
  id: "pool-ip-count",
  title: "How many IPs each pool offers on the pinned version (first/last-IP rules applied)",
  severities: ["error", "info"],
  why: "Whether the first and last IP of a cidr block are handed out changed in 1.16; the count shows what `cilium.io/IPsTotal` will say before a cluster exists.",
  check(model) {
    const facts = chartFacts(model);
    if (!facts) return [];
    const compat = facts.compat;
    const findings: Finding[] = [];
    for (const pool of model.pools) {
      const { blocks } = readPoolBlocks(pool, compat);
      if (blocks.length === 0) continue;
      const reserves = reservesFirstLast(pool, compat);
      const explicit =
        pool.body.spec && typeof pool.body.spec === "object" && "allowFirstLastIPs" in pool.body.spec;
      let total = 0n;
      const parts: string[] = [];
      const notes = new Set<string>();
      for (const block of blocks) {
        const usable = allocatableRange(block, compat);
        const count = usable ? rangeSize(usable) : 0n;
        total += count;
        parts.push(`${block.text}: ${count}`);
        if (block.kind === "cidr" && reserves) {
          if (rangeSize(block.range) < BigInt(compat.firstLastReservationMinAddresses.value)) {
            notes.add(`a /${block.range.family === 4 ? "31 or /32" : "127 or /128"} block is never reserved`);
          } else {
            notes.add(
              `first and last IP of each cidr block reserved (${explicit ? 'allowFirstLastIPs: "No"' : `the ${compat.minor} default`})`,
            );
          }
        }
        if (block.kind === "range")
          notes.add("start/stop ranges are used in full (allowFirstLastIPs applies to cidr blocks only)");
      }
      const noteText = notes.size > 0 ? `; ${[...notes].join("; ")}` : "";
      if (total === 0n) {
        findings.push({
          id: "pool-ip-count",
          severity: "error",
          message: `${describeManifest(pool)} offers 0 IPs on Cilium ${facts.version.text} (${parts.join(", ")}${noteText}): Services it selects stay <pending>. Widen the blocks.`,
          ...atManifest(pool, ["spec", "blocks"]),
        });
        continue;
      }
      findings.push({
        id: "pool-ip-count",
        severity: "info",
        message: `${describeManifest(pool)} offers ${total} IP${total === 1n ? "" : "s"} on Cilium ${facts.version.text}${isPoolDisabled(pool) ? " once re-enabled (it is disabled)" : ""} (${parts.join(", ")}${noteText}).`,
        ...atManifest(pool, ["spec", "blocks"]),
      });
    }
    return findings;
  },
};
