// How the connectivity suite runs `cilium connectivity test`: every option from the run (context,
// Cilium's namespace, budgets, `test` flags), the files under reports/<run-id>/connectivity/, and
// the outcome file the `test` command reads afterwards to report each of the tool's tests as its
// own case. The options themselves: src/connectivity/connectivity-options.ts (the plan shows the
// same argv).

import { readFile, writeFile } from "node:fs/promises";
import type { RunContext } from "../../cluster/run-context.ts";
import type { ConnectivityTestOptions } from "../../connectivity/connectivity-args.ts";
import { connectivityTestOptions } from "../../connectivity/connectivity-options.ts";
import type { ConnectivityOutcome } from "../../connectivity/connectivity-runner.ts";
import type { SuiteOptions } from "../suite-env.ts";

export { type ConnectivityFiles, connectivityFiles } from "../../connectivity/connectivity-options.ts";

/** The test's options for this run: Cilium's namespace from the run context (`up` took it from the plan). */
export function connectivityOptions(
  context: RunContext,
  options: SuiteOptions,
  budgetMs: number,
): ConnectivityTestOptions {
  return connectivityTestOptions(
    {
      reportDir: context.reportDir,
      workers: context.nodes.filter((node) => node.role === "worker").length,
      ciliumNamespace: context.ciliumNamespace,
      kubeContext: context.kubeContext,
      budgetMs,
    },
    {
      offline: options.offline,
      testFilters: options.testFilters,
      collectSysdumpOnFailure: options.collectSysdumpOnFailure,
    },
  );
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
