// Which node the failover test may take away: the Lease holder, unless it is a control-plane node
// (pausing the only API server stops everything, and L2 announcements with it: Cilium #40735),
// and only when another node can take over.

import type { NodeInventory } from "../../cluster/run-context.ts";

export type FailoverPlan =
  | { kind: "pause"; node: string; container: string; candidates: string[] }
  | { kind: "skip"; reason: string };

export function planFailover(holder: string, nodes: NodeInventory): FailoverPlan {
  const entry = nodes.find((node) => node.name === holder);
  if (!entry)
    return { kind: "skip", reason: `the Lease holder ${holder} is not a node of this run's inventory` };
  if (entry.role === "control-plane") {
    return {
      kind: "skip",
      reason:
        `the Lease holder ${holder} is the control-plane node: pausing it would stop the API server and the ` +
        "Lease elections with it (Cilium #40735), so failover cannot be tested; give the L2 policy a nodeSelector " +
        "that excludes the control plane (as the homelab does) to test it",
    };
  }
  const candidates = nodes
    .filter((node) => node.name !== holder && node.role === "worker")
    .map((node) => node.name);
  if (candidates.length === 0) {
    return {
      kind: "skip",
      reason: `no other worker than ${holder} could take the Lease over (run with --nodes 2 or more)`,
    };
  }
  // kind names node containers after the nodes.
  return { kind: "pause", node: holder, container: holder, candidates };
}
