// scripts/report-screenshots.ts on its command line only (the screenshots need Chromium and a
// report; docs/reports.md): --help is usage and exit 0, bad usage one line and exit 2, no stack trace.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const script = join(import.meta.dirname, "../../scripts/report-screenshots.ts");
const run = (...args: string[]) => spawnSync(process.execPath, [script, ...args], { encoding: "utf8" });
/** The script with a PATH that holds no program, and Chromium named as given. */
const runWithout = (chromium: string, ...args: string[]) =>
  spawnSync(process.execPath, [script, ...args], {
    encoding: "utf8",
    env: { ...process.env, PATH: mkdtempSync(join(tmpdir(), "cc-empty-path-")), CHROMIUM_BIN: chromium },
  });

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

  it("says which tool is missing (Chromium, then cmark-gfm) in one line, exit 3, before writing anything", () => {
    const folder = mkdtempSync(join(tmpdir(), "cc-shots-test-"));
    const out = join(folder, "out");
    const model = join(folder, "report.json");
    writeFileSync(model, "{}");
    const noChromium = runWithout(join(folder, "no-chromium"), "--out", out, "--run-dir", folder);
    expect(noChromium.status).toBe(3);
    expect(noChromium.stderr).toMatch(
      /^report-screenshots: headless Chromium \(.*no-chromium\) is not installed: run scripts\/setup\.sh/,
    );
    expect(noChromium.stderr.trimEnd().split("\n")).toHaveLength(1);
    // A "chromium" that runs (node itself answers --version) leaves cmark-gfm as the missing one.
    const noCmark = runWithout(process.execPath, "--out", out, "--model", model);
    expect(noCmark.status).toBe(3);
    expect(noCmark.stderr).toMatch(
      /^report-screenshots: cmark-gfm, .* is not installed: apt-get install cmark-gfm$/m,
    );
    expect(noCmark.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(existsSync(out)).toBe(false);
  });
});
