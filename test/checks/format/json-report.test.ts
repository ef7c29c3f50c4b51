import { describe, expect, it } from "vitest";
import type { Finding } from "../../../src/checks/finding.ts";
import { renderJsonReport } from "../../../src/checks/format/json-report.ts";

describe("renderJsonReport", () => {
  it("prints exactly the findings' five fields, sorted, plus a summary", () => {
    const findings = [
      { id: "b", severity: "warning", message: "w", file: "z.yaml", line: 2, extra: "dropped" },
      { id: "a", severity: "error", message: 'quote " and\nnewline', file: "a.yaml", line: 9 },
    ] as Finding[];
    const parsed = JSON.parse(
      renderJsonReport(findings, {
        repo: "fixtures/homelab",
        chart: "cilium",
        chartVersion: "1.18.11",
        durationMs: 12,
      }),
    );
    expect(parsed.findings).toEqual([
      { id: "a", severity: "error", message: 'quote " and\nnewline', file: "a.yaml", line: 9 },
      { id: "b", severity: "warning", message: "w", file: "z.yaml", line: 2 },
    ]);
    expect(Object.keys(parsed.findings[0])).toEqual(["id", "severity", "message", "file", "line"]);
    expect(parsed.summary).toEqual({
      errors: 1,
      warnings: 1,
      info: 0,
      repo: "fixtures/homelab",
      chart: "cilium",
      chartVersion: "1.18.11",
      durationMs: 12,
    });
  });
});
