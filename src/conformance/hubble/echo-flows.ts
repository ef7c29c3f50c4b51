// "The traffic shows in Hubble": FORWARDED flows whose destination is one of the suite's echo
// pods, with the pod name resolved (Hubble knows the endpoint, not just an IP).

import { fail, pass, type Verdict } from "../../decisions/verdict.ts";
import type { FlowRecord } from "../../probes/hubble/flow-record.ts";
import { backendOfPod } from "../gateway-api/echo-backend-of.ts";

export function forwardedToEcho(
  flows: readonly FlowRecord[],
  namespace: string,
  backends: readonly string[],
): Verdict<{ flows: FlowRecord[]; pods: string[] }> {
  const matching = flows.filter(
    (flow) =>
      flow.verdict === "FORWARDED" &&
      flow.destination.namespace === namespace &&
      flow.destination.podName !== undefined &&
      flow.destination.podName !== "" &&
      backendOfPod(flow.destination.podName, backends) !== undefined,
  );
  const pods = [...new Set(matching.map((flow) => flow.destination.podName ?? ""))].sort();
  const verdicts = new Map<string, number>();
  for (const flow of flows) verdicts.set(String(flow.verdict), (verdicts.get(String(flow.verdict)) ?? 0) + 1);
  const counts = [...verdicts].map(([verdict, count]) => `${count} ${verdict}`).join(", ") || "no flows";
  const seen = `${flows.length} flow(s) in ${namespace} (${counts}); ${matching.length} FORWARDED to echo pods${pods.length ? ` ${pods.join(", ")}` : ""}`;
  return matching.length > 0 ? pass(seen, { flows: matching, pods }) : fail(seen, { flows: matching, pods });
}
