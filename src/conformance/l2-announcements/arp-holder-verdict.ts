// The L2 promise on the wire: exactly one MAC answers ARP for the Service IP, and it is the LAN
// MAC of the node holding the Service's Lease.

import type { NodeInventory } from "../../cluster/run-context.ts";
import { fail, pass, type Verdict } from "../../decisions/verdict.ts";
import type { ArpResponder, ArpVerdict } from "../../probes/arp-verdict.ts";

export interface ArpAnswerSummary {
  verdict: ArpVerdict;
  replies: readonly ArpResponder[];
}

function who(replies: readonly ArpResponder[]): string {
  return replies
    .map((reply) => `${reply.mac}${reply.node ? ` (${reply.node})` : " (not a node)"}`)
    .join(", ");
}

export function arpAnsweredByHolder(
  answer: ArpAnswerSummary,
  holder: string,
  nodes: NodeInventory,
): Verdict<{ mac: string }> {
  const holderMac = nodes.find((node) => node.name === holder)?.lanMac.toLowerCase();
  if (!holderMac)
    return fail(
      `the Lease holder ${holder} is not in the node inventory (${nodes.map((n) => n.name).join(", ")})`,
    );
  if (answer.verdict === "none")
    return fail(`no ARP answer; the Lease holder ${holder} has MAC ${holderMac}`);
  if (answer.verdict === "duplicate")
    return fail(
      `${answer.replies.length} MACs answered: ${who(answer.replies)}; the Lease holder is ${holder} (${holderMac})`,
    );
  const mac = answer.replies[0]?.mac.toLowerCase() ?? "";
  const seen = `answered by ${who(answer.replies)}; Lease holder ${holder} (${holderMac})`;
  return mac === holderMac ? pass(seen, { mac }) : fail(seen, { mac });
}
