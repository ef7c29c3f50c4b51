// When a suite's own beforeAll fails, vitest runs none of its tests (so no afterEach sees a
// failure) but marks the suite's result `fail` before its afterAll hooks run. The harness must
// treat that as a failed suite too: collect diagnostics and honour --keep-on-failure.

export interface SuiteOutcome {
  /** The suite failed (a test, or its setup). */
  failed: boolean;
  /** Diagnostics still to collect in afterAll: only for a setup failure (tests collect their own). */
  diagnoseSetup: boolean;
}

export function suiteOutcome(suiteState: string | undefined, anyTestFailed: boolean): SuiteOutcome {
  const setupFailed = suiteState === "fail" && !anyTestFailed;
  return { failed: anyTestFailed || suiteState === "fail", diagnoseSetup: setupFailed };
}
