import { spawn } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fixtureRoot } from "../support/temp-repo.ts";

const MAIN = join(import.meta.dirname, "../../src/cli/main.ts");

/** Runs the CLI with its stdout's reader gone before it writes (a pipe into a process that died). */
function runWithStdoutClosed(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [MAIN, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.destroy();
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    child.on("close", (code) => resolve({ code, stderr }));
  });
}

describe("the CLI with its output's reader gone", () => {
  it("finishes the command with its own exit code instead of crashing on EPIPE", async () => {
    // The seed repo's static error: check exits 1 having written its findings to stdout.
    const { code, stderr } = await runWithStdoutClosed(["check", "--repo", fixtureRoot]);
    expect(stderr).not.toContain("EPIPE");
    expect(stderr).not.toContain("Unhandled 'error' event");
    expect(code).toBe(1);
  });
});
