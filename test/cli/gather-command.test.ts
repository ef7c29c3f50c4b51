// The gathering job on report.json files the harness itself wrote: `run` at three Cilium versions
// on a machine without kind (each ends at its preflight with a report, as a nightly job on a broken
// runner would), and one complete report through the real writer.

import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run-cli.ts";
import { writeReport } from "../../src/report/report-files.ts";
import { sampleReport } from "../report/sample-report.ts";

let artifacts: string;

function io(cwd: string, env: Record<string, string> = {}) {
  const out = { stdout: "", stderr: "" };
  return {
    out,
    io: {
      stdout: (text: string) => {
        out.stdout += text;
      },
      stderr: (text: string) => {
        out.stderr += text;
      },
      env,
      cwd,
    },
  };
}

beforeAll(async () => {
  artifacts = await mkdtemp(join(tmpdir(), "cc-gather-"));
  const empty = await mkdtemp(join(tmpdir(), "cc-gather-path-"));
  // As actions/download-artifact lays out one artifact per matrix job.
  for (const version of ["1.18.11", "1.19.5"]) {
    const folder = join(artifacts, `cilium-conformance-${version}`);
    const { io: cli } = io(folder, {
      PATH: empty,
      CILIUM_CONFORMANCE_TOOLS_DIR: empty,
      CILIUM_CONFORMANCE_REPORTS_DIR: folder,
      CILIUM_CONFORMANCE_RUN_ID: `nightly-${version.replaceAll(".", "-")}`,
    });
    await mkdir(folder, { recursive: true });
    expect(await runCli(["run", "--cilium-version", version, "--suite", "lb-ipam"], cli)).toBe(3);
  }
  const complete = sampleReport();
  complete.run.versions = { ...complete.run.versions, chart: "1.18.14", cilium: "1.18.14" };
  await writeReport({
    reportDir: join(artifacts, "cilium-conformance-1.18.14", complete.run.runId),
    model: complete,
    env: {},
  });
}, 120_000);

describe("gather", () => {
  it("finds every report.json under the folders and writes the table, exit 3 for the worst verdict", async () => {
    const summaryFile = join(artifacts, "step-summary.md");
    await writeFile(summaryFile, "");
    const { io: cli, out } = io(artifacts, { GITHUB_STEP_SUMMARY: summaryFile });
    expect(await runCli(["gather", "."], cli)).toBe(3);
    expect(out.stderr).toBe("");
    const lines = out.stdout.split("\n");
    expect(lines[0]).toBe("# Cilium compatibility: some versions could not be judged");
    expect(lines.filter((line) => /^\| 1\.\d+\.\d+ /.test(line)).map((line) => line.split(" | ")[0])).toEqual(
      ["| 1.18.11", "| 1.18.14", "| 1.19.5"],
    );
    // The preflight-stopped runs: infrastructure, their static checks judged, no suite ran.
    expect(lines.find((line) => line.startsWith("| 1.19.5 "))).toMatch(
      /^\| 1\.19\.5 \| ⚠️ infrastructure \| ❌ 2 error\(s\) \|/,
    );
    expect(out.stdout).toContain("| L2 announcements › failover time | — | 31.2 s ❌ (limit 30 s) | — |");
    expect(out.stdout).toContain("run `nightly-1-19-5`");
    expect(await readFile(summaryFile, "utf8")).toBe(`${out.stdout}\n`);
  });

  it("with --versions, labels the rows and shows a version that left no report; JSON to a file", async () => {
    const versions = join(artifacts, "versions.json");
    await writeFile(
      versions,
      JSON.stringify({
        matrix: {
          include: [
            { "cilium-version": "1.18.11", roles: "pinned" },
            { "cilium-version": "1.20.2", roles: "newer-minor" },
          ],
        },
      }),
    );
    const { io: cli, out } = io(artifacts);
    const code = await runCli(
      ["gather", ".", "--versions", versions, "--format", "json", "--output", "table.json"],
      cli,
    );
    expect(code).toBe(3);
    expect(out.stdout).toBe("compatibility table (4 versions, infrastructure): table.json\n");
    const table = JSON.parse(await readFile(join(artifacts, "table.json"), "utf8"));
    expect(
      table.rows.map((row: { version: string; roles: string[]; report?: unknown }) => [
        row.version,
        row.roles,
        row.report !== undefined,
      ]),
    ).toEqual([
      ["1.18.11", ["pinned"], true],
      ["1.18.14", [], true],
      ["1.19.5", [], true],
      ["1.20.2", ["newer-minor"], false],
    ]);
  });

  it("exit 2 when nothing is found or a file is not a report, naming it", async () => {
    const empty = await mkdtemp(join(tmpdir(), "cc-gather-empty-"));
    const nothing = io(empty);
    expect(await runCli(["gather", "."], nothing.io)).toBe(2);
    expect(nothing.out.stderr).toContain("no report.json under .");
    await writeFile(join(empty, "report.json"), '{"hello":1}');
    const bad = io(empty);
    expect(await runCli(["gather", "report.json"], bad.io)).toBe(2);
    expect(bad.out.stderr).toContain("is not a cilium-conformance report (schemaVersion 1)");
  });
});
