// A run's folder, reports/<run-id>/, belongs to one run: it is created exclusively when the run
// starts, so a second run with the same id (CILIUM_CONFORMANCE_RUN_ID set twice) is refused instead
// of silently mixing its report, kubeconfig and transcript into the first one's. An output folder
// that cannot be written is said plainly (exit 2: the option or the working folder is wrong; exit 3
// when the disk is full), before any cluster exists.

import { mkdir } from "node:fs/promises";
import { type ConformanceError, EnvironmentError, UsageError } from "../errors.ts";
import { REPORTS_DIR_ENV, type RunFiles } from "./report-paths.ts";

const WHY: Record<string, string> = {
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "the file system is read-only",
  ENOTDIR: "a part of the path is a file, not a folder",
  EEXIST: "a file of that name is in the way",
  ENAMETOOLONG: "the path is too long",
  ENOENT: "a part of the path does not exist",
  ENOSPC: "the disk is full",
  EDQUOT: "the disk quota is used up",
  EIO: "an I/O error",
};

/** An fs error on an output folder as the user should read it (exit 2, or 3 for a full disk). */
export function outputFolderError(
  folder: string,
  error: unknown,
  what: string,
  fix: string,
): ConformanceError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? "";
  const why = WHY[code] ?? (error instanceof Error ? error.message : String(error));
  const message = `${what} ${folder} cannot be written: ${why}`;
  if (code === "ENOSPC" || code === "EDQUOT" || code === "EIO") {
    return new EnvironmentError("CC_ENV_OUTPUT_UNWRITABLE", message, {
      hint: "free space on that disk, or write elsewhere",
      cause: error,
    });
  }
  return new UsageError(message, { hint: fix, cause: error });
}

/** Whether an error is an fs error on writing (what outputFolderError explains). */
export function isFileSystemError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === "string" && code in WHY;
}

/** Creates reports/<run-id>/ for this run alone; an existing one means another run has this id. */
export async function claimRunFolder(files: RunFiles, runId: string): Promise<void> {
  const reportsFix = `set ${REPORTS_DIR_ENV} to a folder you can write, or run from one (reports/ is created in the working folder)`;
  try {
    await mkdir(files.root, { recursive: true });
  } catch (error) {
    throw outputFolderError(files.root, error, "the reports folder", reportsFix);
  }
  try {
    await mkdir(files.dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") {
      throw new UsageError(
        `run id ${runId} is taken: ${files.dir} already exists, and two runs must not share a report folder`,
        {
          hint: `unset CILIUM_CONFORMANCE_RUN_ID so a new id is generated (or set another); if run ${runId} is over, \`cilium-conformance down --run-id ${runId}\` and remove ${files.dir}`,
        },
      );
    }
    throw outputFolderError(files.dir, error, "the run's report folder", reportsFix);
  }
}
