// The real vitest Node API on a real suite file: without a run context its beforeAll fails, and
// that must come back as an infrastructure case (not "3 skipped, all fine"), with vitest's JUnit
// and allure-vitest's results written where the report expects them.

import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { RunContext } from "../../src/cluster/run-context.ts";
import { runSuitesWithVitest } from "../../src/conformance/vitest-suite-runner.ts";

const KEY = "CILIUM_CONFORMANCE_CONTEXT";
const before = process.env[KEY];

describe("runSuitesWithVitest", () => {
  afterEach(() => {
    if (before === undefined) delete process.env[KEY];
    else process.env[KEY] = before;
  });

  it("runs a suite in process and reports a failed setup as infrastructure", async () => {
    const dir = await mkdtemp(join(tmpdir(), "cc-vitest-"));
    const suites = await runSuitesWithVitest({
      files: ["suites/hubble.suite.ts"],
      env: { [KEY]: join(dir, "missing", "run-context.json") },
      junitFile: join(dir, "suites-junit.xml"),
      allureResultsDir: join(dir, "allure-results"),
      context: { versions: { cilium: "1.18.11", chart: "1.18.11" } } as RunContext,
      // A failing nested run would print "Test Files 1 failed" into the harness's own test log.
      quiet: true,
    });
    expect(suites).toHaveLength(1);
    const [suite] = suites;
    expect(suite?.name).toBe("hubble");
    expect(suite?.cases[0]).toMatchObject({ status: "broken", infrastructure: true });
    expect(suite?.cases[0]?.failureMessage).toContain("[CC_ENV_CONTEXT_MISSING] no run context at");
    expect(
      suite?.cases.slice(1).every((c) => c.status === "skipped" && c.skipReason?.includes("setup failed")),
    ).toBe(true);
    expect(await readFile(join(dir, "suites-junit.xml"), "utf8")).toContain("<testsuites");
    expect((await readdir(join(dir, "allure-results"))).some((f) => f.endsWith("-result.json"))).toBe(true);
    expect(process.exitCode ?? 0).toBe(0);
  });
});
