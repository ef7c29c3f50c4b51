import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  type ProvisioningOutcome,
  provisioningJunit,
  writeProvisioningReport,
} from "../../src/cluster/provisioning-report.ts";

const failed: ProvisioningOutcome = {
  runId: "r1",
  status: "failed",
  failedPhase: "cilium-ready",
  errorCode: "CC_COMMAND_FAILED",
  message:
    '`cilium status --wait` exited 1 after 300000 ms:\nError: "cilium" <agent> not ready & crashing\u001b[0m',
  startedAt: "2026-11-26T20:00:00.000Z",
  durationMs: 123_456,
  phaseDurationsMs: { preflight: 80, "kind-cluster": 61_000, "cilium-ready": 300_100 },
  diagnostics: [
    { collector: "kind-logs", file: "/r/diagnostics/kind-logs" },
    { collector: "pods", error: "connection refused" },
  ],
  cleanup: "cleaned up: delete kind cluster cc-r1",
};

describe("provisioning report", () => {
  it("writes one failed Infrastructure/Provisioning case with phase, reason and diagnostics", () => {
    const xml = provisioningJunit(failed);
    expect(xml).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites [^>]*tests="1" failures="0" errors="1" skipped="0" time="123.456">/,
    );
    expect(xml).toContain(
      '<testcase name="Infrastructure/Provisioning" classname="provisioning" time="123.456">',
    );
    // The type `run` and `test` write for an infrastructure failure; the message names the cause.
    expect(xml).toContain(
      '<error message="cilium-ready: [CC_COMMAND_FAILED] `cilium status --wait` exited 1 after 300000 ms: Error: &quot;cilium&quot; &lt;agent&gt; not ready &amp; crashing\uFFFD[0m" type="infrastructure">',
    );
    expect(xml).not.toContain("\u001b");
    expect(xml).toContain("failed phase: cilium-ready");
    expect(xml).toContain("  kind-cluster: 61000 ms");
    expect(xml).toContain("  pods: not collected (connection refused)");
    // Every tag that opens closes (a cheap well-formedness check without an XML parser).
    const opened = [...xml.matchAll(/<(testsuites|testsuite|testcase|error|system-out)[ >]/g)].length;
    const closed = [...xml.matchAll(/<\/(testsuites|testsuite|testcase|error|system-out)>/g)].length;
    expect(opened).toBe(closed);
  });

  it("writes a passing case without a failure element", () => {
    const xml = provisioningJunit({
      ...failed,
      status: "passed",
      failedPhase: undefined,
      message: undefined,
    });
    expect(xml).toContain('failures="0" errors="0"');
    expect(xml).not.toContain("<failure");
    expect(xml).not.toContain("<error");
  });

  it("writes junit.xml and provisioning.json", async () => {
    const dir = await mkdtemp(join(tmpdir(), "cc-prov-"));
    try {
      await writeProvisioningReport(
        { junit: join(dir, "junit.xml"), provisioning: join(dir, "p.json") },
        failed,
      );
      expect(await readFile(join(dir, "junit.xml"), "utf8")).toContain("Infrastructure/Provisioning");
      expect(JSON.parse(await readFile(join(dir, "p.json"), "utf8")).failedPhase).toBe("cilium-ready");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
