// Which node the failover test may take away: the Lease holder — unless it is a control-plane node
// (pausing the only API server stops everything, and L2 announcements with it: Cilium #40735) —
// and only when another node the repo's L2 policies select (their nodeSelector, see
// announcing-nodes.ts) can take the Lease over, and another worker can run the echo backend
// (backend-placement.ts keeps it off the paused node). Otherwise the test is skipped with the reason.

import type { NodeInventory } from "../../cluster/run-context.ts";
import type { AnnouncingNodes } from "./announcing-nodes.ts";

export type FailoverPlan =
  | {
      kind: "pause";
      node: string;
      container: string;
      /** Nodes that may take the Lease over. */
      candidates: string[];
      /** Workers the echo backend is moved to. */
      backendNodes: string[];
    }
  | { kind: "skip"; reason: string };

export function planFailover(
  holder: string,
  nodes: NodeInventory,
  announcing: AnnouncingNodes,
): FailoverPlan {
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
  const candidates = announcing.nodes.filter((node) => node !== holder);
  if (candidates.length === 0) {
    const policies = announcing.policies.join(", ") || "no policy";
    return {
      kind: "skip",
      reason:
        `only ${holder} is eligible to announce the Service (the nodeSelector of ${policies} selects no other ` +
        `node of ${nodes.map((node) => node.name).join(", ")}), so no node could take the Lease over`,
    };
  }
  const backendNodes = nodes
    .filter((node) => node.role === "worker" && node.name !== holder)
    .map((n) => n.name);
  if (backendNodes.length === 0) {
    return {
      kind: "skip",
      reason: `no worker other than ${holder} can run the echo backend while ${holder} is paused (run with --nodes 2 or more)`,
    };
  }
  // kind names node containers after the nodes.
  return { kind: "pause", node: holder, container: holder, candidates, backendNodes };
}
