// `cilium-conformance gather`: the last job of the nightly version matrix. Reads every version's
// report.json (files, or folders searched for them, as actions/download-artifact lays them out)
// and writes one compatibility table, version × suite with the measured figures side by side, as
// Markdown (also appended to $GITHUB_STEP_SUMMARY) or JSON.

import { appendFile, readdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { type ExitCode, UsageError } from "../errors.ts";
import { isRecord } from "../repo/yaml-documents.ts";
import { renderCompatibilityMarkdown } from "../report/compatibility-markdown.ts";
import { compatibilityTable, type GatheredReport } from "../report/compatibility-table.ts";
import type { ReportModel } from "../report/report-model.ts";
import { verdictExitCode } from "../report/report-verdict.ts";
import type { CliIO, Command, CommandInput } from "./command.ts";
import { stringOption } from "./options.ts";

export const command: Command = {
  name: "gather",
  summary: "merge the report.json of several runs (one per Cilium version) into one compatibility table",
  details: `Reads each report.json given, or every report.json under each folder given, and writes one
table: a row per Cilium version (the chart version each run installed), a column per suite
(passed/ran), the static checks, then the measured figures (failover time, convergence) of every
version side by side. With --versions (the JSON of \`versions --format json\`, or its matrix), rows
carry their role (pinned, newest-patch, newer-minor), and a version that left no report is a row
saying so. Markdown is also appended to $GITHUB_STEP_SUMMARY when it is set.

Exit codes: the worst verdict over the versions: 0 all passed, 1 a version failed, 3 a version's
run could not be judged (or left no report); 2 bad input (no report found, unreadable JSON).

Examples:
  cilium-conformance gather reports/
  cilium-conformance gather artifacts/ --versions versions.json --output compatibility.md`,
  positionals: [
    { name: "reports", description: "report.json files or folders holding them", required: true },
  ],
  options: [
    {
      name: "versions",
      type: "string",
      valueName: "file",
      description: "the versions that were asked for: `versions --format json` output, or its matrix",
    },
    {
      name: "format",
      type: "string",
      valueName: "format",
      choices: ["markdown", "json"],
      default: "markdown",
      description: "output format",
    },
    {
      name: "output",
      type: "string",
      valueName: "file",
      description: "write the table to this file instead of stdout",
    },
  ],
  run: (input, io) => runGather(input, io),
};

async function runGather(input: CommandInput, io: CliIO): Promise<ExitCode> {
  const files: string[] = [];
  for (const given of input.positionals)
    files.push(...(await reportFiles(path.resolve(io.cwd, given), given)));
  if (files.length === 0) {
    throw new UsageError(`no report.json under ${input.positionals.join(", ")}`, {
      hint: "pass the folders the runs' report artifacts were downloaded to (each holds <run-id>/report.json)",
    });
  }
  const reports: GatheredReport[] = [];
  for (const file of files.sort()) {
    reports.push({ file: path.relative(io.cwd, file) || file, model: await readReport(file) });
  }
  const versionsFile = stringOption(input, "versions");
  const expected = versionsFile ? await readExpected(path.resolve(io.cwd, versionsFile)) : [];
  const table = compatibilityTable(reports, expected);
  const format = stringOption(input, "format") ?? "markdown";
  const text = format === "json" ? `${JSON.stringify(table, null, 2)}\n` : renderCompatibilityMarkdown(table);
  const output = stringOption(input, "output");
  if (output) {
    await writeFile(path.resolve(io.cwd, output), text);
    io.stdout(`compatibility table (${table.rows.length} versions, ${table.verdict}): ${output}\n`);
  } else {
    io.stdout(text);
  }
  const summary = io.env.GITHUB_STEP_SUMMARY;
  if (summary && format === "markdown") await appendFile(summary, `${text}\n`);
  return verdictExitCode(table.verdict);
}

async function reportFiles(absolute: string, given: string): Promise<string[]> {
  const info = await stat(absolute).catch(() => undefined);
  if (!info) throw new UsageError(`${given} does not exist`, { file: given });
  if (info.isFile()) return [absolute];
  const found: string[] = [];
  for (const entry of await readdir(absolute, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name === "report.json") found.push(path.join(entry.parentPath, entry.name));
  }
  return found;
}

async function readReport(file: string): Promise<ReportModel> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    throw new UsageError(
      `${file} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
      {
        file,
        hint: "pass the report.json a `run` wrote (reports/<run-id>/report.json)",
      },
    );
  }
  if (
    !isRecord(parsed) ||
    parsed.schemaVersion !== 1 ||
    !isRecord(parsed.run) ||
    !Array.isArray(parsed.suites)
  ) {
    throw new UsageError(`${file} is not a cilium-conformance report (schemaVersion 1)`, {
      file,
      hint: "pass the report.json a `run` wrote (reports/<run-id>/report.json)",
    });
  }
  return parsed as unknown as ReportModel;
}

/** `versions --format json` ({candidates: [{version, roles}]}) or its matrix ({include: [{cilium-version, roles}]}). */
async function readExpected(file: string): Promise<{ version: string; roles: string[] }[]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    throw new UsageError(
      `--versions ${file} cannot be read: ${error instanceof Error ? error.message : String(error)}`,
      {
        file,
        hint: "pass the output of `cilium-conformance versions --format json` (or --format matrix)",
      },
    );
  }
  const record = isRecord(parsed) ? parsed : {};
  const matrix = isRecord(record.matrix) ? record.matrix : record;
  const include = Array.isArray(matrix.include) ? matrix.include.filter(isRecord) : [];
  const versions = include
    .filter((entry) => typeof entry["cilium-version"] === "string")
    .map((entry) => ({
      version: String(entry["cilium-version"]),
      roles: typeof entry.roles === "string" ? entry.roles.split(", ").filter(Boolean) : [],
    }));
  if (versions.length === 0) {
    throw new UsageError(`--versions ${file} lists no versions`, {
      file,
      hint: "pass the output of `cilium-conformance versions --format json` (or --format matrix)",
    });
  }
  return versions;
}
