// Which rehearsals the fault catalogue command makes (run-faults.ts). The whole catalogue: one
// rehearsal per fault, so each is judged alone. CI (`--ci`): a representative subset, at least one
// fault per suite and provisioning, in as few rehearsals as honest judging allows — faults of
// different suites share a rehearsal only when none of them can turn another suite's case red
// (e.g. not l2-two-nodes-answer, which also makes the Gateway's address answered by two MACs).
// Not l2-unselected-service-announced: it needs a repo whose L2 policy has a serviceSelector (the
// fault baseline has none, so its case is skipped).

import type { Variant } from "../variant-repos.ts";
import { FAULTS, type Fault, findFault } from "./catalogue.ts";

export const CI_FAULT_BATCHES: readonly (readonly string[])[] = [
  [
    "kpr-agent-reports-false",
    "lbipam-ips-total-wrong",
    "l2-failover-never",
    "gateway-no-404",
    "hubble-flows-without-pod-names",
    "connectivity-one-test-failing",
    // It asks for the routes-by-path variant, so the whole batch runs on it (the variant is the
    // fault baseline plus a path-split route and check's pool fix: the other faults' cases are the same).
    "repo-route-path-match-ignored",
  ],
  ["kind-create-fails"],
];

function resolve(names: readonly string[]): Fault[] {
  return names.map((name) => {
    const fault = findFault(name);
    if (!fault) throw new Error(`unknown fault "${name}" (scripts/rehearse.sh --list-faults lists them)`);
    return fault;
  });
}

/** One batch per fault: the named ones, or the whole catalogue. */
export function singleFaultBatches(names: readonly string[] = []): Fault[][] {
  return (names.length > 0 ? resolve(names) : [...FAULTS]).map((fault) => [fault]);
}

/** Batches named on the command line (`--batch a,b,c`): each list one rehearsal, its faults judged together. */
export function namedFaultBatches(lists: readonly string[]): Fault[][] {
  return lists.map((list) =>
    resolve(
      list
        .split(",")
        .map((name) => name.trim())
        .filter((name) => name !== ""),
    ),
  );
}

export function ciFaultBatches(): Fault[][] {
  return CI_FAULT_BATCHES.map(resolve);
}

/**
 * The repo a batch is judged on: the variant its faults ask for (Fault.repo), or the fault baseline
 * (undefined) when none asks. Faults asking for different repos cannot share a rehearsal.
 */
export function batchRepo(batch: readonly Fault[]): Variant | undefined {
  const asked = [...new Set(batch.flatMap((fault) => (fault.repo ? [fault.repo] : [])))];
  if (asked.length > 1)
    throw new Error(
      `faults ${batch.map((fault) => fault.name).join(", ")} ask for different repos (${asked.join(", ")}): give each its own rehearsal`,
    );
  return asked[0];
}
