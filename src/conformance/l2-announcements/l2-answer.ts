// The L2 promise for one LoadBalancer IP, checked the same way by the L2, the Gateway and the
// repo-contracts suites: the Service's Lease (in Cilium's namespace) gets a live holder (wait
// `l2LeaseHeld`), ARP from the LAN client is then answered by exactly one MAC (wait `arpAnswered`:
// right after the election the new holder may still be programming its responder), and that MAC is
// the holder's (arp-holder-verdict.ts).
//
// A Lease without a live holder ends the check (the wait's timeout). ARP that never settles on one
// MAC does not: the holder and the last probe are still returned, with a failed verdict that says
// what answered for how long, so the suites attach the transcript, and the L2 suite's later cases
// (stability, failover) run against the real holder instead of an unknown one.

import type { NodeInventory } from "../../cluster/run-context.ts";
import { leaseHolder } from "../../decisions/l2-lease-holder.ts";
import { fail, type Verdict } from "../../decisions/verdict.ts";
import { ExitCode, formatBudget, WaitTimeoutError } from "../../errors.ts";
import type { KubeClient } from "../../k8s/kube-client.ts";
import type { ObjectRef } from "../../k8s/kube-object.ts";
import type { LeaseObject } from "../../k8s/leases.ts";
import { waitForObject } from "../../k8s/wait-for-objects.ts";
import type { WaitBudgets } from "../../plan/wait-budgets.ts";
import { type ArpProbeResult, probeArp } from "../../probes/arp-probe.ts";
import type { StartedLanClient } from "../../probes/lan-client.ts";
import type { Clock } from "../../wait/clock.ts";
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
  /** The probe the ARP wait ended on: exactly one MAC, or the last look before its budget ran out. */
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
  const answered = await awaitSingleArpAnswer(
    () => probeArp(input.lan, input.ip, { nodes: input.nodes, count: 2, budgetMs: 3000 }),
    input.budgets.arpAnswered,
  );
  return { holder, probe: answered.probe, verdict: l2AnswerVerdict(holder, answered, input.nodes) };
}

export interface SingleArpAnswer {
  probe: ArpProbeResult | undefined;
  /** False: the budget ran out before exactly one MAC answered. */
  settled: boolean;
  budgetMs: number;
  /** The first line of the last probe's error, when the last look failed (the wait retries those). */
  error?: string;
}

/** Probes until exactly one MAC answers; keeps the last probe when that never happens. */
export async function awaitSingleArpAnswer(
  probe: () => Promise<ArpProbeResult>,
  budgetMs: number,
  clock?: Clock,
): Promise<SingleArpAnswer> {
  let last: ArpProbeResult | undefined;
  let error: string | undefined;
  try {
    await waitUntil({
      name: "arpAnswered",
      budgetMs,
      expectation: "not exactly one MAC answering ARP",
      exitCode: ExitCode.conformanceFailed,
      ...(clock ? { clock } : {}),
      observe: async () => {
        try {
          last = await probe();
          error = undefined;
        } catch (failure) {
          error = (failure instanceof Error ? failure.message : String(failure)).split("\n")[0];
          throw failure;
        }
        return { done: last.verdict === "single", seen: last.verdict };
      },
    });
    return { probe: last, settled: true, budgetMs };
  } catch (failure) {
    if (!(failure instanceof WaitTimeoutError)) throw failure;
    return { probe: last, settled: false, budgetMs, ...(error !== undefined ? { error } : {}) };
  }
}

/** The holder verdict on the probe the wait ended on; when it never settled, for how long it did not. */
export function l2AnswerVerdict(
  holder: string,
  answered: SingleArpAnswer,
  nodes: NodeInventory,
): Verdict<{ mac: string }> {
  const last = answered.probe;
  const verdict = arpAnsweredByHolder(
    { verdict: last?.verdict ?? "none", replies: last?.replies ?? [] },
    holder,
    nodes,
  );
  if (answered.settled || verdict.ok) return verdict;
  const looked = last
    ? `${verdict.seen}${answered.error ? ` (a later probe failed: ${answered.error})` : ""}`
    : `no probe finished${answered.error ? ` (${answered.error})` : ""}; the Lease holder is ${holder}`;
  return fail(`still after ${formatBudget(answered.budgetMs)} of probing (arpAnswered): ${looked}`);
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
