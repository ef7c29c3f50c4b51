// What `test` will pass to `cilium connectivity test`, shown in the plan: the same options
// builder the suite uses, with the report folder as `${reportDir}` and the default `test` flags.

import {
  buildConnectivityTestArgs,
  connectivityTestNamespaces,
  TEST_NAMESPACE_BASE,
} from "../connectivity/connectivity-args.ts";
import { connectivityConcurrency, connectivityTestOptions } from "../connectivity/connectivity-options.ts";
import { PLACEHOLDERS } from "./run-plan.ts";

export interface ConnectivityPlan {
  /** The argv (`cilium` first) with no `test` flags given. */
  argv: string[];
  /** Namespaces cilium-cli creates: the base, suffixed -1..-N by the CLI itself. */
  testNamespaces: string[];
  /** How the `test` flags change the argv. */
  flags: string[];
}

export interface ConnectivityPlanInput {
  ciliumNamespace: string;
  kubeContext: string;
  workers: number;
  budgetMs: number;
}

export function planConnectivity(input: ConnectivityPlanInput): ConnectivityPlan {
  const options = connectivityTestOptions(
    { reportDir: PLACEHOLDERS.reportDir, ...input },
    { offline: false, testFilters: [], collectSysdumpOnFailure: false },
  );
  return {
    argv: ["cilium", ...buildConnectivityTestArgs(options)],
    testNamespaces: connectivityTestNamespaces(TEST_NAMESPACE_BASE, connectivityConcurrency(input.workers)),
    flags: [
      "--offline: adds --test with the skips of the tests that need the internet (src/connectivity/offline-skips.ts)",
      "--test REGEX: adds the filter to --test (user filters first)",
      "--collect-sysdump-on-failure: adds --collect-sysdump-on-failure --sysdump-output-filename ${reportDir}/connectivity/cilium-sysdump-<ts>",
    ],
  };
}
