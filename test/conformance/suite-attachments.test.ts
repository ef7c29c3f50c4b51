// What a suite attaches reaches every output: real vitest (the Node API, in process, with the
// harness's own settings — allure-vitest's setup file and runner) runs two suite files that
// attach as the harness does; the report model is read back from vitest (vitest-results.ts) and
// written by the real writers; the Allure results, report.json, JUnit and summary.md must carry
// each attachment with its content. Under vitest 5, allure-vitest's setup file alone finds no
// running test and every attachment was lost (issue 14): this test failed on that.

import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { RunContext } from "../../src/cluster/run-context.ts";
import { conformanceTestSettings } from "../../src/conformance/suite-vitest-settings.ts";
import { runSuitesWithVitest } from "../../src/conformance/vitest-suite-runner.ts";
import { onProgress, type ProgressEvent } from "../../src/console/progress-events.ts";
import type { AllureResult } from "../../src/report/allure-writer.ts";
import { writeReport } from "../../src/report/report-files.ts";
import { emptyReport, type ReportModel } from "../../src/report/report-model.ts";

const FIXTURES = "test/conformance/fixtures";

async function allureResults(dir: string): Promise<AllureResult[]> {
  const files = (await readdir(dir)).filter((file) => file.endsWith("-result.json"));
  return Promise.all(files.map(async (file) => JSON.parse(await readFile(join(dir, file), "utf8"))));
}

describe("suite attachments through vitest to the report", () => {
  it("keeps what a test, its afterEach and the file's afterAll attached, in every output", async () => {
    const reportDir = await mkdtemp(join(tmpdir(), "cc-attachments-"));
    const events: ProgressEvent[] = [];
    const stop = onProgress((event) => events.push(event));
    const suites = await runSuitesWithVitest(
      {
        files: [`${FIXTURES}/attachments.suite.ts`, `${FIXTURES}/setup-failure.suite.ts`],
        env: {},
        context: { reportDir } as RunContext,
      },
      { ...conformanceTestSettings, include: [`${FIXTURES}/*.suite.ts`] },
    ).finally(stop);
    // allure-vitest says so when it finds no test to put a call on; it must always find one.
    expect(events.filter((e) => e.kind === "detail" && /no vitest context/.test(e.line))).toEqual([]);

    const model: ReportModel = {
      ...emptyReport({ runId: "attachments", startedAt: "2026-12-03T16:00:00.000Z", versions: {} }),
      suites,
    };
    const paths = await writeReport({ reportDir, model, env: {} });

    const results = await allureResults(paths.allureResults);
    const byName = new Map(results.map((result) => [result.name, result]));
    const content = async (result: AllureResult | undefined) =>
      Object.fromEntries(
        await Promise.all(
          (result?.attachments ?? []).map(async (a) => [
            a.name,
            { type: a.type, text: await readFile(join(paths.allureResults, a.source), "utf8") },
          ]),
        ),
      );

    // A passing test: its JSON attachment; its figure as a parameter.
    const passed = byName.get("attachments > passes with an HTTP exchange and a figure");
    expect(passed?.status).toBe("passed");
    expect(await content(passed)).toEqual({
      "HTTP: echo": {
        type: "application/json",
        text: `${JSON.stringify([{ method: "GET", status: 200 }], null, 2)}\n`,
      },
    });
    expect(passed?.parameters).toContainEqual({
      name: "convergence",
      value: expect.stringContaining("1.02 s"),
    });

    // The failed test: what it attached before its failing expect, then the afterEach diagnostics,
    // then (not thrown, attached in afterAll, outside any test) the file's cleanup note, on the
    // file's last case.
    const failed = byName.get("attachments > fails right after attaching its ARP transcript");
    expect(failed?.status).toBe("failed");
    expect(await content(failed)).toEqual({
      "ARP for the unannounced Service": { type: "text/plain", text: "+     0 ms  request 192.0.2.7\n" },
      "diagnostics: events": {
        type: "text/plain",
        text: "events after fails right after attaching its ARP transcript\n",
      },
      "suite hooks: LAN client stop failed": { type: "text/plain", text: "the LAN client had gone" },
    });

    // A failed setup: the afterAll's diagnostics on the file's setup case.
    const setup = results.find(
      (result) => result.name === "suite file (load or hooks)" && result.fullName.startsWith("setup-failure"),
    );
    expect(setup?.status).toBe("failed");
    expect(await content(setup)).toEqual({
      "diagnostics: pods": { type: "application/json", text: '{"items":[]}\n' },
    });

    // report.json keeps the references (files under attachments/) and the figure; JUnit and
    // summary.md name the files.
    const stored = JSON.parse(await readFile(paths.model, "utf8")) as ReportModel;
    const storedFailed = stored.suites
      .flatMap((suite) => suite.cases)
      .find((c) => c.name === "attachments > fails right after attaching its ARP transcript");
    expect(storedFailed?.attachments?.map((a) => a.name)).toEqual([
      "ARP for the unannounced Service",
      "diagnostics: events",
      "suite hooks: LAN client stop failed",
    ]);
    for (const ref of storedFailed?.attachments ?? [])
      expect((await readFile(join(reportDir, ref.path), "utf8")).length).toBeGreaterThan(0);
    const junit = await readFile(paths.junit, "utf8");
    expect(junit).toContain("attachment: ARP for the unannounced Service → attachments/");
    expect(junit).toContain("attachment: diagnostics: pods → attachments/");
    expect(junit).toContain("convergence: 1.02 s (limit 30 s)");
    expect(await readFile(paths.summary, "utf8")).toContain("ARP for the unannounced Service");
  }, 120_000);
});
