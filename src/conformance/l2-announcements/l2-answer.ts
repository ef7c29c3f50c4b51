// The L2 promise for one LoadBalancer IP, checked the same way by the L2 and the Gateway suites:
// the Service's Lease (in Cilium's namespace) gets a live holder (wait `l2LeaseHeld`), ARP from
// the LAN client is then answered by exactly one MAC (wait `arpAnswered`: right after the election
// the new holder may still be programming its responder), and that MAC is the holder's
// (arp-holder-verdict.ts).

import type { NodeInventory } from "../../cluster/run-context.ts";
import { leaseHolder } from "../../decisions/l2-lease-holder.ts";
import type { Verdict } from "../../decisions/verdict.ts";
import { ExitCode } from "../../errors.ts";
import type { KubeClient } from "../../k8s/kube-client.ts";
import type { ObjectRef } from "../../k8s/kube-object.ts";
import type { LeaseObject } from "../../k8s/leases.ts";
import { waitForObject } from "../../k8s/wait-for-objects.ts";
import type { WaitBudgets } from "../../plan/wait-budgets.ts";
import { type ArpProbeResult, probeArp } from "../../probes/arp-probe.ts";
import type { StartedLanClient } from "../../probes/lan-client.ts";
import { type WaitResult, waitUntil } from "../../wait/wait-until.ts";
import { arpAnsweredByHolder } from "./arp-holder-verdict.ts";

export interface L2AnswerInput {
  client: KubeClient;
  lan: StartedLanClient;
  ip: string;
  /** The Service's Lease: l2LeaseRef(ciliumNamespace, serviceNamespace, serviceName). */
  lease: ObjectRef;
  nodes: NodeInventory;
  budgets: Pick<WaitBudgets, "l2LeaseHeld" | "arpAnswered">;
}

export interface L2Answer {
  holder: string;
  probe: ArpProbeResult | undefined;
  verdict: Verdict<{ mac: string }>;
}

export async function awaitL2Answer(input: L2AnswerInput): Promise<L2Answer> {
  const held = await waitForObject<LeaseObject, { holder: string }>(input.client, {
    name: "l2LeaseHeld",
    budgetMs: input.budgets.l2LeaseHeld,
    expectation: `Lease ${input.lease.namespace}/${input.lease.name} has no live holder`,
    exitCode: ExitCode.conformanceFailed,
    ref: input.lease,
    judge: (object) => leaseHolder(object, Date.now()),
  });
  const holder = held.value?.holder ?? "";
  const answered = await arpUntilSingle(
    input.lan,
    input.ip,
    input.nodes,
    "arpAnswered",
    input.budgets.arpAnswered,
  );
  const probe = answered.value;
  const verdict = arpAnsweredByHolder(
    { verdict: probe?.verdict ?? "none", replies: probe?.replies ?? [] },
    holder,
    input.nodes,
  );
  return { holder, probe, verdict };
}

/** Probes until exactly one MAC answers ARP for `ip` (a conformance failure when it never does). */
export function arpUntilSingle(
  lan: StartedLanClient,
  ip: string,
  nodes: NodeInventory,
  name: "arpAnswered" | "l2Failover",
  budgetMs: number,
): Promise<WaitResult<ArpProbeResult>> {
  return waitUntil({
    name,
    budgetMs,
    expectation: `not exactly one MAC answering ARP for ${ip}`,
    exitCode: ExitCode.conformanceFailed,
    observe: async () => {
      const probe = await probeArp(lan, ip, { nodes, count: 2, budgetMs: 3000 });
      const seen =
        probe.replies.map((r) => `${r.mac}${r.node ? ` (${r.node})` : ""}`).join(", ") || "no answer";
      return { done: probe.verdict === "single", value: probe, seen: `${probe.verdict}: ${seen}` };
    },
  });
}
