// allure-vitest's two worker-side modules the suites run with: its setup file (which makes
// allure-js-commons' facade store each call on the running test's meta) and its runner (which
// tells that setup file which test is running).
//
// Without the runner every facade call is lost under vitest 5. allure-vitest 3.12.2 finds the
// running test in dist/concurrentState.js: first in an AsyncLocalStorage that only its runner
// (dist/runner.js, a subclass of vitest's TestRunner) fills in onBeforeRunTask, otherwise through
// `getCurrentTest` of the `@vitest/runner` package. vitest 5 bundles its runner and no longer
// depends on `@vitest/runner`, so that package (installed for allure-vitest's peer range, 4.x
// here) is a second copy whose state vitest never sets: no test is ever found, runtime.js's
// processMessage drops the message and logs "no vitest context is detected". allure-vitest's own
// reporter installs the runner itself (dist/reporter.js, enableConcurrencySupport: the project's
// `runner` becomes the sibling runner.js); the harness writes its own results and does not use
// that reporter, so it installs the runner the same way. The package exports no `./runner`, hence
// the path beside the exported setup file.

import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { packagePath } from "../package-root.ts";

export interface AllureVitestModules {
  setupFile: string;
  runner: string;
}

/** Absolute paths of allure-vitest's setup file and runner, resolved as the package finds them. */
export function allureVitestModules(): AllureVitestModules {
  const setupFile = createRequire(packagePath("package.json")).resolve("allure-vitest/setup");
  return { setupFile, runner: join(dirname(setupFile), "runner.js") };
}
