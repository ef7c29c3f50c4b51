// scripts/report-screenshots.ts on its command line only (the screenshots need Chromium and a
// report; docs/reports.md): --help is usage and exit 0, bad usage one line and exit 2, no stack trace.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const script = join(import.meta.dirname, "../../scripts/report-screenshots.ts");
const run = (...args: string[]) => spawnSync(process.execPath, [script, ...args], { encoding: "utf8" });

describe("report-screenshots.ts arguments", () => {
  it("prints its usage for --help and -h, exit 0", () => {
    for (const flag of ["--help", "-h"]) {
      const { status, stdout, stderr } = run(flag);
      expect(status).toBe(0);
      expect(stdout).toMatch(
        /^usage: node scripts\/report-screenshots\.ts \(--run-dir DIR \| --model report\.json\) --out DIR/,
      );
      expect(stdout).toContain("--console FILE");
      expect(stderr).toBe("");
    }
  });

  it("refuses an unknown option, a missing --out, both or neither source, an unreadable model: one line, exit 2", () => {
    const cases: [string[], RegExp][] = [
      [["--bogus"], /^report-screenshots: Unknown option '--bogus'/],
      [["--run-dir", "r"], /^report-screenshots: --out DIR is required/],
      [["--out", "o"], /^report-screenshots: give exactly one of --run-dir DIR and --model FILE/],
      [["--out", "o", "--run-dir", "r", "--model", "m"], /^report-screenshots: give exactly one of/],
      [
        ["--out", "/nonexistent/out", "--model", "/nonexistent/report.json"],
        /^report-screenshots: cannot read --model \/nonexistent\/report\.json: ENOENT/,
      ],
    ];
    for (const [args, message] of cases) {
      const { status, stdout, stderr } = run(...args);
      expect(status, args.join(" ")).toBe(2);
      expect(stderr, args.join(" ")).toMatch(message);
      expect(stderr.trimEnd().split("\n"), args.join(" ")).toHaveLength(1);
      expect(stdout).toBe("");
    }
  });
});
