// --format and --output, as the commands that print a findings report (`check`, `upgrade`) take
// them: the report goes to stdout, or to a file with a one-line summary on stdout for CI logs.

import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { colourStyle, plainStyle, type TerminalStyle, wantsColour } from "../checks/format/terminal-style.ts";
import { UsageError } from "../errors.ts";
import type { CliIO, OptionSpec } from "./command.ts";

export const REPORT_FORMATS = ["human", "json", "junit"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const FORMAT_OPTION: OptionSpec = {
  name: "format",
  type: "string",
  valueName: "format",
  choices: REPORT_FORMATS,
  default: "human",
  description: "report format",
};

/** Width and colour of a human report: colour only on a terminal, never in an --output file. */
export function humanReportLayout(
  io: CliIO,
  output: string | undefined,
): { width: number; style: TerminalStyle } {
  const toTerminal = output === undefined && process.stdout.isTTY === true;
  return {
    width: Number(io.env.COLUMNS) || process.stdout.columns || 100,
    // FORCE_COLOR makes wantsColour true even off a terminal; a file still gets no escape codes.
    style: wantsColour(io.env, toTerminal) && output === undefined ? colourStyle : plainStyle,
  };
}

export interface ReportFileOptions {
  /** Create the file's folder first (`upgrade`); otherwise a missing folder is a usage error. */
  createFolder: boolean;
  /** The line printed on stdout after the file is written (with its newline). */
  summary: () => string;
}

/** The report on stdout, or in --output (relative to the working directory) plus a summary line. */
export function writeReport(
  io: CliIO,
  text: string,
  output: string | undefined,
  options: ReportFileOptions,
): void {
  if (output === undefined) {
    io.stdout(text);
    return;
  }
  const target = path.resolve(io.cwd, output);
  try {
    if (options.createFolder) mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, text);
  } catch (error) {
    throw new UsageError(
      `cannot write the report to ${target}: ${(error as NodeJS.ErrnoException).code ?? error}`,
      {
        hint: options.createFolder
          ? "pass --output a path in a writable folder"
          : "pass --output a path in a folder that exists and is writable",
      },
    );
  }
  io.stdout(options.summary());
}
