// The vitest side of the console and the report: a suite worker's attachments become files of the
// run's report, stack frames inside node_modules are dropped, and vitest's reporter events and the
// workers' forwarded progress become the harness's progress events.

import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { vitestProgressReporter } from "../../src/conformance/vitest-progress-reporter.ts";
import {
  ownFrames,
  type ReportedModule,
  type ReportedTest,
  reportSuitesFromVitest,
} from "../../src/conformance/vitest-results.ts";
import { onProgress, type ProgressEvent } from "../../src/console/progress-events.ts";
import { PROGRESS_MARKER } from "../../src/console/progress-forwarding.ts";
import { attachmentFiles } from "../../src/report/attachment-files.ts";

const attachment = (name: string, text: string, contentType = "text/plain") => ({
  type: "attachment_content",
  data: { name, content: Buffer.from(text).toString("base64"), encoding: "base64", contentType },
});

function test(
  name: string,
  meta: Record<string, unknown>,
  state: "passed" | "failed" = "passed",
): ReportedTest {
  return {
    type: "test",
    name,
    fullName: `L2 announcements > ${name}`,
    result: () => ({ state }),
    diagnostic: () => ({ duration: 5 }),
    annotations: () => [],
    meta: () => meta,
  };
}

function record(): { events: ProgressEvent[]; stop: () => void } {
  const events: ProgressEvent[] = [];
  const stop = onProgress((event) => events.push(event));
  return { events, stop };
}

describe("attachments from the suites", () => {
  it("become files of the report, referenced by their case; the same content is written once", async () => {
    const dir = await mkdtemp(join(tmpdir(), "cc-attach-"));
    const diagnostics = attachment("diagnostics: events", "Warning FailedScheduling");
    const module: ReportedModule = {
      moduleId: "/p/suites/l2-announcements.suite.ts",
      errors: () => [],
      children: {
        array: () => [
          test("holder answers", {
            allureRuntimeMessages: [
              attachment("ARP: 192.168.5.30", "+0 ms reply 02:42:c0:a8:05:03"),
              { type: "metadata", data: { labels: [{ name: "suite", value: "x" }] } },
            ],
          }),
          test(
            "failover",
            { allureRuntimeMessages: [diagnostics, attachment("HTTP: /", "[]", "application/json")] },
            "failed",
          ),
          test("after setup", { allureGlobalRuntimeMessages: [diagnostics] }),
        ],
      },
    };
    const [suite] = reportSuitesFromVitest([module], attachmentFiles(dir));
    expect(suite?.cases.map((c) => c.attachments)).toEqual([
      [
        {
          name: "ARP: 192.168.5.30",
          path: "attachments/l2-announcements/001-arp-192-168-5-30.txt",
          contentType: "text/plain",
        },
      ],
      [
        {
          name: "diagnostics: events",
          path: "attachments/l2-announcements/002-diagnostics-events.txt",
          contentType: "text/plain",
        },
        {
          name: "HTTP: /",
          path: "attachments/l2-announcements/003-http.json",
          contentType: "application/json",
        },
      ],
      [
        {
          name: "diagnostics: events",
          path: "attachments/l2-announcements/002-diagnostics-events.txt",
          contentType: "text/plain",
        },
      ],
    ]);
    expect(await readFile(join(dir, "attachments/l2-announcements/001-arp-192-168-5-30.txt"), "utf8")).toBe(
      "+0 ms reply 02:42:c0:a8:05:03",
    );
  });

  it("keeps only the harness's own stack frames", () => {
    const stack = [
      "AssertionError: expected 2 to be 1",
      "    at /work/main/suites/l2-announcements.suite.ts:201:5",
      "    at file:///work/main/node_modules/@vitest/runner/dist/index.js:155:11",
      "    at new Promise (<anonymous>)",
      "    at node:internal/process/task_queues:95:5",
      "    at runTest (/work/main/node_modules/@vitest/runner/dist/index.js:781:11)",
      "    at waitUntil (/work/main/src/wait/wait-until.ts:99:9)",
    ].join("\n");
    expect(ownFrames(stack)).toBe(
      [
        "at /work/main/suites/l2-announcements.suite.ts:201:5",
        "at new Promise (<anonymous>)",
        "at waitUntil (/work/main/src/wait/wait-until.ts:99:9)",
      ].join("\n"),
    );
  });
});

