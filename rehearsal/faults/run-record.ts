// reports/<run-id>/rehearsal.json: what rehearse.ts knows about a run that the report does not —
// the faults it injected, run's exit code, the wall time, and the docker objects of the run that
// run's own `down` left behind (recorded before rehearse.ts sweeps them; absent with --keep).

import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

export const RUN_RECORD_FILE = "rehearsal.json";

export interface RunRecord {
  faults: string[];
  exitCode: number;
  elapsedMs: number;
  leftovers?: string[];
}

export async function writeRunRecord(reportDir: string, record: RunRecord): Promise<void> {
  await mkdir(reportDir, { recursive: true });
  await writeFile(join(reportDir, RUN_RECORD_FILE), `${JSON.stringify(record, null, 2)}\n`);
}

export async function readRunRecord(reportDir: string): Promise<RunRecord | undefined> {
  try {
    return JSON.parse(await readFile(join(reportDir, RUN_RECORD_FILE), "utf8")) as RunRecord;
  } catch {
    return undefined;
  }
}
