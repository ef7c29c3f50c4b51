// Where a suite's attachments go: to the running test (a test body, its beforeEach/afterEach)
// through allure-js-commons' facade, which allure-vitest's setup file and runner store on that
// test's meta; outside any test (a suite file's afterAll: the diagnostics of a failed setup, a
// LAN client that would not stop) allure-vitest finds no test and drops them, so they are stored
// on the suite file's meta and the report gives them to the file's setup case. Which test runs
// comes from vitest's own runner state (TestRunner.getCurrentTest, vitest 5).

import { beforeAll, TestRunner } from "vitest";
import { type AllureFacade, defaultFacade } from "../report/allure-labels.ts";
import { recordAttachment } from "./allure-messages.ts";

/**
 * Call once at the top of a suite file (it registers a beforeAll): the facade whose attachments
 * reach the report from a test and from the file's afterAll alike.
 */
export function useSuiteAttachments(facade: AllureFacade = defaultFacade): AllureFacade {
  let file: { meta: object } | undefined;
  // vitest's fixture parser demands a destructuring pattern first; the suite file comes second.
  // biome-ignore lint/correctness/noEmptyPattern: required by vitest's fixture parser, see above
  beforeAll(({}, suite) => {
    file = suite;
  });
  return {
    ...facade,
    attachment: async (name, content, contentType) => {
      if (TestRunner.getCurrentTest() !== undefined || file === undefined)
        return facade.attachment(name, content, contentType);
      recordAttachment(file.meta as Record<string, unknown>, name, content, contentType);
    },
  };
}