describe("vitest's events on the console", () => {
  const module = (moduleId: string, errors: { message: string; code?: string }[] = []) => ({
    moduleId,
    errors: () => errors,
    children: { array: () => [] },
  });
  const testCase = (state: string, errors: { message: string; code?: string }[] = [], note?: string) => ({
    name: "answers ARP",
    fullName: "L2 announcements > answers ARP",
    module: module("/p/suites/l2-announcements.suite.ts"),
    options: { timeout: 600_000 },
    result: () => ({ state, errors, ...(note ? { note } : {}) }),
    diagnostic: () => ({ duration: 1234.4 }),
  });

  it("turns module and case events into suite and case progress, failures with their first line", () => {
    const { events, stop } = record();
    const reporter = vitestProgressReporter();
    reporter.onTestModuleStart(module("/p/suites/l2-announcements.suite.ts"));
    reporter.onTestCaseReady(testCase("pending"));
    reporter.onTestCaseResult(
      testCase("failed", [
        { message: "l2Answer: no reply after 10s (last: silence)\n\nat …", code: "CC_WAIT_TIMEOUT" },
      ]),
    );
    reporter.onTestCaseResult(
      testCase("failed", [{ message: "no Lease", code: "CC_ENV_CLUSTER_UNREACHABLE" }]),
    );
    reporter.onTestCaseResult(testCase("skipped", [], "only one node may hold the Lease"));
    reporter.onTestModuleEnd(
      module("/p/suites/l2-announcements.suite.ts", [{ message: "cleanup of ns failed" }]),
    );
    stop();
    expect(events).toEqual([
      { kind: "suite-start", suite: "l2-announcements", title: "L2 announcements" },
      {
        kind: "case-start",
        suite: "l2-announcements",
        name: "L2 announcements > answers ARP",
        budgetMs: 600_000,
      },
      {
        kind: "case-end",
        suite: "l2-announcements",
        name: "L2 announcements > answers ARP",
        status: "failed",
        durationMs: 1234,
        message: "[CC_WAIT_TIMEOUT] l2Answer: no reply after 10s (last: silence)",
      },
      {
        kind: "case-end",
        suite: "l2-announcements",
        name: "L2 announcements > answers ARP",
        status: "broken",
        durationMs: 1234,
        message: "[CC_ENV_CLUSTER_UNREACHABLE] no Lease",
      },
      {
        kind: "case-end",
        suite: "l2-announcements",
        name: "L2 announcements > answers ARP",
        status: "skipped",
        durationMs: 1234,
        message: "only one node may hold the Lease",
      },
      {
        kind: "case-end",
        suite: "l2-announcements",
        name: "suite file (load or hooks)",
        status: "failed",
        durationMs: 0,
        message: "cleanup of ns failed",
      },
      { kind: "suite-end", suite: "l2-announcements" },
    ]);
  });

  it("re-emits what the workers forward, and keeps their other console lines for --verbose", () => {
    const { events, stop } = record();
    const reporter = vitestProgressReporter();
    const forwarded: ProgressEvent = { kind: "wait-seen", wait: "lbIpAssigned", seen: "no IP yet" };
    reporter.onUserConsoleLog({ content: `${PROGRESS_MARKER}${JSON.stringify(forwarded)}\n` });
    reporter.onUserConsoleLog({ content: "a suite's own log line\n" });
    stop();
    expect(events).toEqual([forwarded, { kind: "detail", line: "a suite's own log line" }]);
  });
});
