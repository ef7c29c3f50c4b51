// The in-place upgrade, as an ordered sequence over injected steps so its logic is tested without
// a cluster: snapshot the LB IPs, start the continuous probes, upgrade the Gateway API CRDs when
// the candidate needs newer ones (BEFORE Cilium: the operator checks for them once at start),
// upgrade Cilium with the same values, wait ready, keep probing a little, stop the probes, snapshot
// again, then run the suites. The probes are always stopped, even when a step fails.

import { ConformanceError, ExitCode as Exit, type ExitCode } from "../../errors.ts";
import type { PhaseTiming } from "../../report/report-model.ts";
import type { Clock } from "../../wait/clock.ts";
import { type DisruptionMeasure, type DisruptionProbe, withinBudget } from "./disruption-probe.ts";
import { diffLoadBalancerIps, isChurn, type LbIpChange, type LbIpSnapshot } from "./lb-ip-snapshot.ts";

export interface InPlaceSteps {
  clock: Clock;
  log(line: string): void;
  snapshotLbIps(): Promise<LbIpSnapshot>;
  /**
   * Starts the continuous probes, handing each to `started` as soon as it runs, so that the ones
   * already running are stopped even when starting a later one fails.
   */
  startProbes(started: (probe: DisruptionProbe) => void): Promise<void>;
  /** Undefined when the candidate requires the CRDs the cluster already has. */
  upgradeGatewayApiCrds: (() => Promise<void>) | undefined;
  upgradeCilium(): Promise<void>;
  waitCiliumReady(): Promise<void>;
  /** The suites again, on the upgraded cluster (the `test` command's runner); its exit code. */
  runSuites(): Promise<ExitCode>;
}

export interface InPlaceBudgets {
  /** Longest time a probe may go without an answer. */
  maxGapMs: number;
  /** Probing continues this long after Cilium is ready, to see late disruption (lease moves). */
  settleMs: number;
}

export interface InPlaceResult {
  exitCode: ExitCode;
  phases: PhaseTiming[];
  disruption: DisruptionMeasure[];
  lbIpChanges: LbIpChange[];
  suitesExitCode: ExitCode | undefined;
  /** Why it failed, one line each; empty on success. */
  failures: string[];
  /** The step error that ended the sequence early, if any. */
  error: unknown;
}

export async function runInPlaceUpgrade(
  steps: InPlaceSteps,
  budgets: InPlaceBudgets,
): Promise<InPlaceResult> {
  const phases: PhaseTiming[] = [];
  const result: InPlaceResult = {
    exitCode: Exit.pass,
    phases,
    disruption: [],
    lbIpChanges: [],
    suitesExitCode: undefined,
    failures: [],
    error: undefined,
  };
  const phase = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
    const started = steps.clock.now();
    steps.log(`▶ ${name}\n`);
    try {
      const value = await run();
      phases.push({ phase: name, durationMs: Math.round(steps.clock.now() - started), status: "ok" });
      return value;
    } catch (error) {
      phases.push({ phase: name, durationMs: Math.round(steps.clock.now() - started), status: "failed" });
      throw error;
    }
  };

  let before: LbIpSnapshot;
  const probes: DisruptionProbe[] = [];
  try {
    before = await phase("lb-ips-before", () => steps.snapshotLbIps());
    await phase("probes-start", () => steps.startProbes((probe) => probes.push(probe)));
  } catch (error) {
    // Probes that did start would otherwise keep running (and keep the process alive).
    await stopAll(probes);
    return failEarly(result, error);
  }

  try {
    const crds = steps.upgradeGatewayApiCrds;
    if (crds) await phase("gateway-api-crds", crds);
    else phases.push({ phase: "gateway-api-crds", durationMs: 0, status: "skipped" });
    await phase("cilium-upgrade", () => steps.upgradeCilium());
    await phase("cilium-ready", () => steps.waitCiliumReady());
    await phase("settle", () => steps.clock.sleep(budgets.settleMs));
  } catch (error) {
    result.error = error;
  } finally {
    const stopped = await phase("probes-stop", () => stopAll(probes));
    result.disruption = stopped.measures;
    result.failures.push(...stopped.problems);
  }
  if (result.error !== undefined) return failEarly(result, result.error);

  try {
    const after = await phase("lb-ips-after", () => steps.snapshotLbIps());
    result.lbIpChanges = diffLoadBalancerIps(before, after);
  } catch (error) {
    return failEarly(result, error);
  }

  for (const measure of result.disruption) {
    if (withinBudget(measure, budgets.maxGapMs)) continue;
    const gap =
      measure.longestGapMs === undefined ? "no answers to measure" : `longest gap ${measure.longestGapMs} ms`;
    result.failures.push(
      `${measure.name}: ${measure.recovered ? "" : "did not recover; "}${gap} (budget ${budgets.maxGapMs} ms), ${measure.failed}/${measure.total} failed`,
    );
  }
  for (const change of result.lbIpChanges.filter(isChurn)) {
    result.failures.push(
      `LoadBalancer IP of ${change.service} ${change.kind}: ${change.before.join(", ") || "none"} → ${change.after.join(", ") || "none"}`,
    );
  }

  try {
    result.suitesExitCode = await phase("suites", () => steps.runSuites());
  } catch (error) {
    return failEarly(result, error);
  }
  if (result.suitesExitCode !== Exit.pass)
    result.failures.push(`the suites failed after the upgrade (exit ${result.suitesExitCode})`);

  result.exitCode =
    result.suitesExitCode === Exit.environment
      ? Exit.environment
      : result.failures.length > 0
        ? Exit.conformanceFailed
        : Exit.pass;
  return result;
}

/** Each probe is stopped even when another one throws; one that cannot report is a failure. */
async function stopAll(
  probes: readonly DisruptionProbe[],
): Promise<{ measures: DisruptionMeasure[]; problems: string[] }> {
  const settled = await Promise.allSettled(probes.map((probe) => probe.stop()));
  const measures: DisruptionMeasure[] = [];
  const problems: string[] = [];
  settled.forEach((outcome, index) => {
    if (outcome.status === "fulfilled") measures.push(outcome.value);
    else problems.push(`probe ${probes[index]?.name} could not report: ${describe(outcome.reason)}`);
  });
  return { measures, problems };
}

function failEarly(result: InPlaceResult, error: unknown): InPlaceResult {
  result.error = error;
  result.failures.push(describe(error));
  result.exitCode = error instanceof ConformanceError ? error.exitCode : Exit.environment;
  return result;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
