// Reads what a finished rehearsal left in reports/<run-id>/ for the judge (judge-fault-run.ts):
// report.json, the files (diagnostics among them) and rehearse.ts's record of leftovers.

import { readdir, readFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import type { ReportModel } from "../../src/report/report-model.ts";
import type { FaultRunEvidence } from "./judge-fault-run.ts";
import { readRunRecord } from "./run-record.ts";

async function filesUnder(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    return entries
      .filter((entry) => entry.isFile())
      .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join("/"))
      .sort();
  } catch {
    return [];
  }
}

export async function readFaultRunEvidence(reportDir: string, exitCode: number): Promise<FaultRunEvidence> {
  let report: ReportModel | undefined;
  try {
    report = JSON.parse(await readFile(join(reportDir, "report.json"), "utf8")) as ReportModel;
  } catch {
    report = undefined;
  }
  const record = await readRunRecord(reportDir);
  return { exitCode, report, files: await filesUnder(reportDir), leftovers: record?.leftovers };
}
