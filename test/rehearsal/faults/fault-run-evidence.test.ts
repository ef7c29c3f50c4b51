import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readFaultRunEvidence } from "../../../rehearsal/faults/fault-run-evidence.ts";
import { writeRunRecord } from "../../../rehearsal/faults/run-record.ts";

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

describe("readFaultRunEvidence", () => {
  it("reads report.json, every file below the report folder and rehearse.ts's leftovers", async () => {
    dir = await mkdtemp(join(tmpdir(), "cc-evidence-"));
    await mkdir(join(dir, "suites", "hubble", "1-suite", "diagnostics"), { recursive: true });
    await writeFile(join(dir, "suites", "hubble", "1-suite", "diagnostics", "events.json"), "[]");
    await writeFile(join(dir, "report.json"), JSON.stringify({ schemaVersion: 1, suites: [] }));
    await writeRunRecord(dir, { faults: ["hubble-ui-down"], exitCode: 1, elapsedMs: 5, leftovers: ["cc-x"] });
    const evidence = await readFaultRunEvidence(dir, 1);
    expect(evidence.exitCode).toBe(1);
    expect(evidence.report?.schemaVersion).toBe(1);
    expect(evidence.files).toEqual([
      "rehearsal.json",
      "report.json",
      "suites/hubble/1-suite/diagnostics/events.json",
    ]);
    expect(evidence.leftovers).toEqual(["cc-x"]);
  });

  it("a run that wrote nothing: no report, no files, leftovers unknown", async () => {
    dir = await mkdtemp(join(tmpdir(), "cc-evidence-"));
    const evidence = await readFaultRunEvidence(join(dir, "missing"), 3);
    expect(evidence).toEqual({ exitCode: 3, report: undefined, files: [], leftovers: undefined });
  });

  it("an unreadable report.json counts as none", async () => {
    dir = await mkdtemp(join(tmpdir(), "cc-evidence-"));
    await writeFile(join(dir, "report.json"), "{ not json");
    expect((await readFaultRunEvidence(dir, 1)).report).toBeUndefined();
  });
});
