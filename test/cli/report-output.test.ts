import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { colourStyle, plainStyle } from "../../src/checks/format/terminal-style.ts";
import type { CliIO } from "../../src/cli/command.ts";
import { humanReportLayout, writeReport } from "../../src/cli/report-output.ts";
import { thrown, writeRepo } from "../support/temp-repo.ts";

function capture(env: CliIO["env"] = {}, cwd = writeRepo({})): CliIO & { out: string[] } {
  const out: string[] = [];
  return { out, stdout: (text) => out.push(text), stderr: () => {}, env, cwd };
}

describe("humanReportLayout", () => {
  it("takes the width from COLUMNS", () => {
    expect(humanReportLayout(capture({ COLUMNS: "72" }), undefined).width).toBe(72);
  });

  it("colours with FORCE_COLOR on stdout, never in an --output file", () => {
    expect(humanReportLayout(capture({ FORCE_COLOR: "1" }), undefined).style).toBe(colourStyle);
    expect(humanReportLayout(capture({ FORCE_COLOR: "1" }), "report.txt").style).toBe(plainStyle);
  });
});

describe("writeReport", () => {
  const summary = () => "summary line\n";

  it("prints the report itself when there is no --output", () => {
    const io = capture();
    writeReport(io, "the report\n", undefined, { createFolder: false, summary });
    expect(io.out).toEqual(["the report\n"]);
  });

  it("writes --output relative to the working directory, then the summary", () => {
    const io = capture();
    writeReport(io, "the report\n", "report.txt", { createFolder: false, summary });
    expect(readFileSync(path.join(io.cwd, "report.txt"), "utf8")).toBe("the report\n");
    expect(io.out).toEqual(["summary line\n"]);
  });

  it("creates the folder only when asked to", () => {
    const io = capture();
    writeReport(io, "x", "reports/a/report.txt", { createFolder: true, summary });
    expect(existsSync(path.join(io.cwd, "reports/a/report.txt"))).toBe(true);

    const error = thrown(() => writeReport(io, "x", "missing/report.txt", { createFolder: false, summary }));
    expect(error.message).toContain("cannot write the report to");
    expect(error.message).toContain("ENOENT");
    expect(error.hint).toBe("pass --output a path in a folder that exists and is writable");
    expect(io.out).toEqual(["summary line\n"]);
  });
});
