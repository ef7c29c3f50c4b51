// Judges an L2 failover from what was measured: the ARP watch (rounds, changes, overlaps, the
// "paused" mark) and when the Lease moved. Failover time = from the pause to the first ARP round
// answered by exactly the new holder's MAC. Windows with two answering MACs are reported, not
// failed (right after a pause the old responder answers until its agent-liveness mute). A new
// holder that takes the Lease but never answers is reported as such (Cilium #48626).

import type { NodeInventory } from "../../cluster/run-context.ts";
import type { ArpChange, ArpOverlap } from "../../probes/arp-watch-rounds.ts";

export interface FailoverEvidence {
  ip: string;
  pausedNode: string;
  /** Watch time (ms since the watch started) of the pause. */
  pausedAtMs: number;
  changes: readonly ArpChange[];
  overlaps: readonly ArpOverlap[];
  /** MACs answering in the watch's last round. */
  currentMacs: readonly string[];
  /** The live Lease holder after the pause, and when it was first seen, relative to the pause. */
  leaseMove: { holder: string; afterMs: number } | undefined;
  budgetMs: number;
  nodes: NodeInventory;
  /** Nodes the L2 policies select for this Service, other than the paused one (failover-plan.ts). */
  candidates: readonly string[];
}

export interface FailoverResult {
  ok: boolean;
  /** One paragraph: what happened, with figures. */
  message: string;
  newHolder: string | undefined;
  /** Pause → first round answered only by the new holder. */
  failoverMs: number | undefined;
  leaseMovedAfterMs: number | undefined;
  /** Windows (relative to the pause) in which two or more MACs answered. */
  overlapWindows: { fromMs: number; toMs: number; macs: string[] }[];
}

export function judgeFailover(evidence: FailoverEvidence): FailoverResult {
  const macOf = (node: string) => evidence.nodes.find((n) => n.name === node)?.lanMac.toLowerCase();
  const nodeOf = (mac: string) =>
    evidence.nodes.find((n) => n.lanMac.toLowerCase() === mac.toLowerCase())?.name;
  const label = (macs: readonly string[]) =>
    macs.length === 0 ? "nobody" : macs.map((mac) => `${mac} (${nodeOf(mac) ?? "not a node"})`).join(" + ");
  const overlapWindows = evidence.overlaps
    .filter((overlap) => overlap.toMs >= evidence.pausedAtMs)
    .map((overlap) => ({
      fromMs: overlap.fromMs - evidence.pausedAtMs,
      toMs: overlap.toMs - evidence.pausedAtMs,
      macs: overlap.macs,
    }));
  const overlapText =
    overlapWindows.length === 0
      ? "no window with two answering MACs"
      : `two or more MACs answered in ${overlapWindows.map((w) => `${seconds(w.fromMs)}–${seconds(w.toMs)} (${label(w.macs)})`).join(", ")}`;
  const base = { overlapWindows, leaseMovedAfterMs: evidence.leaseMove?.afterMs };
  const budget = seconds(evidence.budgetMs);

  if (!evidence.leaseMove) {
    return {
      ...base,
      ok: false,
      newHolder: undefined,
      failoverMs: undefined,
      message: `no other node took the Lease within ${budget} of pausing ${evidence.pausedNode}; ARP for ${evidence.ip} was last answered by ${label(evidence.currentMacs)}; ${overlapText}`,
    };
  }
  const newHolder = evidence.leaseMove.holder;
  const newMac = macOf(newHolder);
  const moved = `${newHolder} took the Lease ${seconds(evidence.leaseMove.afterMs)} after ${evidence.pausedNode} was paused`;
  if (!evidence.candidates.includes(newHolder)) {
    return {
      ...base,
      ok: false,
      newHolder,
      failoverMs: undefined,
      message: `${moved}, but the L2 policies' nodeSelector does not select ${newHolder} (eligible: ${evidence.candidates.join(", ") || "none"})`,
    };
  }
  if (!newMac) {
    return {
      ...base,
      ok: false,
      newHolder,
      failoverMs: undefined,
      message: `${moved}, but ${newHolder} is not in the node inventory`,
    };
  }
  const afterPause = evidence.changes.filter((change) => change.atMs >= evidence.pausedAtMs);
  const answered = afterPause.find(
    (change) => change.to.length === 1 && change.to[0]?.toLowerCase() === newMac,
  );
  if (!answered) {
    const other = afterPause.find(
      (change) => change.to.length > 0 && !change.to.some((mac) => mac.toLowerCase() === newMac),
    );
    const wrong = other ? `; ARP was answered by ${label(other.to)} instead` : "";
    return {
      ...base,
      ok: false,
      newHolder,
      failoverMs: undefined,
      message:
        `${moved}, but ${newHolder} (${newMac}) never answered ARP for ${evidence.ip} alone within ${budget} ` +
        `(the "new holder never answers" failure, Cilium #48626)${wrong}; last answered by ${label(evidence.currentMacs)}; ${overlapText}`,
    };
  }
  const failoverMs = answered.atMs - evidence.pausedAtMs;
  const within = failoverMs <= evidence.budgetMs;
  return {
    ...base,
    ok: within,
    newHolder,
    failoverMs,
    message: `${moved}; ${newHolder} (${newMac}) answered ARP alone ${seconds(failoverMs)} after the pause (budget ${budget}${within ? "" : ": exceeded"}); ${overlapText}`,
  };
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}
