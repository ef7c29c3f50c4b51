// The real vitest Node API on a real suite file: without a run context its beforeAll fails, and
// that must come back as an infrastructure case (not "3 skipped, all fine"); vitest prints nothing
// of its own (no banner), the progress events tell the story instead.

import { mkdtemp, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { RunContext } from "../../src/cluster/run-context.ts";
import { runSuitesWithVitest } from "../../src/conformance/vitest-suite-runner.ts";
import { onProgress, type ProgressEvent } from "../../src/console/progress-events.ts";

const KEY = "CILIUM_CONFORMANCE_CONTEXT";
const before = process.env[KEY];

describe("runSuitesWithVitest", () => {
  afterEach(() => {
    if (before === undefined) delete process.env[KEY];
    else process.env[KEY] = before;
  });

  it("runs a suite in process and reports a failed setup as infrastructure", async () => {
    const dir = await mkdtemp(join(tmpdir(), "cc-vitest-"));
    const events: ProgressEvent[] = [];
    const stop = onProgress((event) => events.push(event));
    const written: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => {
      written.push(String(chunk));
      return true;
    }) as typeof process.stdout.write;
    const suites = await runSuitesWithVitest({
      files: ["suites/hubble.suite.ts"],
      env: { [KEY]: join(dir, "missing", "run-context.json") },
      context: { reportDir: dir, versions: { cilium: "1.18.11", chart: "1.18.11" } } as RunContext,
    }).finally(() => {
      process.stdout.write = write;
      stop();
    });
    // No vitest banner or summary of its own; the console gets the story as progress events.
    expect(written.join("")).not.toMatch(/RUN|Test Files|vitest/);
    expect(events[0]).toEqual({ kind: "suite-start", suite: "hubble", title: "Hubble" });
    // The setup failure first, then the tests it kept from running.
    expect(events[1]).toMatchObject({
      kind: "case-end",
      name: "suite file (load or hooks)",
      status: "broken",
      message: expect.stringContaining("[CC_ENV_CONTEXT_MISSING] no run context at"),
    });
    expect(events.slice(2, -1).every((e) => e.kind === "case-end" && e.status === "skipped")).toBe(true);
    expect(events.at(-1)).toEqual({ kind: "suite-end", suite: "hubble" });
    expect(suites).toHaveLength(1);
    const [suite] = suites;
    expect(suite?.name).toBe("hubble");
    expect(suite?.cases[0]).toMatchObject({ status: "broken", infrastructure: true });
    expect(suite?.cases[0]?.failureMessage).toContain("[CC_ENV_CONTEXT_MISSING] no run context at");
    expect(
      suite?.cases.slice(1).every((c) => c.status === "skipped" && c.skipReason?.includes("setup failed")),
    ).toBe(true);
    // vitest writes no files of its own: every output is rendered from the report model.
    expect(await readdir(dir)).toEqual([]);
    expect(process.exitCode ?? 0).toBe(0);
  });
});
