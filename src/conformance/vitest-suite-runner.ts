// Runs the selected suite files through vitest's Node API, in this process: the settings of the
// `conformance` project (suite-vitest-settings.ts) passed inline, so the published package needs
// no vitest config file; the suites' options in their env. vitest's own reporters stay out — the
// harness reports: progress goes to the console through vitest-progress-reporter.ts, and the
// results come back through vitest's reporter API (TestModule/TestCase), which keeps skip notes,
// annotations (figures) and the allure attachments on each test's meta; the report model is built
// from them and every output (JUnit, summary, Allure) is written from it.

import { Writable } from "node:stream";
import { emitProgress } from "../console/progress-events.ts";
import { PROGRESS_ENV } from "../console/progress-forwarding.ts";
import { EnvironmentError } from "../errors.ts";
import { packageRoot } from "../package-root.ts";
import { attachmentFiles } from "../report/attachment-files.ts";
import type { ReportSuite } from "../report/report-model.ts";
import { keepSignalsOurs } from "./keep-signals-ours.ts";
import { conformanceTestSettings } from "./suite-vitest-settings.ts";
import type { SuiteRunRequest } from "./test-phase.ts";
import { vitestProgressReporter } from "./vitest-progress-reporter.ts";
import { type ReportedModule, reportSuitesFromVitest } from "./vitest-results.ts";

/** `settings`: the conformance project's; tests pass the same with their own `include`. */
export async function runSuitesWithVitest(
  request: SuiteRunRequest,
  settings: typeof conformanceTestSettings = conformanceTestSettings,
): Promise<ReportSuite[]> {
  const { startVitest } = await import("vitest/node");
  const exitCodeBefore = process.exitCode;
  const env = { ...request.env, [PROGRESS_ENV]: "1" };
  // Workers inherit the environment; `env` also sets it inside each test file.
  Object.assign(process.env, env);
  let vitest: Awaited<ReturnType<typeof startVitest>>;
  try {
    vitest = await keepSignalsOurs(() =>
      startVitest(
        request.files,
        {
          root: packageRoot,
          config: false,
          ...settings,
          run: true,
          watch: false,
          passWithNoTests: false,
          env,
          reporters: [vitestProgressReporter()],
        },
        // vitest's logger (its banner "RUN v5 …", unhandled errors) goes to --verbose only.
        {},
        { stdout: detailStream(), stderr: detailStream() },
      ),
    );
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
    return reportSuitesFromVitest(
      vitest.state.getTestModules() as unknown as ReportedModule[],
      attachmentFiles(request.context.reportDir),
    );
  } finally {
    await vitest.close();
  }
}

/** A stream whose lines become verbose-only progress details. */
function detailStream(): Writable {
  return new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      // biome-ignore lint/suspicious/noControlCharactersInRegex: vitest colours its logger output
      const text = chunk.toString().replace(/\u001b\[[0-9;]*m/g, "");
      for (const line of text.split("\n")) if (line.trim() !== "") emitProgress({ kind: "detail", line });
      done();
    },
  });
}
