// The vitest settings of the conformance suites, in one place: vitest.config.ts's `conformance`
// project (for running them by hand with `npx vitest --project conformance`) and the harness's
// own runner (vitest-suite-runner.ts), which passes them inline because the published package
// ships no vitest config file and its suites are `.suite.js` files in dist/suites/.

import { runsFromBuild } from "../package-root.ts";
import { allureVitestModules } from "./allure-vitest-modules.ts";

export interface SuiteLayout {
  /** Folder of the suite files, relative to the package root. */
  dir: string;
  extension: string;
}

export function suiteLayout(fromBuild: boolean): SuiteLayout {
  return fromBuild
    ? { dir: "dist/suites", extension: ".suite.js" }
    : { dir: "suites", extension: ".suite.ts" };
}

export function suiteVitestSettings(fromBuild: boolean) {
  const { dir, extension } = suiteLayout(fromBuild);
  const allure = allureVitestModules();
  return {
    name: "conformance",
    include: [`${dir}/**/*${extension}`],
    environment: "node",
    testTimeout: 600_000,
    hookTimeout: 600_000,
    fileParallelism: false,
    // Both, or the suites' attachments never reach the report (see allure-vitest-modules.ts).
    setupFiles: [allure.setupFile],
    runner: allure.runner,
  };
}

/** Where this process finds the suites: the sources' or the build's. */
export const currentSuiteLayout = suiteLayout(runsFromBuild);
export const conformanceTestSettings = suiteVitestSettings(runsFromBuild);
