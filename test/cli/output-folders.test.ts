// Output folders the CLI cannot write, and run ids two runs would share: exit 2 with a message and
// a fix, never a stack trace; a report that cannot be written still says why the run failed.
import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run-cli.ts";
import { finishReport } from "../../src/cli/test-command.ts";
import { ConformanceError } from "../../src/errors.ts";
import type { ReportModel } from "../../src/report/report-model.ts";

async function sandbox(env: Record<string, string> = {}) {
  const cwd = await mkdtemp(join(tmpdir(), "cc-out-"));
  const empty = await mkdtemp(join(tmpdir(), "cc-out-path-"));
  // A file where a folder is expected: as root, EACCES cannot be provoked, ENOTDIR can.
  await writeFile(join(cwd, "not-a-folder"), "x\n");
  const out: string[] = [];
  const err: string[] = [];
  const io = {
    stdout: (t: string) => out.push(t),
    stderr: (t: string) => err.push(t),
    env: { PATH: empty, CILIUM_CONFORMANCE_TOOLS_DIR: empty, ...env } as Record<string, string>,
    cwd,
  };
  return { cwd, io, stdout: () => out.join(""), stderr: () => err.join("") };
}

const noStackTrace = /^\s+at .*:\d+:\d+\)?$/m;

describe("run and up with a reports folder they cannot write", () => {
  it("run: exit 2 before anything is created, naming the folder, the reason and the fix", async () => {
    const s = await sandbox();
    s.io.env = { ...s.io.env, CILIUM_CONFORMANCE_REPORTS_DIR: "not-a-folder/reports" };
    expect(await runCli(["run"], s.io)).toBe(2);
    expect(s.stderr()).toContain("error[CC_USAGE]: the reports folder");
    expect(s.stderr()).toContain(
      "not-a-folder/reports cannot be written: a part of the path is a file, not a folder",
    );
    expect(s.stderr()).toContain("fix: set CILIUM_CONFORMANCE_REPORTS_DIR");
    expect(s.stderr()).not.toContain("internal error");
    expect(s.stderr()).not.toMatch(noStackTrace);
  });

  it("up: the same", async () => {
    const s = await sandbox({ CILIUM_CONFORMANCE_REPORTS_DIR: "not-a-folder/reports" });
    expect(await runCli(["up"], s.io)).toBe(2);
    expect(s.stderr()).toContain("cannot be written: a part of the path is a file, not a folder");
    expect(s.stderr()).not.toMatch(noStackTrace);
  });
});

describe("two runs with one run id", () => {
  it("refuses the second with exit 2 and leaves the first run's report alone", async () => {
    const s = await sandbox({ CILIUM_CONFORMANCE_RUN_ID: "20261203-070000-abcd" });
    expect(await runCli(["run"], s.io)).toBe(3); // preflight: no tools on this PATH
    const dir = join(s.cwd, "reports", "20261203-070000-abcd");
    const before = await readFile(join(dir, "junit.xml"), "utf8");
    const second = await sandbox({ CILIUM_CONFORMANCE_RUN_ID: "20261203-070000-abcd" });
    second.io.cwd = s.cwd;
    expect(await runCli(["run"], second.io)).toBe(2);
    expect(second.stderr()).toContain("run id 20261203-070000-abcd is taken");
    expect(second.stderr()).toContain("unset CILIUM_CONFORMANCE_RUN_ID");
    expect(await readFile(join(dir, "junit.xml"), "utf8")).toBe(before);
    expect(await runCli(["up"], second.io)).toBe(2);
  });
});

describe("plan --out into a folder it cannot write", () => {
  it("exit 2 with the folder and the reason", async () => {
    const s = await sandbox();
    expect(await runCli(["plan", "--out", "not-a-folder/plan"], s.io)).toBe(2);
    expect(s.stderr()).toContain("error[CC_USAGE]: --out");
    expect(s.stderr()).toContain("cannot be written: a part of the path is a file, not a folder");
    expect(s.stderr()).not.toMatch(noStackTrace);
  });
});

describe("a report that cannot be written", () => {
  it("still prints the verdict and the preflight reason, then exits 2 naming the folder", async () => {
    const s = await sandbox();
    const model = {
      run: { runId: "r1", startedAt: "", finishedAt: "", versions: {}, command: "run" },
      deviations: [],
      phases: [],
      findings: [],
      suites: [
        {
          name: "provisioning",
          title: "Infrastructure",
          source: "provisioning",
          cases: [
            {
              name: "Infrastructure/Provisioning",
              status: "broken",
              infrastructure: true,
              durationMs: 1,
              failureMessage: "[CC_ENV_UNSUPPORTED_HOST] preflight: the host does not run cgroup v2",
            },
          ],
        },
      ],
    } as unknown as ReportModel;
    const error = await finishReport(model, join(s.cwd, "not-a-folder", "r1"), s.io).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConformanceError);
    expect((error as ConformanceError).exitCode).toBe(2);
    expect(s.stderr()).toContain("run r1: infrastructure — the report could not be written");
    expect(s.stderr()).toContain("preflight: the host does not run cgroup v2");
    expect(await readdir(s.cwd)).toEqual(["not-a-folder"]);
  });
});
