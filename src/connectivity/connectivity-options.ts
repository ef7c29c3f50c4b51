// The connectivity test's options from what a run knows (report folder, workers, Cilium's
// namespace, kube context, budget) and the `test` flags. One function for both the plan (which
// shows the argv with `${reportDir}`) and the suite (which runs it), so they cannot disagree.

import { join } from "node:path";
import type { ConnectivityTestOptions } from "./connectivity-args.ts";

export interface ConnectivityFiles {
  dir: string;
  junit: string;
  outcome: string;
  /** Without extension (cilium-cli adds `.zip`), with cilium-cli's `<ts>` placeholder kept. */
  sysdump: string;
}

export function connectivityFiles(reportDir: string): ConnectivityFiles {
  const dir = join(reportDir, "connectivity");
  return {
    dir,
    junit: join(dir, "junit.xml"),
    outcome: join(dir, "outcome.json"),
    sysdump: join(dir, "cilium-sysdump-<ts>"),
  };
}

export interface ConnectivityRunFacts {
  reportDir: string;
  workers: number;
  ciliumNamespace: string;
  kubeContext: string;
  /** The `connectivityTest` budget. */
  budgetMs: number;
}

export interface ConnectivityFlags {
  offline: boolean;
  testFilters: readonly string[];
  collectSysdumpOnFailure: boolean;
}

/** Concurrency: one test per worker node, at least 1, at most 4 (the tests are heavy on a kind node). */
export function connectivityConcurrency(workers: number): number {
  return Math.min(4, Math.max(1, workers));
}

/** cilium-cli's own deadline sits one minute inside the budget, so it can still write its JUnit. */
export function connectivityTimeoutMs(budgetMs: number): number {
  return Math.max(60_000, budgetMs - 60_000);
}

export function connectivityTestOptions(
  facts: ConnectivityRunFacts,
  flags: ConnectivityFlags,
): ConnectivityTestOptions {
  const files = connectivityFiles(facts.reportDir);
  return {
    junitFile: files.junit,
    ciliumNamespace: facts.ciliumNamespace,
    concurrency: connectivityConcurrency(facts.workers),
    collectSysdumpOnFailure: flags.collectSysdumpOnFailure,
    sysdumpOutputFilename: files.sysdump,
    // Hubble flow validation needs the hubble CLI's port-forward; the suite's own Hubble checks cover it.
    flowValidation: "disabled",
    timeoutMs: connectivityTimeoutMs(facts.budgetMs),
    offline: flags.offline,
    testFilters: flags.testFilters,
    kubeContext: facts.kubeContext,
  };
}
