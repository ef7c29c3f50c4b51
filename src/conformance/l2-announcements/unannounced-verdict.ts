// Is a Service the L2 policy does not select left unannounced? Judged from two looks: probes in
// rounds across the election window (an agent that selected it would take its Lease and answer
// within it: l2-failover-budget.ts electionWindowMs), then a burst once the window is over, which
// decides. An answer during the window that is gone after it is not this Service's announcement:
// LB-IPAM hands a freed address to the next Service at once, and the node that announced the
// address's previous Service drops it only when its agent has seen that Service go — that answer
// becomes a note. An answer after the window is red (an agent announces what no policy selects, or
// an old announcement that never ended: either way two things claim the address).

import type { ArpResponder, ArpVerdict } from "../../probes/arp-verdict.ts";

export interface ArpLook {
  verdict: ArpVerdict;
  replies: readonly ArpResponder[];
  /** Probes sent. */
  sent: number;
}

export interface UnannouncedVerdict {
  ok: boolean;
  /** The failure message's text (names what answered). */
  seen: string;
  /** For a passing case whose address was answered during the window only. */
  note?: string;
}

function who(replies: readonly ArpResponder[], sent: number): string {
  return replies
    .map((reply) => `${reply.mac}${reply.node ? ` (${reply.node})` : ""} in ${reply.count} of ${sent} probes`)
    .join(", ");
}

export function judgeUnannounced(
  ip: string,
  policy: string,
  windowMs: number,
  during: ArpLook,
  after: ArpLook,
): UnannouncedVerdict {
  if (after.verdict !== "none")
    return {
      ok: false,
      seen: `ARP for ${ip} (not selected by ${policy}) still answered after the ${windowMs} ms election window, by ${who(after.replies, after.sent)}${during.verdict === "none" ? "" : `; during it by ${who(during.replies, during.sent)}`}`,
    };
  const seen = `ARP for ${ip} (not selected by ${policy}): no answer after the ${windowMs} ms election window`;
  if (during.verdict === "none") return { ok: true, seen };
  return {
    ok: true,
    seen,
    note: `${ip} was answered during the election window by ${who(during.replies, during.sent)}, and by nobody after it: the announcement of the address's previous Service, still on its node when LB-IPAM gave the address to this one`,
  };
}
