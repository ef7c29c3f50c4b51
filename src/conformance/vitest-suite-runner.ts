// Runs the selected suite files through vitest's Node API, in this process: the settings of the
// `conformance` project (suite-vitest-settings.ts) passed inline, so the published package needs
// no vitest config file, reporters default + JUnit (reports/<run-id>/suites-junit.xml)
// + allure-vitest (reports/<run-id>/allure-results), the suites' options in their env. Results
// come back through vitest's reporter API (TestModule/TestCase), which keeps skip notes and
// annotations that its JUnit drops.

import { EnvironmentError } from "../errors.ts";
import { packageRoot } from "../package-root.ts";
import { allureReporterEntry } from "../report/allure-labels.ts";
import type { ReportSuite } from "../report/report-model.ts";
import { conformanceTestSettings } from "./suite-vitest-settings.ts";
import type { SuiteRunRequest } from "./test-phase.ts";
import { type ReportedModule, reportSuitesFromVitest } from "./vitest-results.ts";

export async function runSuitesWithVitest(request: SuiteRunRequest): Promise<ReportSuite[]> {
  const { startVitest } = await import("vitest/node");
  const exitCodeBefore = process.exitCode;
  // Workers inherit the environment; `env` also sets it inside each test file.
  Object.assign(process.env, request.env);
  let vitest: Awaited<ReturnType<typeof startVitest>>;
  try {
    vitest = await startVitest(request.files, {
      root: packageRoot,
      config: false,
      ...conformanceTestSettings,
      run: true,
      watch: false,
      passWithNoTests: false,
      env: request.env,
      reporters: [
        ...(request.quiet ? [] : ["default" as const]),
        ["junit", { outputFile: request.junitFile }],
        allureReporterEntry(request.allureResultsDir, request.context.versions),
      ],
    });
  } catch (error) {
    throw new EnvironmentError(
      "CC_ENV_SUITES_FAILED_TO_RUN",
      `vitest could not run the suites: ${error instanceof Error ? error.message : String(error)}`,
      {
        cause: error,
        hint: "check that vitest and allure-vitest are installed beside cilium-conformance (`npm ci` in a clone)",
      },
    );
  } finally {
    // vitest sets the process exit code on failures; the report decides ours.
    process.exitCode = exitCodeBefore;
  }
  try {
    return reportSuitesFromVitest(vitest.state.getTestModules() as unknown as ReportedModule[]);
  } finally {
    await vitest.close();
  }
}
