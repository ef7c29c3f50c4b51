// The argv of `cilium connectivity test`, built from options (pure). Flags as cilium-cli v0.19.7
// defines them (vendored cilium/cilium cilium-cli/cli/connectivity.go and cli/cmd.go); see
// CILIUM-FACTS.md "cilium connectivity test".

import { UsageError } from "../errors.ts";
import { checkGoRegex } from "../go/go-regex.ts";
import { offlineSkips } from "./offline-skips.ts";

export type FlowValidation = "disabled" | "warning" | "strict";

/**
 * `--test-namespace` is a base name: cilium-cli appends `-<n>` for each of the --test-concurrency
 * instances (cli/connectivity.go newConnectivityTests), so the base `cilium-test` (its default,
 * defaults/defaults.go ConnectivityCheckNamespace) gives cilium-test-1, cilium-test-2, …
 */
export const TEST_NAMESPACE_BASE = "cilium-test";

/** The namespaces the connectivity test creates for a base and a concurrency. */
export function connectivityTestNamespaces(base: string, concurrency: number): string[] {
  return Array.from({ length: concurrency }, (_, index) => `${base}-${index + 1}`);
}

export interface ConnectivityTestOptions {
  junitFile: string;
  /** Namespace Cilium runs in (the plan's `cilium.namespace`): cilium-cli's `--namespace`. */
  ciliumNamespace: string;
  /** Base of the test namespaces (default `cilium-test`); never a suffixed name. */
  testNamespaceBase?: string;
  /** Tests run in parallel, each in its own namespace (`<base>-1`, `<base>-2`, …). */
  concurrency: number;
  collectSysdumpOnFailure: boolean;
  /**
   * Sysdump file name (without .zip), keeping cilium-cli's `<ts>` placeholder: the CLI takes one
   * sysdump per failing test and replaces `<ts>` with its start time (sysdump/sysdump.go
   * replaceTimestamp); without it every sysdump is written to the same file.
   */
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

/**
 * Always passed (both exist from cilium-cli v0.19.3, the minimum preflight accepts):
 * - `--exit-zero-on-failure`: failed tests exit 0 (connectivity/check/context.go), so a non-zero
 *   exit always means the run itself broke (setup, --timeout, a crash): infrastructure, while the
 *   JUnit says which tests failed.
 * - `--log-check-only-test-time`: check-log-errors reads Cilium's logs only from the start of the
 *   connectivity test (connectivity/builder/check_log_errors.go sets the start time when the test
 *   is built), not from pod start, so the L2 failover (a node paused on purpose) or another suite
 *   run earlier cannot fail it. Container restarts are still counted from pod start
 *   (connectivity/tests/errors.go); docs/suites.md says why that is kept.
 */
export const ALWAYS_PASSED = ["--exit-zero-on-failure", "--log-check-only-test-time"] as const;

/** The arguments after the `cilium` binary. Throws UsageError (exit 2) on a bad filter. */
export function buildConnectivityTestArgs(options: ConnectivityTestOptions): string[] {
  if (!Number.isInteger(options.concurrency) || options.concurrency < 1) {
    throw new UsageError(
      `connectivity test concurrency must be a whole number ≥ 1 (got ${options.concurrency})`,
    );
  }
  const base = options.testNamespaceBase ?? TEST_NAMESPACE_BASE;
  if (/-\d+$/.test(base)) {
    throw new UsageError(
      `connectivity test namespace base "${base}" ends in -<n>: cilium-cli appends -1, -2, … itself (it would use ${base}-1)`,
      { hint: `give the base without the number, e.g. ${TEST_NAMESPACE_BASE}` },
    );
  }
  const args = ["connectivity", "test"];
  if (options.kubeContext) args.push("--context", options.kubeContext);
  args.push(
    "--namespace",
    options.ciliumNamespace,
    "--junit-file",
    options.junitFile,
    "--test-namespace",
    base,
    "--test-concurrency",
    String(options.concurrency),
    "--flow-validation",
    options.flowValidation,
    ...ALWAYS_PASSED,
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
