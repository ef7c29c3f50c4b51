import { execFileSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";

const script = new URL("../../scripts/flake-hunt-summary.ts", import.meta.url).pathname;
let dir: string;

function run(args: string[]): { status: number; stdout: string } {
  try {
    return { status: 0, stdout: execFileSync(process.execPath, [script, ...args], { encoding: "utf8" }) };
  } catch (error) {
    const failed = error as { status: number; stdout: string };
    return { status: failed.status, stdout: failed.stdout };
  }
}

function report(failing: string[]): string {
  return JSON.stringify({
    numTotalTests: 3,
    testResults: [
      {
        name: `${process.cwd()}/test/a.test.ts`,
        status: failing.length ? "failed" : "passed",
        assertionResults: ["x", "y", "z"].map((name) => ({
          fullName: `suite ${name}`,
          status: failing.includes(name) ? "failed" : "passed",
          failureMessages: failing.includes(name) ? [`AssertionError: ${name} broke\n    at stack`] : [],
        })),
      },
    ],
  });
}

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("flake-hunt-summary", () => {
  it("counts the runs with a failure and names each failing test with how often it failed", async () => {
    dir = await mkdtemp(join(tmpdir(), "cc-flake-"));
    await writeFile(join(dir, "run-1.json"), report(["y"]));
    await writeFile(join(dir, "run-2.json"), report([]));
    await writeFile(join(dir, "run-3.json"), report(["y", "z"]));
    const result = run([dir, "3", "120", "busy"]);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("3 runs, 2 failures (3 tests per run, load busy, 2 min in all)");
    expect(result.stdout).toMatch(/2\/3 {2}test\/a\.test\.ts > suite y\n\s+AssertionError: y broke/);
    expect(result.stdout).toContain("1/3  test/a.test.ts > suite z");
  });

  it("passes a clean hunt and fails one whose run left no report", async () => {
    dir = await mkdtemp(join(tmpdir(), "cc-flake-"));
    await writeFile(join(dir, "run-1.json"), report([]));
    expect(run([dir, "1", "0", "none"])).toMatchObject({ status: 0 });
    const missing = run([dir, "2", "0", "none"]);
    expect(missing.status).toBe(3);
    expect(missing.stdout).toContain("run 2: no JSON report");
  });
});
