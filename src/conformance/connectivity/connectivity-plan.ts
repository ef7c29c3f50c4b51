// How the connectivity suite runs `cilium connectivity test`: every option from the run (context,
// budgets, `test` flags), the files under reports/<run-id>/connectivity/, and the outcome file the
// `test` command reads afterwards to report each of the tool's tests as its own case.

import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { RunContext } from "../../cluster/run-context.ts";
import type { ConnectivityTestOptions } from "../../connectivity/connectivity-args.ts";
import type { ConnectivityOutcome } from "../../connectivity/connectivity-runner.ts";
import type { SuiteOptions } from "../suite-env.ts";

export interface ConnectivityFiles {
  dir: string;
  junit: string;
  outcome: string;
  /** Without extension: cilium-cli adds `.zip`. */
  sysdump: string;
}

export function connectivityFiles(reportDir: string): ConnectivityFiles {
  const dir = join(reportDir, "connectivity");
  return {
    dir,
    junit: join(dir, "junit.xml"),
    outcome: join(dir, "outcome.json"),
    sysdump: join(dir, "cilium-sysdump"),
  };
}

/** cilium-cli's version when `up` recorded none: the namespace default of current releases. */
export const UNKNOWN_CILIUM_CLI = "0.19.7";

/** Concurrency: one test per worker node, at least 1, at most 4 (the tests are heavy on a kind node). */
export function connectivityConcurrency(workers: number): number {
  return Math.min(4, Math.max(1, workers));
}

export function connectivityOptions(
  context: RunContext,
  options: SuiteOptions,
  budgetMs: number,
): ConnectivityTestOptions {
  const files = connectivityFiles(context.reportDir);
  const workers = context.nodes.filter((node) => node.role === "worker").length;
  return {
    junitFile: files.junit,
    ciliumCliVersion: context.versions.ciliumCli ?? UNKNOWN_CILIUM_CLI,
    concurrency: connectivityConcurrency(workers),
    collectSysdumpOnFailure: options.collectSysdumpOnFailure,
    sysdumpOutputFilename: files.sysdump,
    // Hubble flow validation needs the hubble CLI's port-forward; the suite's own Hubble checks cover it.
    flowValidation: "disabled",
    // cilium-cli's deadline sits one minute inside ours, so it can still write its JUnit.
    timeoutMs: Math.max(60_000, budgetMs - 60_000),
    offline: options.offline,
    testFilters: options.testFilters,
    kubeContext: context.kubeContext,
  };
}

export async function writeConnectivityOutcome(path: string, outcome: ConnectivityOutcome): Promise<void> {
  await writeFile(path, `${JSON.stringify(outcome, null, 2)}\n`);
}

/** The outcome the suite wrote, or undefined when it wrote none (the suite did not get that far). */
export async function readConnectivityOutcome(path: string): Promise<ConnectivityOutcome | undefined> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    return undefined;
  }
  const value = JSON.parse(text) as ConnectivityOutcome;
  return value && typeof value === "object" && "kind" in value ? value : undefined;
}
