import { describe, expect, it } from "vitest";
import { renderRunSummary } from "../../src/console/run-summary.ts";
import { reportPaths } from "../../src/report/report-paths.ts";
import { sampleReport } from "../report/sample-report.ts";

describe("renderRunSummary: what failed", () => {
  it("lists an environment failure's causes without the harness's stack frames", () => {
    const model = sampleReport();
    model.suites = [
      {
        ...model.suites[0]!,
        name: "hubble",
        title: "Hubble",
        cases: [
          {
            name: "flows are seen",
            status: "broken",
            durationMs: 120_000,
            infrastructure: true,
            failureText: [
              "[CC_WAIT_TIMEOUT] podsReady: the client pod could not reach the echo backend after 120s",
              "  last: wget exit 137",
              "",
              "at waitUntil (/work/src/wait/wait-until.ts:105:9)",
              "    at /work/suites/hubble.suite.ts:49:5",
            ].join("\n"),
          },
        ],
      },
    ];
    const text = renderRunSummary(model, reportPaths("/r"));
    expect(text).toContain(
      "      [CC_WAIT_TIMEOUT] podsReady: the client pod could not reach the echo backend after 120s\n        last: wget exit 137\n",
    );
    expect(text).not.toContain("wait-until.ts");
    expect(text).not.toContain("hubble.suite.ts:49");
  });
});
