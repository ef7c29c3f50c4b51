import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseConnectivityJunit } from "../../src/connectivity/connectivity-junit.ts";
import { judge } from "../../src/connectivity/connectivity-runner.ts";
import { CONNECTIVITY_RUN_CASE, connectivitySuite } from "../../src/connectivity/connectivity-suite.ts";
import { reportVerdict } from "../../src/report/report-verdict.ts";

const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url), "utf8");
// --exit-zero-on-failure: failed tests exit 0.
const evidence = {
  exitCode: 0,
  crash: undefined,
  durationMs: 83_400,
  command: "cilium connectivity test",
  junitFile: "j.xml",
};
const model = (suite: ReturnType<typeof connectivitySuite>) => ({
  schemaVersion: 1 as const,
  run: { runId: "r", startedAt: "2026-11-20T00:00:00Z", versions: {} },
  deviations: [],
  phases: [],
  findings: [],
  suites: [suite],
});

describe("connectivitySuite", () => {
  it("makes each connectivity test its own case, failures with their first action, cilium-cli's first message and the detail", () => {
    const suite = connectivitySuite(
      judge({ ...evidence, xml: fixture("failed-with-duplicate-failure-messages.xml") }),
    );
    expect(suite.cases.map((c) => [c.name, c.status])).toEqual([
      ["no-policies", "passed"],
      ["no-policies-extra", "passed"],
      ["to-fqdns", "skipped"],
      ["client-egress-l7", "failed"],
      ["check-log-errors", "failed"],
    ]);
    const l7 = suite.cases[3];
    expect(l7?.failureMessage).toBe(
      "2 action(s) failed, first pod-to-pod:curl-ipv4-2 (cilium-test-1/client2-5f8c9b7d4-x2x9q (10.244.1.17) -> cilium-test-1/echo-other-node-6d8f7c9b5-jk2lp (10.244.2.33:8080))" +
        ' — command "curl -w %{local_ip}:%{local_port} -> %{remote_ip}:%{remote_port} = %{response_code}" failed: exit status 28',
    );
    expect(l7?.failureText).toMatch(
      /^command "curl .* exit status 28\nexpected HTTP 200, got 403\n\nclient-egress-l7\/pod-to-pod:curl-ipv4-2/,
    );
    expect(suite.cases[2]?.skipReason).toBe("to-fqdns skipped");
    expect(reportVerdict(model(suite))).toBe("failed");
  });

  it("dates each case from the JUnit's timestamp (the first test's start) plus the durations before it, only when it is RFC 3339", () => {
    const xml = fixture("failed-with-duplicate-failure-messages.xml");
    const dated = connectivitySuite(
      judge({
        ...evidence,
        xml: xml.replace('timestamp="2026-11-20T03:12:44"', 'timestamp="2026-11-20T03:12:44Z"'),
      }),
    );
    // Durations 21.25 s, 9.5 s, 0 (skipped), 30.4 s, 22.25 s.
    expect(dated.cases.map((c) => c.startedAt)).toEqual([
      "2026-11-20T03:12:44.000Z",
      "2026-11-20T03:13:05.250Z",
      "2026-11-20T03:13:14.750Z",
      "2026-11-20T03:13:14.750Z",
      "2026-11-20T03:13:45.150Z",
    ]);
    // Without a zone the time is not a moment; Go's layout string is not a time at all.
    const zoneless = connectivitySuite(judge({ ...evidence, xml }));
    expect(zoneless.cases.every((c) => c.startedAt === undefined)).toBe(true);
    const layout = connectivitySuite(judge({ ...evidence, xml: fixture("all-passed-older-format.xml") }));
    expect(layout.cases.every((c) => c.startedAt === undefined)).toBe(true);
  });

  it("adds a broken run case when the tool crashed, so the report can never show a pass", () => {
    const suite = connectivitySuite(judge({ ...evidence, exitCode: 2, xml: undefined }));
    expect(suite.cases).toHaveLength(1);
    expect(suite.cases[0]?.name).toBe(CONNECTIVITY_RUN_CASE);
    expect(suite.cases[0]?.status).toBe("broken");
    expect(suite.cases[0]?.failureText).toContain("command: cilium connectivity test");
    expect(reportVerdict(model(suite))).toBe("infrastructure");
  });

  it("marks v0.19.7's connectivity test setup case broken (exit 3) instead of adding another", () => {
    const outcome = judge({ ...evidence, exitCode: 1, xml: fixture("setup-case-timeout.xml") });
    const suite = connectivitySuite(outcome);
    expect(suite.cases.map((c) => [c.name, c.status, c.infrastructure])).toEqual([
      ["connectivity test setup", "broken", true],
    ]);
    expect(reportVerdict(model(suite))).toBe("infrastructure");
  });

  it("marks the tool's own Infrastructure/Provisioning case broken instead of adding another", () => {
    const outcome = judge({ ...evidence, xml: fixture("provisioning-only.xml") });
    const suite = connectivitySuite(outcome);
    expect(suite.cases.map((c) => [c.name, c.status, c.infrastructure])).toEqual([
      ["Infrastructure/Provisioning", "broken", true],
    ]);
    expect(parseConnectivityJunit(fixture("provisioning-only.xml")).cases).toHaveLength(1);
  });
});
