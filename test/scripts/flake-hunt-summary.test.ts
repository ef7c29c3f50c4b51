import { execFileSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

const script = new URL("../../scripts/flake-hunt-summary.ts", import.meta.url).pathname;
let dir: string;

function run(args: string[]): { status: number; stdout: string } {
  try {
    return {
      status: 0,
      stdout: execFileSync(process.execPath, [script, ...args], { encoding: "utf8", stdio: "pipe" }),
    };
  } catch (error) {
    const failed = error as { status: number; stdout: string };
    return { status: failed.status, stdout: failed.stdout };
  }
}

/** A vitest JSON report of one file with tests x, y, z, where `failing` failed. */
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

async function writeRun(i: number, failing: string[], exit: number, seconds: number): Promise<void> {
  await writeFile(join(dir, `run-${i}.json`), report(failing));
  await writeFile(join(dir, `run-${i}.exit`), `${exit}\n`);
  await writeFile(join(dir, `run-${i}.seconds`), `${seconds}\n`);
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "cc-flake-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("flake-hunt-summary", () => {
  it("counts the runs with a failure and names each failing test with how often it failed", async () => {
    await writeRun(1, ["y"], 1, 50);
    await writeRun(2, [], 0, 40);
    await writeRun(3, ["y", "z"], 1, 30);
    await writeFile(join(dir, "load.txt"), "17.5\n28.25\n21\n");
    const result = run([dir, "3", "120", "busy"]);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(
      "3 runs, 2 failures (3 tests per run, load average 17.5–28.25 (median 21), added load busy, 2.0 min in all, runs of 0.5–0.8 min)",
    );
    expect(result.stdout).toMatch(/2\/3 {2}test\/a\.test\.ts > suite y\n\s+AssertionError: y broke\n/);
    expect(result.stdout).toContain("1/3  test/a.test.ts > suite z");
  });

  it("counts a run whose vitest exited non-zero without a failed test, with the unhandled error it printed", async () => {
    await writeRun(1, [], 1, 60);
    await writeFile(
      join(dir, "run-1.log"),
      [
        "⎯⎯⎯⎯⎯⎯ Unhandled Errors ⎯⎯⎯⎯⎯⎯",
        "",
        "Vitest caught 1 unhandled error during the test run.",
        "⎯⎯⎯⎯⎯ Unhandled Rejection ⎯⎯⎯⎯⎯",
        "Error: socket hang up",
        " ❯ test/k8s/port-forward.test.ts:40:7",
      ].join("\n"),
    );
    const result = run([dir, "1", "60", "none"]);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("1 runs, 1 failures");
    expect(result.stdout).toMatch(
      /1\/1 {2}\(vitest exited 1 with no failed test\)\n\s+Error: socket hang up/,
    );
  });

  it("passes a clean hunt and fails one whose run left no report", async () => {
    await writeRun(1, [], 0, 60);
    const clean = run([dir, "1", "60", "none"]);
    expect(clean).toMatchObject({ status: 0 });
    expect(clean.stdout).toContain("1 runs, 0 failures (3 tests per run, load average not sampled");
    const missing = run([dir, "2", "0", "none"]);
    expect(missing.status).toBe(3);
    expect(missing.stdout).toContain("run 2: no JSON report");
    expect(missing.stdout).toContain("2 runs, 1 failures");
  });

  it("refuses a run count that is not a whole number", () => {
    expect(run([dir, "two"]).status).toBe(2);
  });
});
