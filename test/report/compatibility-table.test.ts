import { describe, expect, it } from "vitest";
import { renderCompatibilityMarkdown } from "../../src/report/compatibility-markdown.ts";
import { compatibilityTable } from "../../src/report/compatibility-table.ts";
import type { ReportModel } from "../../src/report/report-model.ts";
import { sampleReport } from "./sample-report.ts";

/** The sample report (a failed L2 failover, a failed connectivity test) at another version, or all green. */
function at(version: string, passing: boolean): ReportModel {
  const model = sampleReport();
  model.run = {
    ...model.run,
    runId: `run-${version}`,
    versions: { ...model.run.versions, chart: version, cilium: version },
  };
  if (passing) {
    for (const suite of model.suites) {
      for (const testCase of suite.cases) {
        if (testCase.status === "failed") testCase.status = "passed";
        for (const figure of testCase.figures ?? []) figure.value = 9_800;
      }
    }
  }
  return model;
}

describe("compatibilityTable", () => {
  const table = compatibilityTable(
    [
      { file: "a/report.json", model: at("1.19.6", false) },
      { file: "b/report.json", model: at("1.18.11", true) },
    ],
    [
      { version: "1.18.11", roles: ["pinned"] },
      { version: "1.19.6", roles: ["newer-minor"] },
      { version: "1.20.2", roles: ["newer-minor"] },
    ],
  );

  it("a row per version in version order, a missing report included; the worst verdict overall", () => {
    expect(table.rows.map((row) => [row.version, row.roles, row.report?.verdict])).toEqual([
      ["1.18.11", ["pinned"], "passed"],
      ["1.19.6", ["newer-minor"], "failed"],
      ["1.20.2", ["newer-minor"], undefined],
    ]);
    expect(table.verdict).toBe("infrastructure");
    expect(compatibilityTable([{ file: "b", model: at("1.18.11", true) }]).verdict).toBe("passed");
  });

  it("per suite: verdict and passed/ran; the figures keyed by suite and name", () => {
    expect(table.suites.map((suite) => suite.name)).toEqual([
      "provisioning",
      "lb-ipam",
      "l2-announcements",
      "connectivity",
    ]);
    expect(table.rows[1]?.report?.suites["l2-announcements"]).toEqual({
      verdict: "failed",
      passed: 1,
      ran: 2,
    });
    expect(table.rows[1]?.report?.suites.connectivity).toEqual({ verdict: "failed", passed: 1, ran: 2 });
    expect(table.figures).toEqual(["L2 announcements › failover time"]);
    expect(table.rows.map((row) => row.report?.figures["L2 announcements › failover time"]?.value)).toEqual([
      9_800,
      31_200,
      undefined,
    ]);
    expect(table.rows[0]?.report?.durationMs).toBe(750_000);
  });

  it("renders Markdown: the verdict table, the figures side by side, where each row came from", () => {
    const markdown = renderCompatibilityMarkdown(table);
    const lines = markdown.split("\n");
    expect(lines[0]).toBe("# Cilium compatibility: some versions could not be judged");
    expect(lines).toContain(
      "| Cilium | Verdict | Static checks | Provisioning | LB-IPAM | L2 announcements | cilium connectivity test | Took |",
    );
    expect(lines).toContain(
      "| 1.18.11 (pinned) | ✅ passed | ✅ | ✅ 1/1 | ✅ 2/2 | ✅ 2/2 | ✅ 2/2 | 12m 30s |",
    );
    expect(lines).toContain(
      "| 1.19.6 (newer-minor) | ❌ failed | ✅ | ✅ 1/1 | ✅ 2/2 | ❌ 1/2 | ❌ 1/2 | 12m 30s |",
    );
    expect(lines).toContain("| 1.20.2 (newer-minor) | ⚠️ no report | — | — | — | — | — | — |");
    expect(lines).toContain("| Figure | 1.18.11 | 1.19.6 | 1.20.2 |");
    expect(lines).toContain(
      "| L2 announcements › failover time | 9.8 s ✅ (limit 30 s) | 31.2 s ❌ (limit 30 s) | — |",
    );
    expect(lines).toContain("- 1.20.2: no report.json came back (the job ended before writing one)");
  });
});
