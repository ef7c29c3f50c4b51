import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeReport } from "../../src/report/report-files.ts";
import { readXml } from "../../src/report/tolerant-xml-reader.ts";
import { sampleReport } from "./sample-report.ts";

describe("writeReport", () => {
  it("writes report.json, junit.xml, summary.md and allure-results, and appends to $GITHUB_STEP_SUMMARY", async () => {
    const dir = await mkdtemp(join(tmpdir(), "cc-report-"));
    const stepSummary = join(dir, "step-summary.md");
    await writeFile(stepSummary, "## earlier step\n");
    const model = sampleReport();
    const reportDir = join(dir, "reports", model.run.runId);
    const paths = await writeReport({ reportDir, model, env: { GITHUB_STEP_SUMMARY: stepSummary } });

    expect(JSON.parse(await readFile(paths.model, "utf8"))).toEqual(model);
    expect(readXml(await readFile(paths.junit, "utf8"), { strict: true }).name).toBe("testsuites");
    const summary = await readFile(paths.summary, "utf8");
    expect(summary.startsWith("# ❌ FAILED")).toBe(true);
    expect(await readFile(stepSummary, "utf8")).toBe(`## earlier step\n${summary}\n`);
    expect((await readdir(paths.allureResults)).filter((f) => f.endsWith("-result.json"))).toHaveLength(10);
  });

  it("leaves no step summary when GITHUB_STEP_SUMMARY is unset", async () => {
    const dir = await mkdtemp(join(tmpdir(), "cc-report-"));
    await writeReport({ reportDir: join(dir, "r"), model: sampleReport(), env: {} });
    expect(await readdir(dir)).toEqual(["r"]);
  });
});
