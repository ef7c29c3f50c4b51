import { chmod, mkdtemp, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { connectivityProgress } from "../../src/connectivity/connectivity-progress.ts";
import { runConnectivityTest } from "../../src/connectivity/connectivity-runner.ts";
import { onProgress, type ProgressEvent } from "../../src/console/progress-events.ts";
import { createCommandRunner } from "../../src/tools/run-command.ts";
import { Transcript } from "../../src/tools/transcript.ts";

// Lines as cilium-cli v0.19.7 prints them (connectivity/check/test.go Run, context.go skip and
// report, logging.go Fail/Failf with the ❌ prefix, test logs indented by two spaces).
const TOOL = "cilium connectivity test";

describe("cilium-cli's connectivity output as progress", () => {
  it("reads [i/n] test starts, skips with their reason, and failure lines", () => {
    expect(connectivityProgress("[=] [cilium-test-1] Test [no-policies] [1/107]")).toEqual({
      kind: "tool-test",
      tool: TOOL,
      test: "no-policies",
      index: 1,
      total: 107,
    });
    expect(
      connectivityProgress("[=] [cilium-test-1] Skipping test [to-fqdns] [40/107] (skipped by user)"),
    ).toEqual({
      kind: "tool-test",
      tool: TOOL,
      test: "to-fqdns",
      index: 40,
      total: 107,
      skipped: "skipped by user",
    });
    expect(
      connectivityProgress(
        '  ❌ command "curl -w %{local_ip} http://10.96.0.10:8080" failed: command terminated with exit code 28',
      ),
    ).toEqual({
      kind: "tool-failure",
      tool: TOOL,
      line: '❌ command "curl -w %{local_ip} http://10.96.0.10:8080" failed: command terminated with exit code 28',
    });
    expect(
      connectivityProgress("❌ 1/96 tests failed (1/832 actions), 11 tests skipped, 0 scenarios skipped:"),
    ).toMatchObject({
      kind: "tool-failure",
    });
    // With --timestamp a time stamp leads the line.
    expect(
      connectivityProgress("[08:01:02] [=] [cilium-test-1] Test [client-egress-l7] [12/107]"),
    ).toMatchObject({
      test: "client-egress-l7",
      index: 12,
    });
    expect(connectivityProgress("  [.] Action [no-policies/pod-to-pod/curl-ipv4-0: a -> b]")).toBeUndefined();
    expect(
      connectivityProgress("✅ [cilium-test-1] All 95 tests (832 actions) successful, 11 tests skipped"),
    ).toBeUndefined();
  });

  it("streams the tool's progress while it runs, not after it ended", async () => {
    const dir = await mkdtemp(join(tmpdir(), "cc-conn-progress-"));
    const seen = join(dir, "seen");
    const bin = join(dir, "cilium");
    // The fake prints its first test, then waits until the test has seen that line as an event.
    await writeFile(
      bin,
      [
        "#!/bin/sh",
        'echo "[=] [cilium-test-1] Test [no-policies] [1/2]"',
        `i=0; while [ ! -e '${seen}' ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done`,
        `[ -e '${seen}' ] || exit 9`,
        'echo "[=] [cilium-test-1] Skipping test [to-fqdns] [2/2] (skipped by user)"',
        "exit 2",
      ].join("\n"),
    );
    await chmod(bin, 0o755);
    const events: ProgressEvent[] = [];
    const stop = onProgress((event) => {
      events.push(event);
      if (event.kind === "tool-test" && event.index === 1) void writeFile(seen, "");
    });
    const outcome = await runConnectivityTest({
      runner: createCommandRunner({ transcript: new Transcript(), env: { PATH: process.env.PATH } }),
      ciliumBin: bin,
      options: {
        junitFile: join(dir, "junit.xml"),
        ciliumNamespace: "kube-system",
        concurrency: 1,
        collectSysdumpOnFailure: false,
        flowValidation: "disabled",
        offline: false,
      },
    }).finally(stop);
    await stat(seen);
    // Exit 2, not the 9 of a fake that never heard back.
    expect(outcome.exitCode).toBe(2);
    expect(events.filter((event) => event.kind === "tool-test")).toEqual([
      { kind: "tool-test", tool: TOOL, test: "no-policies", index: 1, total: 2 },
      { kind: "tool-test", tool: TOOL, test: "to-fqdns", index: 2, total: 2, skipped: "skipped by user" },
    ]);
  });
});
