// From parsed arping lines to the answer the suites ask: who holds the address?
// One MAC = the L2 announcement works; several = a conflict (two nodes, or a LAN device holding
// an address of the pool); none = nobody announces it.

import { type NodeInventory, nodeByMac } from "../cluster/run-context.ts";
import type { ArpingReplyLine } from "./arp-output-parser.ts";

export type ArpVerdict = "single" | "duplicate" | "none";

export interface ArpResponder {
  /** Lower-case, colon-separated. */
  mac: string;
  /** Packets from this MAC that claimed the address (one per probe round when it answers). */
  count: number;
  /** Latency of its first reply after the probe that preceded it; undefined when arping printed none. */
  firstReplyMs: number | undefined;
  /** The kind node owning this MAC, when an inventory was given and it knows the MAC. */
  node?: string;
}

export interface ArpAnswer {
  verdict: ArpVerdict;
  /** Every distinct MAC, in the order they first answered. */
  replies: ArpResponder[];
}

/** Counts the packets that claim `ip` per MAC; packets about other addresses are ignored. */
export function arpAnswerOf(ip: string, lines: readonly ArpingReplyLine[], nodes?: NodeInventory): ArpAnswer {
  const byMac = new Map<string, ArpResponder>();
  for (const line of lines) {
    if (line.ip !== ip) continue;
    const known = byMac.get(line.mac);
    if (known) {
      known.count += 1;
      continue;
    }
    const responder: ArpResponder = { mac: line.mac, count: 1, firstReplyMs: line.latencyMs };
    const node = nodes ? nodeByMac(nodes, line.mac) : undefined;
    if (node) responder.node = node.name;
    byMac.set(line.mac, responder);
  }
  const replies = [...byMac.values()];
  return { verdict: verdictOf(replies.length), replies };
}

export function verdictOf(responderCount: number): ArpVerdict {
  if (responderCount === 0) return "none";
  return responderCount === 1 ? "single" : "duplicate";
}

/**
 * The answer of a burst (arp-burst-command.ts): the MACs any run heard claim `ip`, each counted once
 * per run that heard it (so `count / runs` is 1 for a holder every run heard), in the order they
 * first answered, with the fastest latency seen.
 */
export function arpAnswerOfRuns(
  ip: string,
  runs: readonly (readonly ArpingReplyLine[])[],
  nodes?: NodeInventory,
): ArpAnswer {
  const byMac = new Map<string, ArpResponder>();
  for (const lines of runs) {
    // arpAnswerOf lists each MAC once per run.
    for (const reply of arpAnswerOf(ip, lines, nodes).replies) {
      const known = byMac.get(reply.mac);
      if (!known) {
        byMac.set(reply.mac, { ...reply, count: 1 });
        continue;
      }
      known.count += 1;
      if (reply.firstReplyMs !== undefined) {
        known.firstReplyMs = Math.min(known.firstReplyMs ?? reply.firstReplyMs, reply.firstReplyMs);
      }
    }
  }
  const replies = [...byMac.values()];
  return { verdict: verdictOf(replies.length), replies };
}
