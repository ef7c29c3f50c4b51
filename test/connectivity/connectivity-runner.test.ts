import { chmod, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ConnectivityTestOptions } from "../../src/connectivity/connectivity-args.ts";
import { judge, runConnectivityTest } from "../../src/connectivity/connectivity-runner.ts";
import { createCommandRunner } from "../../src/tools/run-command.ts";
import { Transcript } from "../../src/tools/transcript.ts";

const fixturePath = (name: string) => new URL(`fixtures/${name}`, import.meta.url).pathname;
const fixture = (name: string) => readFile(fixturePath(name), "utf8");
const evidence = {
  exitCode: 0,
  crash: undefined,
  durationMs: 5,
  command: "cilium connectivity test",
  junitFile: "j.xml",
};

describe("judge", () => {
  it("passes only with tests that ran, no failure and exit 0", async () => {
    const outcome = judge({ ...evidence, xml: await fixture("all-passed-older-format.xml") });
    expect(outcome.kind).toBe("passed");
  });

  it("reports failed tests as a test failure: --exit-zero-on-failure makes their exit 0", async () => {
    const outcome = judge({
      ...evidence,
      exitCode: 0,
      xml: await fixture("failed-with-duplicate-failure-messages.xml"),
    });
    expect(outcome.kind).toBe("failed");
    if (outcome.kind !== "failed") return;
    expect(outcome.failedCases.map((c) => c.name)).toEqual(["client-egress-l7", "check-log-errors"]);
  });

  it("calls exit 1 an infrastructure failure even with failed tests in the JUnit, keeping them", async () => {
    // With --exit-zero-on-failure, exit 1 is cilium-cli's fatal path: the run broke off.
    const outcome = judge({
      ...evidence,
      exitCode: 1,
      xml: await fixture("failed-with-duplicate-failure-messages.xml"),
    });
    expect(outcome.kind).toBe("infrastructure");
    if (outcome.kind !== "infrastructure") return;
    expect(outcome.reason).toMatch(/only a broken run exits non-zero/);
    expect(outcome.junit?.cases.filter((c) => c.status === "failed")).toHaveLength(2);
  });

  it.each([
    ["no JUnit file", undefined, /wrote no JUnit file/],
    ["an empty JUnit file", "  \n", /wrote an empty JUnit file/],
  ])("calls %s an infrastructure failure", (_, xml, reason) => {
    const outcome = judge({ ...evidence, exitCode: 1, xml });
    expect(outcome.kind).toBe("infrastructure");
    if (outcome.kind === "infrastructure") expect(outcome.reason).toMatch(reason);
  });

  it("calls an unparseable JUnit an infrastructure failure and says where it broke", async () => {
    const outcome = judge({ ...evidence, exitCode: 1, xml: await fixture("truncated.xml") });
    expect(outcome.kind).toBe("infrastructure");
    if (outcome.kind === "infrastructure") expect(outcome.reason).toMatch(/cannot be read: .* at line \d+/);
  });

  it.each([
    ["Infrastructure/Provisioning (cilium main)", "provisioning-only.xml", /0\/2 nodes are available/],
    [
      "connectivity test setup (v0.19.7), here a --timeout",
      "setup-case-timeout.xml",
      /context deadline exceeded/,
    ],
  ])("calls a lone %s case an infrastructure failure with its text", async (_, file, text) => {
    const outcome = judge({ ...evidence, exitCode: 1, xml: await fixture(file) });
    expect(outcome.kind).toBe("infrastructure");
    if (outcome.kind !== "infrastructure") return;
    expect(outcome.reason).toMatch(/never reported its tests .*setup failed, or its --timeout ran out/);
    expect(outcome.reason).toMatch(text);
    expect(outcome.junit?.cases).toHaveLength(1);
  });

  it("does not call a run where every test was skipped a pass", async () => {
    const outcome = judge({ ...evidence, xml: await fixture("all-skipped.xml") });
    expect(outcome.kind).toBe("infrastructure");
    if (outcome.kind === "infrastructure") expect(outcome.reason).toMatch(/no connectivity test ran/);
  });

  it("a crash with no JUnit names the exit code first (a Go panic exits 2)", () => {
    const outcome = judge({ ...evidence, exitCode: 2, crash: "panic: boom", xml: undefined });
    expect(outcome.kind).toBe("infrastructure");
    if (outcome.kind === "infrastructure") {
      expect(outcome.reason).toMatch(
        /^the cilium CLI exited 2 \(a crash: it ends a test run with 0 or 1\) and wrote no JUnit file/,
      );
      expect(outcome.reason).toContain("panic: boom");
    }
    const killed = judge({ ...evidence, exitCode: undefined, crash: "killed by SIGKILL", xml: undefined });
    if (killed.kind === "infrastructure")
      expect(killed.reason).toMatch(/^the cilium CLI did not finish normally/);
  });

  it("does not call a clean-looking JUnit a pass when the tool crashed or exited oddly", async () => {
    const xml = await fixture("all-passed-older-format.xml");
    expect(judge({ ...evidence, exitCode: 2, xml }).kind).toBe("infrastructure");
    expect(judge({ ...evidence, exitCode: undefined, crash: "killed by SIGKILL", xml }).kind).toBe(
      "infrastructure",
    );
  });
});

