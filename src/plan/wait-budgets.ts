// The one table of named waits: default budget and why. `up`, the suites and the probes read
// their budgets from the RunPlan's `budgets`, never from literals. Overrides: budget-overrides.ts.

import { failoverBudgetFor } from "./l2-failover-budget.ts";

/** How a budget is measured: a duration in ms, or a count (consecutive successes). */
export type BudgetUnit = "ms" | "count";

export interface WaitBudgetSpec {
  defaultValue: number;
  unit: BudgetUnit;
  why: string;
}

const s = (seconds: number): number => seconds * 1000;

export const waitBudgetTable = {
  gatewayApiCrdsEstablished: {
    defaultValue: s(60),
    unit: "ms",
    why: "CRDs are Established within seconds of a server-side apply; Cilium's operator needs them at start",
  },
  ciliumReady: {
    defaultValue: s(600),
    unit: "ms",
    why: "a cold 2-vCPU hosted runner pulls the digest-pinned agent, operator, Envoy and Hubble images on every node (a host pre-load cannot serve a digest) and compiles BPF; cilium status --wait's own 5m default is too tight there",
  },
  ciliumRollouts: {
    defaultValue: s(120),
    unit: "ms",
    why: "after cilium status, every DaemonSet and Deployment of the Cilium release must be fully rolled out and available; it only waits out what status --ignore-warnings let pass",
  },
  nodesReady: {
    defaultValue: s(180),
    unit: "ms",
    why: "nodes become Ready only once the CNI is up, after Cilium is installed",
  },
  gatewayClassAccepted: {
    defaultValue: s(120),
    unit: "ms",
    why: "the operator accepts GatewayClass cilium once it has started with the Gateway API CRDs",
  },
  lbIpAssigned: {
    defaultValue: s(60),
    unit: "ms",
    why: "LB-IPAM allocates on the next reconcile; a missing IP after a minute is a pool or selector problem",
  },
  l2LeaseHeld: {
    defaultValue: s(30),
    unit: "ms",
    why: "an agent takes the Service's lease within one lease duration (15s default) of the IP",
  },
  arpAnswered: {
    defaultValue: s(30),
    unit: "ms",
    why: "the lease holder answers ARP as soon as its BPF responder has the VIP",
  },
  l2Failover: {
    // The chart's default lease timings (15s/5s/2s); the plan computes it from the repo's values.
    defaultValue: failoverBudgetFor({ leaseDurationMs: s(15), renewDeadlineMs: s(5), retryPeriodMs: s(2) })
      .totalMs,
    unit: "ms",
    why: "leaseDuration + 2 × 2.2 × retryPeriod (client-go's jittered retries: seeing the last renewal, then acquiring) + one ARP round + margin, from the repo's lease values (l2-failover-budget.ts)",
  },
  gatewayProgrammed: {
    defaultValue: s(180),
    unit: "ms",
    why: "Gateway API conformance's GatewayMustHaveAddress: Programmed waits for the Service's LB IP and Envoy",
  },
  httpRouteAccepted: {
    defaultValue: s(60),
    unit: "ms",
    why: "the operator reconciles routes right after the Gateway; Gateway API conformance uses 60s",
  },
  httpConsistency: {
    defaultValue: s(30),
    unit: "ms",
    why: "Gateway API conformance's MaxTimeToConsistency for routing to converge in Envoy",
  },
  requiredConsecutiveSuccesses: {
    defaultValue: 3,
    unit: "count",
    why: "Gateway API conformance's RequiredConsecutiveSuccesses: one success may be a stale route",
  },
  hubbleRelayReady: {
    defaultValue: s(120),
    unit: "ms",
    why: "relay connects to every agent's Hubble server after the agents are ready",
  },
  hubbleFlowsVisible: {
    defaultValue: s(60),
    unit: "ms",
    why: "flows reach relay within seconds; a minute covers relay reconnects",
  },
  connectivityTest: {
    defaultValue: s(1800),
    unit: "ms",
    why: "cilium connectivity test runs ~100 tests with images already loaded; 30 minutes bounds a hang",
  },
  podsReady: {
    defaultValue: s(120),
    unit: "ms",
    why: "suite workloads (echo backend, clients) start from pre-loaded images",
  },
  namespaceGone: {
    defaultValue: s(120),
    unit: "ms",
    why: "a suite's namespace goes once its pods have terminated (30s grace) and its finalizers have run",
  },
  leaseReleasedAfterDelete: {
    defaultValue: s(30),
    unit: "ms",
    why: "an agent drops a Service's lease on its next sync after the Service goes away",
  },
} as const satisfies Record<string, WaitBudgetSpec>;

export type WaitBudgetName = keyof typeof waitBudgetTable;

/** Budget per wait: ms for durations, a number for counts. */
export type WaitBudgets = Record<WaitBudgetName, number>;

export const waitBudgetNames = Object.keys(waitBudgetTable) as WaitBudgetName[];

export function defaultWaitBudgets(): WaitBudgets {
  const budgets = {} as WaitBudgets;
  for (const name of waitBudgetNames) budgets[name] = waitBudgetTable[name].defaultValue;
  return budgets;
}

export function isWaitBudgetName(name: string): name is WaitBudgetName {
  return Object.hasOwn(waitBudgetTable, name);
}
