// The argv of `cilium connectivity test`, built from options (pure). Flags as cilium-cli defines
// them in cmd/connectivity.go; see CILIUM-FACTS.md "cilium connectivity test".

import { connectivityTestNamespace } from "../compat/compat-for.ts";
import { UsageError } from "../errors.ts";
import { checkGoRegex } from "../go/go-regex.ts";
import { offlineSkips } from "./offline-skips.ts";

export type FlowValidation = "disabled" | "warning" | "strict";

export interface ConnectivityTestOptions {
  junitFile: string;
  /** cilium-cli version in use; picks the default test namespace (`cilium-test-1` from v0.16.8). */
  ciliumCliVersion: string;
  /** Overrides the namespace derived from the cilium-cli version. */
  testNamespace?: string;
  /** Tests run in parallel, each in its own namespace (`<ns>-1`, `<ns>-2`, …). */
  concurrency: number;
  collectSysdumpOnFailure: boolean;
  /** File name (without .zip) for the sysdump taken on failure; cilium-cli adds the extension. */
  sysdumpOutputFilename?: string;
  flowValidation: FlowValidation;
  /** The connectivity test's own deadline (cilium-cli `--timeout`), in ms. */
  timeoutMs?: number;
  /** Skip everything that needs the internet from inside the cluster. */
  offline: boolean;
  /** User filters (`--test`): Go regexps, `!` prefix skips; commas separate several. */
  testFilters?: readonly string[];
  /** kube context to use (`--context`); the kubeconfig itself travels in KUBECONFIG. */
  kubeContext?: string;
}

/** The arguments after the `cilium` binary. Throws UsageError (exit 2) on a bad filter. */
export function buildConnectivityTestArgs(options: ConnectivityTestOptions): string[] {
  if (!Number.isInteger(options.concurrency) || options.concurrency < 1) {
    throw new UsageError(
      `connectivity test concurrency must be a whole number ≥ 1 (got ${options.concurrency})`,
    );
  }
  const args = ["connectivity", "test"];
  if (options.kubeContext) args.push("--context", options.kubeContext);
  args.push(
    "--junit-file",
    options.junitFile,
    "--test-namespace",
    options.testNamespace ?? connectivityTestNamespace(options.ciliumCliVersion),
    "--test-concurrency",
    String(options.concurrency),
    "--flow-validation",
    options.flowValidation,
  );
  if (options.collectSysdumpOnFailure) {
    args.push("--collect-sysdump-on-failure");
    if (options.sysdumpOutputFilename) args.push("--sysdump-output-filename", options.sysdumpOutputFilename);
  }
  if (options.timeoutMs !== undefined) args.push("--timeout", goDuration(options.timeoutMs));
  const filters = connectivityTestFilters(options.offline, options.testFilters ?? []);
  if (filters.length > 0) args.push("--test", filters.join(","));
  return args;
}

/** User filters first (validated as RE2, the syntax Go uses), then the offline skips. */
export function connectivityTestFilters(offline: boolean, userFilters: readonly string[]): string[] {
  const user = userFilters.flatMap((entry) => entry.split(",")).map((entry) => entry.trim());
  for (const entry of user) validateFilter(entry);
  const skips = offline ? offlineSkips.map((skip) => `!${skip.pattern}`) : [];
  return [...user.filter((entry) => entry !== ""), ...skips.filter((skip) => !user.includes(skip))];
}

function validateFilter(entry: string): void {
  if (entry === "" || entry === "!") {
    throw new UsageError("--connectivity-test: empty filter entry", {
      hint: "give regular expressions separated by commas, e.g. `no-policies,!/pod-to-world`",
    });
  }
  const pattern = entry.startsWith("!") ? entry.slice(1) : entry;
  const compiled = checkGoRegex(pattern);
  if (!compiled.ok) {
    throw new UsageError(
      `--connectivity-test: "${entry}" is not a valid regular expression (${compiled.reason})`,
      { hint: "cilium-cli uses Go (RE2) syntax; a comma always separates two filters" },
    );
  }
}

/** A Go time.Duration string cilium-cli's flag parser accepts, e.g. 900000 → "15m0s". */
export function goDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms <= 0) throw new UsageError(`a timeout must be positive (got ${ms} ms)`);
  const totalSeconds = Math.ceil(ms / 1000);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  if (hours > 0) return `${hours}h${minutes}m${seconds}s`;
  if (minutes > 0) return `${minutes}m${seconds}s`;
  return `${seconds}s`;
}