/** A stand-in `cilium` binary: copies a fixture to the --junit-file path (if given) and exits. */
async function fakeCilium(dir: string, junitFixture: string | undefined, exitCode: number): Promise<string> {
  const bin = join(dir, "cilium");
  const copy = junitFixture
    ? `while [ $# -gt 0 ]; do if [ "$1" = --junit-file ]; then cp '${fixturePath(junitFixture)}' "$2"; fi; shift; done`
    : "";
  await writeFile(bin, `#!/bin/sh\necho "args: $*" >&2\n${copy}\nexit ${exitCode}\n`);
  await chmod(bin, 0o755);
  return bin;
}

describe("runConnectivityTest with a real process", () => {
  const options = (dir: string): ConnectivityTestOptions => ({
    junitFile: join(dir, "connectivity.xml"),
    ciliumNamespace: "kube-system",
    concurrency: 2,
    collectSysdumpOnFailure: false,
    flowValidation: "disabled",
    offline: true,
  });
  const runner = () => createCommandRunner({ transcript: new Transcript(), env: { PATH: process.env.PATH } });

  it("turns exit 0 with failures in the JUnit (--exit-zero-on-failure) into failed cases", async () => {
    const dir = await mkdtemp(join(tmpdir(), "cc-conn-"));
    const ciliumBin = await fakeCilium(dir, "failed-with-duplicate-failure-messages.xml", 0);
    const outcome = await runConnectivityTest({ runner: runner(), ciliumBin, options: options(dir) });
    expect(outcome.kind).toBe("failed");
    expect(outcome.command).toContain("--test '!/pod-to-world,");
  });

  it("turns a crash that wrote nothing into an infrastructure failure, ignoring a stale JUnit", async () => {
    const dir = await mkdtemp(join(tmpdir(), "cc-conn-"));
    // A result from an earlier run must not stand in for this one.
    await writeFile(join(dir, "connectivity.xml"), await fixture("all-passed-older-format.xml"));
    const ciliumBin = await fakeCilium(dir, undefined, 2);
    const outcome = await runConnectivityTest({ runner: runner(), ciliumBin, options: options(dir) });
    expect(outcome.kind).toBe("infrastructure");
    if (outcome.kind !== "infrastructure") return;
    expect(outcome.exitCode).toBe(2);
    expect(outcome.reason).toMatch(/wrote no JUnit file/);
    expect(outcome.reason).toMatch(/exited 2/);
  });

  it("turns a missing cilium binary into an infrastructure failure", async () => {
    const dir = await mkdtemp(join(tmpdir(), "cc-conn-"));
    const outcome = await runConnectivityTest({
      runner: runner(),
      ciliumBin: join(dir, "nope"),
      options: options(dir),
    });
    expect(outcome.kind).toBe("infrastructure");
    if (outcome.kind === "infrastructure") expect(outcome.reason).toMatch(/was not found/);
  });
});
