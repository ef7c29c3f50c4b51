// The address ranges a CiliumLoadBalancerIPPool hands out, read from its manifest: `blocks[]`
// entries of `{cidr}` or `{start, stop}`, and the 1.15-only `cidrs[]`. Used to keep docker's
// address range away from the pool.

import { parseIp } from "../net/ip-address.ts";
import { type IpRange, parseCidr, rangeOf } from "../net/ip-range.ts";
import type { Manifest } from "../repo/infra-model.ts";

export interface PoolBlock {
  pool: string;
  /** As written: `192.168.5.0/24` or `192.168.5.30-192.168.5.255`. */
  text: string;
  range: IpRange;
  /** Line of the block in the pool's file. */
  line: number;
  file: string;
}

/** Every parseable block of every pool; unparseable blocks are the static checks' business. */
export function poolBlocks(pools: readonly Manifest[]): PoolBlock[] {
  const blocks: PoolBlock[] = [];
  for (const pool of pools) {
    const spec = asRecord(pool.body.spec);
    for (const field of ["blocks", "cidrs"] as const) {
      const entries = Array.isArray(spec?.[field]) ? (spec[field] as unknown[]) : [];
      entries.forEach((entry, index) => {
        const block = blockOf(asRecord(entry));
        if (!block) return;
        blocks.push({
          pool: pool.name,
          ...block,
          line: pool.lineOf(["spec", field, index]),
          file: pool.location.file,
        });
      });
    }
  }
  return blocks;
}

function blockOf(entry: Record<string, unknown> | undefined): { text: string; range: IpRange } | undefined {
  if (!entry) return undefined;
  if (typeof entry.cidr === "string") {
    const cidr = parseCidr(entry.cidr);
    return cidr ? { text: entry.cidr, range: cidr } : undefined;
  }
  if (typeof entry.start === "string") {
    const start = parseIp(entry.start);
    // A block with only `start` is a single address in Cilium.
    const stop = typeof entry.stop === "string" ? parseIp(entry.stop) : start;
    if (!start || !stop) return undefined;
    const range = rangeOf(start, stop);
    const text = typeof entry.stop === "string" ? `${entry.start}-${entry.stop}` : entry.start;
    return range ? { text, range } : undefined;
  }
  return undefined;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
