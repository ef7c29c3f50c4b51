// How the `test` command talks to the suites, which run in vitest workers: environment variables.
// The run context is a path; the options are plain strings, parsed here (pure) on both sides.

export const SUITE_ENV = {
  /** Path of reports/<run-id>/run-context.json. */
  context: "CILIUM_CONFORMANCE_CONTEXT",
  keepOnFailure: "CILIUM_CONFORMANCE_KEEP_ON_FAILURE",
  offline: "CILIUM_CONFORMANCE_OFFLINE",
  /** `--test` filters for the connectivity test, comma-separated. */
  testFilter: "CILIUM_CONFORMANCE_TEST_FILTER",
  collectSysdump: "CILIUM_CONFORMANCE_COLLECT_SYSDUMP",
  /** `--verbose`: the suites' commands reach the console as they run. */
  verbose: "CILIUM_CONFORMANCE_VERBOSE",
} as const;

export interface SuiteOptions {
  contextFile: string | undefined;
  keepOnFailure: boolean;
  offline: boolean;
  testFilters: string[];
  collectSysdumpOnFailure: boolean;
  verbose?: boolean;
}

export function suiteOptionsFromEnv(env: Record<string, string | undefined>): SuiteOptions {
  const flag = (name: string) => env[name] === "1" || env[name] === "true";
  const filter = env[SUITE_ENV.testFilter] ?? "";
  return {
    contextFile: env[SUITE_ENV.context] || undefined,
    keepOnFailure: flag(SUITE_ENV.keepOnFailure),
    offline: flag(SUITE_ENV.offline),
    testFilters: filter
      .split(",")
      .map((entry) => entry.trim())
      .filter((entry) => entry !== ""),
    collectSysdumpOnFailure: flag(SUITE_ENV.collectSysdump),
    verbose: flag(SUITE_ENV.verbose),
  };
}

/** The inverse: the variables the `test` command sets for vitest's workers. */
export function suiteEnvFor(options: SuiteOptions & { contextFile: string }): Record<string, string> {
  return {
    [SUITE_ENV.context]: options.contextFile,
    [SUITE_ENV.keepOnFailure]: options.keepOnFailure ? "1" : "0",
    [SUITE_ENV.offline]: options.offline ? "1" : "0",
    [SUITE_ENV.testFilter]: options.testFilters.join(","),
    [SUITE_ENV.collectSysdump]: options.collectSysdumpOnFailure ? "1" : "0",
    [SUITE_ENV.verbose]: options.verbose ? "1" : "0",
  };
}
