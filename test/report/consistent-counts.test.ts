// Every output of a run is rendered from one report model, so each says the same: the same cases,
// per suite, with the same counts of passed, failed (broken included where a format has no
// "broken"), skipped — in junit.xml, summary.md, report.json, the Allure results and the console.

import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderRunSummary } from "../../src/console/run-summary.ts";
import { EnvironmentError } from "../../src/errors.ts";
import type { AllureResult } from "../../src/report/allure-writer.ts";
import { provisioningSuite } from "../../src/report/provisioning-suite.ts";
import { writeReport } from "../../src/report/report-files.ts";
import type { ReportModel } from "../../src/report/report-model.ts";
import { attributeOf, childrenNamed, readXml } from "../../src/report/tolerant-xml-reader.ts";
import { sampleReport } from "./sample-report.ts";

interface Counts {
  total: number;
  passed: number;
  failed: number;
  skipped: number;
}

const add = (a: Counts, b: Counts): Counts => ({
  total: a.total + b.total,
  passed: a.passed + b.passed,
  failed: a.failed + b.failed,
  skipped: a.skipped + b.skipped,
});

function fromModel(model: ReportModel): Map<string, Counts> {
  const bySuite = new Map<string, Counts>();
  for (const suite of model.suites) {
    const count = (status: string) => suite.cases.filter((c) => c.status === status).length;
    bySuite.set(suite.title, {
      total: suite.cases.length,
      passed: count("passed"),
      failed: count("failed") + count("broken"),
      skipped: count("skipped"),
    });
  }
  return bySuite;
}

function fromJunit(xml: string, model: ReportModel): Map<string, Counts> {
  const bySuite = new Map<string, Counts>();
  for (const suite of childrenNamed(readXml(xml, { strict: true }), "testsuite")) {
    const title = model.suites.find((s) => s.name === attributeOf(suite, "name"))?.title ?? "?";
    const n = (name: string) => Number(attributeOf(suite, name));
    const total = n("tests");
    bySuite.set(title, {
      total,
      failed: n("failures") + n("errors"),
      skipped: n("skipped"),
      passed: total - n("failures") - n("errors") - n("skipped"),
    });
  }
  return bySuite;
}

function fromSummary(markdown: string): Map<string, Counts> {
  // The "## Suites" table: its rows up to the blank line that ends it.
  const section = markdown.slice(markdown.indexOf("## Suites\n\n") + "## Suites\n\n".length);
  const table = section.slice(0, section.indexOf("\n\n")).split("\n").slice(2);
  const bySuite = new Map<string, Counts>();
  for (const row of table) {
    const [title, , passed, failed, skipped] = row.slice(2, -2).split(" | ");
    const counts = { passed: Number(passed), failed: Number(failed), skipped: Number(skipped) };
    bySuite.set(title ?? "?", { ...counts, total: counts.passed + counts.failed + counts.skipped });
  }
  return bySuite;
}

async function fromAllure(dir: string): Promise<Map<string, Counts>> {
  const bySuite = new Map<string, Counts>();
  for (const file of (await readdir(dir)).filter((f) => f.endsWith("-result.json"))) {
    const result = JSON.parse(await readFile(join(dir, file), "utf8")) as AllureResult;
    const suite = result.labels.find((label) => label.name === "suite")?.value ?? "?";
    const one: Counts = {
      total: 1,
      passed: result.status === "passed" ? 1 : 0,
      failed: result.status === "failed" || result.status === "broken" ? 1 : 0,
      skipped: result.status === "skipped" ? 1 : 0,
    };
    bySuite.set(suite, add(bySuite.get(suite) ?? { total: 0, passed: 0, failed: 0, skipped: 0 }, one));
  }
  return bySuite;
}

function fromConsole(text: string): Map<string, Counts> {
  const bySuite = new Map<string, Counts>();
  for (const match of text.matchAll(/^ {2}\S (.+): (.+) of (\d+)$/gm)) {
    const parts = new Map([...(match[2] ?? "").matchAll(/(\d+) (\w+)/g)].map((m) => [m[2], Number(m[1])]));
    bySuite.set(match[1] ?? "?", {
      total: Number(match[3]),
      passed: parts.get("passed") ?? 0,
      failed: (parts.get("failed") ?? 0) + (parts.get("broken") ?? 0),
      skipped: parts.get("skipped") ?? 0,
    });
  }
  return bySuite;
}

function preflightOnly(): ReportModel {
  const model = sampleReport();
  model.suites = [
    model.suites[0]!,
    provisioningSuite({
      durationMs: 700,
      failedPhase: "preflight",
      error: new EnvironmentError(
        "CC_ENV_TOOL_MISSING",
        "preflight: (1 problem):\n  1. kind was not found\n     fix: install it",
      ),
    }),
    {
      name: "lb-ipam",
      title: "LB-IPAM",
      source: "vitest",
      cases: [
        {
          name: "LB-IPAM: not run",
          status: "skipped",
          durationMs: 0,
          skipReason: "not run: provisioning failed in preflight",
        },
      ],
    },
  ];
  return model;
}

describe("one result model for every output", () => {
  for (const [name, build] of [
    ["a failed run", sampleReport],
    ["a run that stopped at preflight", preflightOnly],
  ] as const) {
    it(`${name}: the same suites and counts in junit.xml, summary.md, report.json, Allure and the console`, async () => {
      const model = build();
      const dir = await mkdtemp(join(tmpdir(), "cc-counts-"));
      const paths = await writeReport({ reportDir: dir, model, env: {} });
      const expected = fromModel(JSON.parse(await readFile(paths.model, "utf8")) as ReportModel);
      expect(expected.size).toBe(model.suites.length);
      expect(fromJunit(await readFile(paths.junit, "utf8"), model)).toEqual(expected);
      expect(fromSummary(await readFile(paths.summary, "utf8"))).toEqual(expected);
      expect(await fromAllure(paths.allureResults)).toEqual(expected);
      expect(fromConsole(renderRunSummary(model, paths))).toEqual(expected);
    });
  }
});
