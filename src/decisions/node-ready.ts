// Node readiness: condition Ready=True. Without a CNI (before Cilium is installed) kind nodes are
// Ready=False reason KubeletNotReady, so this is only waited for after the install.

import { describeCondition, findCondition, type WireCondition } from "./condition.ts";
import { fail, pass, type Verdict } from "./verdict.ts";
import type { WireObject } from "./wire-object.ts";

export interface WireNode extends WireObject {
  spec?: { unschedulable?: boolean };
  status?: { conditions?: WireCondition[] };
}

export function nodeReady(node: WireNode | undefined): Verdict {
  if (!node) return fail("Node not found");
  const ready = findCondition(node.status?.conditions, "Ready");
  const seen = `${node.metadata?.name ?? "node"}: ${describeCondition(ready, "Ready")}`;
  return ready?.status === "True" ? pass(seen) : fail(seen);
}

/** All `expected` nodes are present and Ready (names from the node inventory). */
export function nodesReady(
  nodes: readonly WireNode[],
  expected: readonly string[],
): Verdict<{ ready: string[] }> {
  const byName = new Map(nodes.map((node) => [node.metadata?.name ?? "", node]));
  const ready: string[] = [];
  const problems: string[] = [];
  for (const name of expected) {
    const node = byName.get(name);
    const verdict = nodeReady(node);
    if (verdict.ok) ready.push(name);
    else problems.push(node ? verdict.seen : `${name}: not registered`);
  }
  if (problems.length > 0)
    return fail(`${ready.length}/${expected.length} Ready; ${problems.join("; ")}`, { ready });
  return pass(`${ready.length}/${expected.length} nodes Ready`, { ready });
}
